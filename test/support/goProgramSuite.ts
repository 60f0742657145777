// The Go question-and-answer program a differential suite asks (test/support/<name>, go-jsonlines), built once
// before the suite's tests. Test tooling only.
import { askGoProgram, builtGoProgram } from './goBuild';
import { tempDir } from './sumdbClientSetup';

export interface GoProgram {
  /** Each question (one JSON line) answered by the program, in order. */
  ask<A>(questions: readonly unknown[]): A[];
}

/** test/support/<name>, built in a temporary directory before the calling suite's tests. */
export function goProgramBeforeSuite(name: string): GoProgram {
  let program = '';
  before(function () {
    program = builtGoProgram(name, tempDir(name));
  });
  return { ask: <A>(questions: readonly unknown[]) => askGoProgram<A>(program, questions) };
}
