#!/usr/bin/env node
// The gosum-doctor command's entry (dist/cli.js, the file users and npm's shim run): runs the command's bundle
// (dist/cliMain.js, built from cli.ts) through the code cache kept in our cache directory, its top level only
// (codeCache.ts says why).
import path = require('node:path');
import { ourCacheDir } from './cacheDir';
import { runWithCodeCache } from './codeCache';

runWithCodeCache(path.join(__dirname, 'cliMain.js'), path.join(ourCacheDir(process.env), 'v8', 'cli'), 'top-level');
