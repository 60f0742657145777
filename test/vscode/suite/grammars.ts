// Token scopes as the running VS Code colours them. There is no API for tokens (and this build has no
// _workbench.captureSyntaxTokens), so this takes the grammars the extensions contribute, in the order VS Code
// registers the extensions (vscode.extensions.all), applies VS Code's rules (per language and per scopeName the
// one registered last wins, with "Overwriting grammar scope" when a scopeName's file changes; injections by
// scope prefix), and tokenizes with the vscode-textmate and vscode-oniguruma of VS Code's own install.
// No vscode import: manifests in, tokens out (the extension tests pass it what VS Code reports).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** One `contributes.grammars` entry of one extension, its path resolved. */
export interface GrammarContribution { extensionId: string; location: string; scopeName: string; language?: string; injectTo?: string[] }

/** What VS Code's grammar registry ends up with after registering `contributions` in order. */
export class GrammarRegistrations {
  readonly scopes = new Map<string, GrammarContribution>();
  readonly languages = new Map<string, GrammarContribution>();
  readonly injections = new Map<string, string[]>();
  /** The "Overwriting grammar scope name to file mapping" VS Code warns about: a scopeName registered from another file. */
  readonly overwrites: { scopeName: string; old: GrammarContribution; new: GrammarContribution }[] = [];

  constructor(contributions: readonly GrammarContribution[], knownLanguages: ReadonlySet<string>) {
    for (const c of contributions) {
      const old = this.scopes.get(c.scopeName);
      if (old && old.location !== c.location) this.overwrites.push({ scopeName: c.scopeName, old, new: c });
      this.scopes.set(c.scopeName, c);
      for (const target of c.injectTo ?? []) this.injections.set(target, [...this.injections.get(target) ?? [], c.scopeName]);
      if (c.language && knownLanguages.has(c.language)) this.languages.set(c.language, c);
    }
  }

  /** Injections for a scope: those registered for it and for every dotted prefix of it, as VS Code looks them up. */
  injectionsFor(scopeName: string): string[] {
    const parts = scopeName.split('.');
    return parts.flatMap((_, i) => this.injections.get(parts.slice(0, i + 1).join('.')) ?? []);
  }
}

/** The `contributes.grammars` of extensions given as (id, folder, manifest), in registration order. */
export function grammarContributions(extensions: readonly { id: string; extensionPath: string; packageJSON: { contributes?: { grammars?: unknown[] } } }[]): GrammarContribution[] {
  type Entry = { path: string; scopeName: string; language?: string; injectTo?: string[] };
  return extensions.flatMap((e) => ((e.packageJSON.contributes?.grammars ?? []) as Entry[])
    .map((g) => ({ extensionId: e.id, location: path.join(e.extensionPath, g.path), scopeName: g.scopeName, language: g.language, injectTo: g.injectTo })));
}

/** One token of a line: its text and its scopes, outermost first. */
export interface LineToken { text: string; scopes: string[] }

// vscode-textmate's API, as far as used here.
interface TextMate {
  Registry: new (options: unknown) => { loadGrammar(scopeName: string): Promise<Grammar | null> };
  parseRawGrammar(content: string, filePath: string): unknown;
  INITIAL: unknown;
}
interface Grammar { tokenizeLine(line: string, state: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown } }

/** Tokenizes with the vscode-textmate and vscode-oniguruma found in `appRoot`/node_modules (VS Code's own). */
export class Tokenizer {
  private readonly registry: { loadGrammar(scopeName: string): Promise<Grammar | null> };
  private readonly textmate: TextMate;

  private constructor(appRoot: string, private readonly registrations: GrammarRegistrations, onigLib: Promise<unknown>) {
    const load = createRequire(path.join(appRoot, 'package.json'));
    this.textmate = load('vscode-textmate') as TextMate;
    this.registry = new this.textmate.Registry({
      onigLib,
      loadGrammar: async (scopeName: string) => {
        const c = registrations.scopes.get(scopeName);
        return c ? this.textmate.parseRawGrammar(readFileSync(c.location, 'utf8'), c.location) : null;
      },
      getInjections: (scopeName: string) => registrations.injectionsFor(scopeName),
    });
  }

  static async create(appRoot: string, registrations: GrammarRegistrations): Promise<Tokenizer> {
    const load = createRequire(path.join(appRoot, 'package.json'));
    const onig = load('vscode-oniguruma') as { loadWASM(data: ArrayBuffer): Promise<void>; OnigScanner: new (p: string[]) => unknown; OnigString: new (s: string) => unknown };
    const wasm = readFileSync(path.join(path.dirname(load.resolve('vscode-oniguruma')), 'onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const onigLib = Promise.resolve({ createOnigScanner: (p: string[]) => new onig.OnigScanner(p), createOnigString: (s: string) => new onig.OnigString(s) });
    return new Tokenizer(appRoot, registrations, onigLib);
  }

  /** The tokens of each line of `text` in the grammar VS Code picked for `languageId`. */
  async tokenize(languageId: string, text: string): Promise<LineToken[][]> {
    const picked = this.registrations.languages.get(languageId);
    if (!picked) throw new Error(`no grammar is registered for language ${languageId}`);
    const grammar = await this.registry.loadGrammar(picked.scopeName);
    if (!grammar) throw new Error(`grammar ${picked.scopeName} (${picked.location}) did not load`);
    let state = this.textmate.INITIAL;
    return text.split(/\r?\n/).map((line) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  }
}
