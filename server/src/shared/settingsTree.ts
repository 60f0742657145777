// Owns: reading a VS Code settings file (settings.json, .code-workspace: JSON with comments and trailing commas)
// into jsonc-parser's tree, whose nodes keep their offsets in the text, strictly (an edit must not guess: the first
// problem is thrown) or tolerantly (a lint on half-typed text still finds what is there); and which member VS Code
// reads when a key is written twice. Pure: no I/O, never imports vscode.
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';

export type { Node as SettingsNode } from 'jsonc-parser';

const OPTIONS = { allowTrailingComma: true, disallowComments: false };

/** Deeper than this, jsonc-parser's recursion could exhaust the stack; no settings file nests this far. */
const MAX_DEPTH = 1000;

/** True when brackets nest deeper than MAX_DEPTH (counted with jsonc-parser's scanner, so strings and comments do not count). */
function tooDeep(text: string): boolean {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_DEPTH) return true;
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth--;
  }
  return false;
}

/** VS Code reads a leading byte-order mark as white space; a space in its place keeps every offset. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

/** The settings object of `text`; anything else (text after it, a problem anywhere) throws an Error naming it. */
export function readSettingsObject(text: string): Node {
  if (tooDeep(text)) throw new Error(`nested deeper than ${MAX_DEPTH} levels`);
  const errors: ParseError[] = [];
  const root = parseTree(withoutBom(text), errors, OPTIONS);
  const first = errors[0];
  if (first) throw new Error(`${printParseErrorCode(first.error)} at offset ${first.offset}`);
  if (root?.type !== 'object') throw new Error('expected {');
  return root;
}

/** The first value of `text`, read past whatever is broken; undefined when there is none. Never throws. */
export function readSettingsTolerantly(text: string): Node | undefined {
  return tooDeep(text) ? undefined : parseTree(withoutBom(text), [], OPTIONS);
}

/** The key of a property node (jsonc-parser keeps it as the node's first child). */
export function memberKey(member: Node): unknown {
  return member.children?.[0]?.value;
}

/** The property node VS Code reads when `key` is written more than once in `o`: the last. */
export function lastMember(o: Node, key: string): Node | undefined {
  const members = o.children ?? [];
  for (let n = members.length - 1; n >= 0; n--) if (memberKey(members[n]) === key) return members[n];
  return undefined;
}

/** The value node of a property node (undefined while it is half-typed). */
export function memberValue(member: Node | undefined): Node | undefined {
  return member?.children?.[1];
}

/** Offset of the comma after `node`, past comments and white space, if one follows. */
export function commaAfter(text: string, node: Node): number | undefined {
  const scanner = createScanner(text, true);
  scanner.setPosition(node.offset + node.length);
  let kind = scanner.scan();
  while (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) kind = scanner.scan();
  return kind === SyntaxKind.CommaToken ? scanner.getTokenOffset() : undefined;
}
