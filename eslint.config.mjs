// Lint: a small rule set that catches real mistakes (unhandled promises, unused code, loose equality), and the
// layers the project keeps: no `vscode` in server/, the engine never reaching up into the LSP or the CLI, and a
// client that takes from the server only the protocol and the pure helpers both sides share.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The server modules the client may import (paths under server/src/): the protocol and the pure helpers both
// sides need, all in server/src/shared/. Adjust this list, nothing else.
const CLIENT_MAY_IMPORT = ['shared/'];

// The engine: pure folders that the language server and the CLI build on, never the other way round.
const ENGINE = ['parse', 'sumdb', 'goenv', 'transport', 'diagnosis', 'audit', 'problems', 'i18n'];

const NO_VSCODE = { name: 'vscode', message: 'server/ never imports vscode: the engine and the CLI run without VS Code.' };

// A Node module (or vscode) imported whole is copied property by property by esbuild's interop as the bundle
// starts: 36 such copies cost each CLI and server process 2-3 ms. `import fs = require('node:fs')` takes the
// module itself; named imports are fine too.
const WHOLE_MODULE_IMPORT = 'ImportDeclaration[importKind!="type"][source.value=/^(node:|vscode$)/] > :matches(ImportNamespaceSpecifier, ImportDefaultSpecifier)';

export default tseslint.config(
  { ignores: ['dist/', 'out/', '.vscode-test/', '.bench/', 'node_modules/', 'test/vscode/fixtures/', 'test/fixtures/'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Mistakes TypeScript lets through.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-self-compare': 'error',
      'no-self-assign': 'error',
      'no-cond-assign': 'error',
      'no-async-promise-executor': 'error',
      'no-unsafe-finally': 'error',
      'no-constant-binary-expression': 'error',
      'no-duplicate-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A promise nobody awaits loses its rejection (and, in the server, the request it stood for).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: WHOLE_MODULE_IMPORT, message: "import x = require('node:…') (or named imports): a whole-module import is copied as the bundle starts." }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [NO_VSCODE],
        patterns: [{ regex: '(^|/)client/', message: 'server/ never imports the client.' }],
      }],
    },
  },
  {
    files: ENGINE.map((dir) => `server/src/${dir}/**/*.ts`),
    rules: {
      'no-restricted-imports': ['error', {
        paths: [NO_VSCODE],
        patterns: [
          { regex: '(^|/)client/', message: 'server/ never imports the client.' },
          { regex: '^\\.\\./(lsp|cli)(/|$)|^\\.\\./(server|cli)$', message: 'The engine never imports the language server or the CLI: layers only point down.' },
        ],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: `(^|/)server/src/(?!(${CLIENT_MAY_IMPORT.join('|')}))`,
          message: 'The client imports from the server only the protocol and the shared pure helpers (CLIENT_MAY_IMPORT in eslint.config.mjs).',
        }],
      }],
    },
  },
);
