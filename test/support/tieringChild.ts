// A process that runs a hot function long enough for V8 to optimise it, with the command-line tool's tiering policy
// (argv[2] === 'policy') or without, and prints V8's optimisation status of it (needs --allow-natives-syntax).
// Test tooling only (tieringPolicy.test.ts).
import { setCliTieringPolicy } from '../../server/src/cli/tieringPolicy';

if (process.argv[2] === 'policy') setCliTieringPolicy();
function hot(x: number): number {
  return (x * 2 + 1) % 7;
}
let sum = 0;
for (let i = 0; i < 5_000_000; i++) sum += hot(i);
// Natives syntax cannot pass through the TypeScript compiler: evaluated as text.
console.log(JSON.stringify({ status: eval('%GetOptimizationStatus(hot)') as number, sum }));
