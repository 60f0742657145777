// Owns: the worlds the VS Code sessions run in. Each run gets a temp folder, a workspace (the fixture folder, or
// the example module copied in), the servers it needs started on 127.0.0.1 BEFORE VS Code starts (our test
// checksum database serving real hashes, an address that refuses connections, a database behind a
// certificate a corporate proxy re-signed), and the environment of the VS Code server process (so of the
// extension host and the language server): a private HOME, caches and go env file, GOPROXY=off, and GOSUMDB
// pointing at those servers. runTest.mjs (extension tests) and ui.mjs (screenshots) both start worlds here.
// Must never: listen on anything but loopback, let a session read the developer's Go settings or reach the
// internet, or leave a server running after close().
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tamper } from '../support/auditSetup';
import { testCertificates } from '../support/certs';
import { closedPort } from '../support/faultServers';
import { startSumdbServer } from '../support/sumdbServer';
import type { RunFacts } from './suite/facts';

// Paths from the repository root, which the runner passes (this file is loaded through tsx's tsImport, where
// __dirname is not the file's folder).
/** The demo module (`npm start`): 27 real go.sum lines from etcd's go.sum, line 10 tampered. */
const EXAMPLE = 'test/fixtures/example';
const ETCD_GO_SUM = 'test/fixtures/reference/gosum/etcd-io_etcd.go.sum';
const FIXTURE_WS = 'test/vscode/fixtures/ws';

/** Variables of the runner's own environment that would leak the developer's Go, TLS or proxy settings into a session. */
export const LEAKY_VARIABLES = [
  'GOSUMDB', 'GONOSUMDB', 'GOPRIVATE', 'GONOPROXY', 'GOINSECURE', 'GOPROXY', 'GOFLAGS', 'GOENV', 'GOWORK', 'GOPATH', 'GOMODCACHE',
  'GOTOOLCHAIN', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS',
  'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy',
];

export interface RunWorld {
  /** The folder VS Code opens. */
  workspace: string;
  /** The VS Code server's environment on top of the runner's (with LEAKY_VARIABLES removed). */
  env: Record<string, string>;
  facts: RunFacts;
  close(): Promise<void>;
}

/**
 * Where the stand-in of the Go extension (test/vscode/standin-go: what golang/vscode-go's manifest declares for
 * go.mod, go.work and go.sum) is registered relative to us. VS Code registers extensions of one kind in the order
 * of their folders' names, and for a language or a scopeName keeps the grammar registered last.
 */
export type GoExtensionOrder = 'before-us' | 'after-us';

export interface VsCodeRun {
  id: 'fixture' | 'tampered' | 'blocked' | 'tls-intercepted' | 'misconfigured';
  name: string;
  /** Suite files (test/vscode/suite/*.test.ts) this run executes. */
  files: string[];
  /** Whether the session also has the Go extension's stand-in, and where it is registered. */
  goExtension?: GoExtensionOrder;
  /** Starts the run's servers and writes its files under `tmp`; `root` is the repository. */
  start(tmp: string, root: string): Promise<RunWorld>;
}

// A go env file with what a lossless editor must keep: a comment, a CRLF line, an unknown key, no final newline.
export const GOENV_FIXTURE = '# written by hand\nGOPROXY=https://proxy.example.invalid,direct\r\nGOPRIVATE=corp.example\nXYZ_UNKNOWN=1\nGOSUMDB=sum.golang.org+https://wrong';
// The same kind of file for the scenario runs, holding nothing that changes how the database is reached.
const GOENV_WITH_NOISE = '# go env for the VS Code tests, edited by hand\r\nGOTOOLCHAIN=local\nXYZ_UNKNOWN=kept as written\r\n# no newline at the end';

/** A private home: go env file, GOPATH, module and build caches, our caches. GOPROXY=off: nothing is downloaded. */
function hermeticEnv(tmp: string, goEnvText: string): Record<string, string> {
  const home = path.join(tmp, 'home');
  const goEnv = path.join(home, '.config', 'go', 'env');
  mkdirSync(path.dirname(goEnv), { recursive: true });
  writeFileSync(goEnv, goEnvText);
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    GOENV: goEnv,
    GOPATH: path.join(home, 'go'),
    GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
  };
}

/** The example module copied into the run's folder (tests edit its go.sum). */
function exampleWorkspace(tmp: string, root: string): string {
  const ws = path.join(tmp, 'gosum-doctor-demo');
  mkdirSync(ws, { recursive: true });
  for (const f of ['go.mod', 'go.sum']) cpSync(path.join(root, EXAMPLE, f), path.join(ws, f));
  return ws;
}

function goSumLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

/** The database's truth: etcd's whole real go.sum. The example's lines must all be in it except the tampered one. */
function etcdTruth(root: string): { lines: string[]; tampered: RunFacts['tampered'] } {
  const lines = goSumLines(path.join(root, ETCD_GO_SUM));
  const real = new Map(lines.map((l) => { const [m, v] = l.split(' '); return [`${m} ${v}`, l]; }));
  const example = goSumLines(path.join(root, EXAMPLE, 'go.sum'));
  const differing = example.map((text, line) => ({ line, text, real: real.get(text.split(' ').slice(0, 2).join(' ')) }))
    .filter((x) => x.real !== x.text);
  if (differing.length !== 1 || !differing[0].real) throw new Error(`expected exactly one tampered line in ${EXAMPLE}/go.sum, found ${JSON.stringify(differing)}`);
  return { lines, tampered: { line: differing[0].line, text: differing[0].text, real: differing[0].real } };
}

const gosumdb = (db: { verifierKey: string }, url: string) => `${db.verifierKey} ${url}`;

const GO_STAND_IN = 'test/vscode/standin-go';
const GRAMMAR_LOG_PROBE = 'test/vscode/grammar-log-probe';

/**
 * Lays out the extensions of a run and returns the folder VS Code develops (--extensionDevelopmentPath). Without
 * `goExtension`: our repository. With it, both extensions are installed, as users have them: in `extensionsDir`,
 * each under the folder name an install gives it (publisher.name-version), ours a link to the repository named
 * `gosum-doctor.gosum-doctor-<version>`, the stand-in `golang.go-0.58.0` (vscode-go's own name: before ours) or
 * `zz-golang.go-0.58.0` (after ours). The developed folder is then the grammar log probe (one development path
 * only: the web workbench keeps the last one of its URL).
 */
export function layOutExtensions(extensionsDir: string, root: string, goExtension?: GoExtensionOrder): string {
  if (!goExtension) return root;
  mkdirSync(extensionsDir, { recursive: true });
  const { publisher, name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, string>;
  symlinkSync(root, path.join(extensionsDir, `${publisher}.${name}-${version}`));
  cpSync(path.join(root, GO_STAND_IN), path.join(extensionsDir, `${goExtension === 'before-us' ? '' : 'zz-'}golang.go-0.58.0`), { recursive: true });
  return path.join(root, GRAMMAR_LOG_PROBE);
}

export const RUNS: VsCodeRun[] = [
  {
    id: 'fixture',
    name: 'fixture workspace',
    files: ['activation.test.ts', 'envWriter.test.ts', 'explanation.test.ts', 'syntax.test.ts', 'coexistence.test.ts'],
    goExtension: 'before-us',
    async start(tmp, root) {
      return { workspace: path.join(root, FIXTURE_WS), env: { ...hermeticEnv(tmp, GOENV_FIXTURE), GOFLAGS: '-mod=mod' }, facts: { goEnvFile: GOENV_FIXTURE }, close: async () => {} };
    },
  },
  {
    id: 'tampered',
    name: 'healthy network, one tampered go.sum line',
    files: ['tamperedLine.test.ts', 'coexistence.test.ts', 'goWork.test.ts'],
    goExtension: 'after-us',
    async start(tmp, root) {
      const truth = etcdTruth(root);
      const db = await startSumdbServer({ goSumLines: truth.lines });
      // A private module the database has never seen (a plausible hash, but not of any real zip).
      const unknown = tamper('github.com/acme-private/tool v1.2.3 h1:KlQV+7CEdqJ7E/eXKgVs27RMjFZn2I0x44SjauCGNkY=');
      return {
        workspace: exampleWorkspace(tmp, root),
        env: { ...hermeticEnv(tmp, GOENV_WITH_NOISE), GOSUMDB: gosumdb(db, db.url) },
        facts: {
          database: { name: db.name, url: db.url, treeSize: db.log.size },
          tampered: truth.tampered,
          unknownLine: { text: unknown, prefix: 'github.com/acme-private' },
          goEnvFile: GOENV_WITH_NOISE,
        },
        close: () => db.close(),
      };
    },
  },
  {
    id: 'blocked',
    name: 'blocked: nothing answers at the database\'s address',
    files: ['blocked.test.ts'],
    async start(tmp, root) {
      // The key of a real test database, at an address where connections are refused (as behind a firewall that
      // rejects them; deterministic, unlike a reset whose timing decides Go's wording).
      const db = await startSumdbServer({ goSumLines: goSumLines(path.join(root, EXAMPLE, 'go.sum')).slice(0, 2) });
      const url = `http://127.0.0.1:${await closedPort()}`;
      return {
        workspace: exampleWorkspace(tmp, root),
        env: { ...hermeticEnv(tmp, GOENV_WITH_NOISE), GOSUMDB: gosumdb(db, url) },
        facts: { database: { name: db.name, url } },
        close: () => db.close(),
      };
    },
  },
  {
    id: 'tls-intercepted',
    name: 'tls-intercepted: the database presents a certificate Corp-Proxy-CA signed',
    files: ['tlsIntercepted.test.ts'],
    async start(tmp, root) {
      const certs = testCertificates();
      const db = await startSumdbServer({ goSumLines: goSumLines(path.join(root, EXAMPLE, 'go.sum')).slice(0, 2), tls: { cert: certs.corpServer.cert, key: certs.corpServer.key } });
      return {
        workspace: exampleWorkspace(tmp, root),
        // No SSL_CERT_FILE/SSL_CERT_DIR: the system roots, which do not hold Corp-Proxy-CA.
        env: { ...hermeticEnv(tmp, GOENV_WITH_NOISE), GOSUMDB: gosumdb(db, db.url) },
        facts: { database: { name: db.name, url: db.url } },
        close: () => db.close(),
      };
    },
  },
  {
    id: 'misconfigured',
    name: 'misconfigured: GOSUMDB is a comma list in the go env file',
    files: ['misconfigured.test.ts'],
    async start(tmp, root) {
      const value = 'sum.golang.org,https://goproxy.cn';
      const goEnv = `${GOENV_WITH_NOISE}\nGOSUMDB=${value}\n`;
      return { workspace: exampleWorkspace(tmp, root), env: hermeticEnv(tmp, goEnv), facts: { gosumdb: value, goEnvFile: goEnv }, close: async () => {} };
    },
  },
];
