// Owns: a GOPROXY for tests — a real HTTP server on 127.0.0.1 serving synthetic modules under the module proxy
// protocol (/<escaped path>/@v/list, /@v/<version>.info, .mod, .zip, /@latest), with the modules' real go.sum
// lines (h1: hashes computed by our dirhash), so a checksum database can be built from them with
// startSumdbServer and the real go command can download and verify against both.
// Must never: listen on anything but loopback, keep the process alive, or answer /sumdb/... (it does not proxy
// a checksum database: the go command then asks GOSUMDB's URL directly).
import { hashGoMod } from '../../server/src/sumdb/dirhash';
import { hashModuleZip } from './zip';
import { escapePath, escapeVersion } from '../../server/src/parse/module';
import { startHttpServer } from './faultServers';
import { moduleZip } from './moduleZip';

export interface SyntheticModule {
  path: string;
  version: string;
  /** Other files of the module (name → content); go.mod is added from `goMod`. */
  files?: Record<string, string>;
  /** The go.mod file; default "module <path>\n\ngo 1.16\n". */
  goMod?: string;
  /** RFC 3339 time for .info; default 2024-01-01T00:00:00Z. */
  time?: string;
}

export interface ServedModule {
  path: string;
  version: string;
  goMod: Buffer;
  zip: Buffer;
  /** "h1:..." of the zip (the go.sum module line). */
  zipHash: string;
  /** "h1:..." of go.mod (the go.sum "/go.mod" line). */
  goModHash: string;
  info: string;
}

export interface GoproxyServer {
  /** The GOPROXY value: http://127.0.0.1:PORT */
  readonly url: string;
  readonly modules: ServedModule[];
  /** The real go.sum lines of every module served (module line, then /go.mod line). */
  readonly goSumLines: string[];
  /** "GET /path" for every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** The bytes and hashes of a synthetic module, as a proxy serves it. */
function buildModule(m: SyntheticModule): ServedModule {
  const goMod = Buffer.from(m.goMod ?? `module ${m.path}\n\ngo 1.16\n`, 'utf8');
  const zip = moduleZip(m.path, m.version, { 'go.mod': goMod, ...(m.files ?? {}) });
  return {
    path: m.path,
    version: m.version,
    goMod,
    zip,
    zipHash: hashModuleZip(zip),
    goModHash: hashGoMod(goMod),
    info: JSON.stringify({ Version: m.version, Time: m.time ?? '2024-01-01T00:00:00Z' }) + '\n',
  };
}

/** go.sum lines for served modules, in go.sum's order. */
function goSumLinesOf(modules: readonly ServedModule[]): string[] {
  return modules.flatMap((m) => [`${m.path} ${m.version} ${m.zipHash}`, `${m.path} ${m.version}/go.mod ${m.goModHash}`]);
}

export async function startGoproxyServer(modules: readonly SyntheticModule[]): Promise<GoproxyServer> {
  const served = modules.map(buildModule);
  const byPath = new Map<string, ServedModule[]>();
  for (const m of served) byPath.set(escapePath(m.path), [...(byPath.get(escapePath(m.path)) ?? []), m]);
  const server = await startHttpServer((req, res) => {
    const raw = (req.url ?? '/').split('?')[0];
    // Go writes "!" as %21 in a proxy's path (its pathEscape); a proxy reads the path decoded.
    let url: string;
    try {
      url = decodeURIComponent(raw);
    } catch {
      url = raw;
    }
    const notFound = (what: string) => res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${what}\n`);
    const at = url.indexOf('/@');
    if (req.method !== 'GET' || at < 0) return notFound(url);
    const versions = byPath.get(url.slice(1, at));
    if (!versions) return notFound(url.slice(1, at));
    const rest = url.slice(at);
    if (rest === '/@v/list') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(versions.map((v) => v.version + '\n').join(''));
      return;
    }
    if (rest === '/@latest') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(versions[versions.length - 1].info);
      return;
    }
    const file = /^\/@v\/(.+)\.(info|mod|zip)$/.exec(rest);
    const m = file ? versions.find((v) => escapeVersion(v.version) === file[1]) : undefined;
    if (!file || !m) return notFound(rest);
    if (file[2] === 'info') res.writeHead(200, { 'content-type': 'application/json' }).end(m.info);
    else if (file[2] === 'mod') res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(m.goMod);
    else res.writeHead(200, { 'content-type': 'application/zip' }).end(m.zip);
  });
  return {
    url: server.url,
    modules: served,
    goSumLines: goSumLinesOf(served),
    requests: server.requests,
    close: () => server.close(),
  };
}
