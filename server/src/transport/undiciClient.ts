// Owns: undici's HTTP/1.1 client as a bundle of its own (dist/undiciClient.js), loaded the first time a connection
// speaks HTTP/1.1 (http.ts). undici is 440 KB of a 940 KB bundle, and V8 reads a whole script before it runs any
// of it: kept out, every start of the command-line tool and the language server reads half as much.
// Only its client: undici's index also loads fetch, WebSocket, mocks and caches.
import type { Client as UndiciClient } from 'undici';

export const Client = require('undici/lib/dispatcher/client.js') as typeof UndiciClient;
