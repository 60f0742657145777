// The language server's entry (dist/server.js, the module the client starts): runs the server's bundle
// (dist/serverMain.js, built from server.ts) through the code cache kept in our cache directory (codeCache.ts).
import path = require('node:path');
import { ourCacheDir } from './cacheDir';
import { runWithCodeCache } from './codeCache';

runWithCodeCache(path.join(__dirname, 'serverMain.js'), path.join(ourCacheDir(process.env), 'v8', 'server'));
