// go.work as the go command reads it (modfile.ParseWork on go.mod's syntax): go, toolchain, godebug, use and
// replace, in line and block form (godebug, use and replace), each checked by modfile's rules for that verb; the
// directories the workspace uses, `use dir` or a `use ( … )` block, each one argument, quoted or not; and Go's text
// for the file's refusal. Before Go 1.21 no toolchain or godebug line, go lines 1.N only (gomod.ts rulesOf).
// Pure: no I/O, never imports vscode, never throws.
import { GO_LINE_TODAY, readDirectives, rulesBeforeToolchains, rulesOf, type DirectiveRules, type GoModReplace, type GoWorkUse } from './gomod';
import { goErrorPosition, type ParseProblem, type Range } from './ranges';

const GO_WORK_RULES: DirectiveRules = {
  verbs: new Set(['go', 'toolchain', 'godebug', 'use', 'replace']),
  blocks: new Set(['godebug', 'use', 'replace']),
  goLine: GO_LINE_TODAY,
  code: 'gowork',
  versionFixer: false,
};
const GO_WORK_RULES_GO120 = rulesBeforeToolchains(GO_WORK_RULES);

export interface GoWorkParse {
  /** The use directives in order of appearance, directories as written. */
  uses: GoWorkUse[];
  /** The go line's version, if it has one, and its range. */
  goVersion?: string;
  goRange?: Range;
  /** The toolchain line's name, if it has one. */
  toolchain?: string;
  /** The replace directives, in order of appearance. */
  replaces: GoModReplace[];
  /** Errors in Go's words (one for a syntax error, else one per refused directive), and our warnings. */
  problems: ParseProblem[];
}

/** Parses go.work text as the go command of `release` reads it (parseGoMod). */
export function parseGoWork(text: string, release?: string): GoWorkParse {
  const { uses, problems, file } = readDirectives(text, 'go.work', rulesOf(GO_WORK_RULES, GO_WORK_RULES_GO120, release));
  return { uses, goVersion: file.go?.version, goRange: file.go?.range, toolchain: file.toolchain?.name, replaces: file.replaces, problems };
}

/**
 * Why the go command refuses the file, in its words: one line for a syntax error, else a line per directive it
 * refuses (modfile collects them all, and Go prints them all); none when it reads the file.
 */
export function goWorkErrors(work: GoWorkParse): string[] {
  return work.problems.filter((p) => p.severity === 'error').map(goWorkError);
}

/** modfile.Error's text for a go.work problem: the column only past a line's first rune. */
function goWorkError(p: ParseProblem): string {
  return `go.work:${goErrorPosition(p)}: ${p.message}`;
}
