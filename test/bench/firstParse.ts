// The first parse of telegraf's go.sum and go.mod in a process of its own, as the CLI parses them: the code runs
// in V8's interpreter then, not yet optimised. parse.bench.ts bundles it as the CLI is bundled and runs it
// repeatedly, giving the fixtures' directory as the argument. Prints {"goSumMs":…,"goModMs":…}.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseGoSum } from '../../server/src/parse/gosum';
import { parseGoMod } from '../../server/src/parse/gomod';

const REF = process.argv[2];
const sum = readFileSync(path.join(REF, 'gosum', 'influxdata_telegraf.go.sum'), 'utf8');
const mod = readFileSync(path.join(REF, 'gomod', 'influxdata_telegraf.go.mod'), 'utf8');
let t = performance.now();
const sumLines = parseGoSum(sum).lines.length;
const goSumMs = performance.now() - t;
t = performance.now();
const requires = parseGoMod(mod).file.requires.length;
const goModMs = performance.now() - t;
if (sumLines === 0 || requires === 0) throw new Error('telegraf fixtures parsed to nothing');
console.log(JSON.stringify({ goSumMs, goModMs }));
