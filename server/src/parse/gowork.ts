// go.work's `use` directives as the go command reads them (modfile.ParseWork on go.mod's syntax): the directories
// of a workspace's modules, `use dir` or a `use ( … )` block, each one argument, quoted or not. A directive or
// block no release knows is refused as Go refuses it; the arguments of the others (go, toolchain, godebug,
// replace), whose rules differ between releases, are not read. Pure: no I/O, never imports vscode, never throws.
import { GoModStatementReader, GoModSyntaxError, GoLines, type Block, type Stmt, type Tok } from './gomodSyntax';
import { parseString } from './gomod';

/**
 * The directories in order of appearance, as written; or why the go command refuses the file, in its words: one
 * line for a syntax error, else a line per directive it refuses (modfile collects them all, and Go prints them all).
 */
export type GoWorkUses = { uses: string[] } | { errors: string[] };

export function goWorkUses(text: string): GoWorkUses {
  const lines = new GoLines(text);
  const position = (offset: number): string => {
    const p = lines.positionAt(offset);
    return `go.work:${p.line}:${p.column}`;
  };
  // modfile.Error: the column only past a line's first rune.
  const at = (offset: number): string => {
    const p = lines.positionAt(offset);
    return p.column > 1 ? position(offset) : `go.work:${p.line}`;
  };
  let stmts: (Stmt | Block)[];
  try {
    stmts = new GoModStatementReader(text, position).read();
  } catch (e) {
    if (!(e instanceof GoModSyntaxError)) throw e;
    return { errors: [`${at(e.goOffset)}: ${e.message}`] };
  }
  const uses: string[] = [];
  const errors: string[] = [];
  for (const s of stmts) {
    const unknown = unknownDirective(s);
    if (unknown) errors.push(`${at(s.start)}: ${unknown}`);
    for (const line of useLines(s)) {
      const dir = useArgument(line.args);
      if (typeof dir === 'string') uses.push(dir);
      else errors.push(`${at(line.start)}: ${dir.error}`);
    }
  }
  return errors.length > 0 ? { errors } : { uses };
}

/** The directives a go.work may hold in today's Go, and those that may open a block. */
const DIRECTIVES = new Set(['go', 'toolchain', 'godebug', 'use', 'replace']);
const BLOCKS = new Set(['godebug', 'use', 'replace']);

/** modfile.ParseWork's complaint about a statement's verb, or undefined when the verb is known. */
function unknownDirective(s: Stmt | Block): string | undefined {
  if ('words' in s) return DIRECTIVES.has(s.words[0].text) ? undefined : `unknown directive: ${s.words[0].text}`;
  return s.verb.length === 1 && BLOCKS.has(s.verb[0].text) ? undefined : `unknown block type: ${s.verb.map((t) => t.text).join(' ')}`;
}

/** Each use line of a statement, where it starts and its arguments: one for `use x`, one per line of a `use ( … )` block. */
function useLines(s: Stmt | Block): { start: number; args: Tok[] }[] {
  if ('words' in s) return s.words[0].text === 'use' ? [{ start: s.start, args: s.words.slice(1) }] : [];
  return s.verb.length === 1 && s.verb[0].text === 'use' ? s.lines.map((l) => ({ start: l.start, args: l.words })) : [];
}

/** A use line's one argument, unquoted; Go's complaint otherwise. */
function useArgument(args: Tok[]): string | { error: string } {
  if (args.length !== 1) return { error: 'usage: use local/dir' };
  const v = parseString(args[0].text);
  return typeof v === 'string' ? v : { error: `invalid quoted string: ${v.error}` };
}
