// Owns: what today's go command refuses of a GOAUTH command at its first HTTPS request (cmd/go/internal/auth:
// runGoAuth, parseClientCertificate, canonicalHTTPSOrigin), in its words: an empty command, off beside another,
// git without one absolute directory, an mtls line without an HTTPS origin and absolute certificate (and key) files.
// Pure: no I/O.
import path = require('node:path');
import { goQuote } from '../shared/goquote';
import { parseGoUrl, type GoUrl, type GoUrlParse } from '../shared/goUrl';
import { goFields } from '../shared/utf8';
import { quotedSplit, type GoauthMethod } from './goauthOutput';

/** Go's refusal of one GOAUTH method (of `methodCount` in `goauth`), without "go: "; undefined when it takes it. */
export function goauthRefusal(method: GoauthMethod, methodCount: number, goauth: string): string | undefined {
  switch (method.kind) {
    case 'empty': return `GOAUTH encountered an empty command (GOAUTH=${goauth})`;
    case 'off': return methodCount === 1 ? undefined : `GOAUTH=off cannot be combined with other authentication commands (GOAUTH=${goauth})`;
    case 'mtls': return mtlsRefusal(method.text);
    case 'git': return gitRefusal(goFields(method.text));
    default: return undefined;
  }
}

/** runGoAuth's "git" case: one absolute directory (whether it exists Go learns only as it runs git). */
export function gitRefusal(words: string[]): string | undefined {
  const needsPath = 'GOAUTH=git dir method requires an absolute path to the git working directory';
  if (words.length !== 2) return needsPath;
  return path.isAbsolute(words[1]) ? undefined : `${needsPath}, dir is not absolute`;
}

/** runGoAuth's "mtls" case: the line split as cmd/internal/quoted splits it, then parseClientCertificate. */
function mtlsRefusal(command: string): string | undefined {
  const words = quotedSplit(command);
  if ('error' in words) return `cannot parse GOAUTH=mtls command ${goQuote(command)}: ${words.error}`;
  const why = clientCertificateProblem(words);
  return why === undefined ? undefined : `GOAUTH=mtls: ${why}`;
}

function clientCertificateProblem(words: string[]): string | undefined {
  if (words.length !== 3 && words.length !== 4) return 'usage: mtls https-origin cert-file [key-file]';
  const origin = parseRequestUri(words[1]);
  if (!origin.ok) return `invalid HTTPS origin ${goQuote(words[1])}: ${origin.error}`;
  const problem = httpsOriginProblem(origin.url);
  if (problem) return problem;
  if (!path.isAbsolute(words[2])) return 'certificate file must be an absolute path';
  if (words.length === 4 && !path.isAbsolute(words[3])) return 'key file must be an absolute path';
  return undefined;
}

/** url.ParseRequestURI: an absolute URL or an absolute path (anything else is "invalid URI for request"). */
export function parseRequestUri(raw: string): GoUrlParse {
  if (!raw.startsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw)) return { ok: false, error: `parse ${goQuote(raw)}: invalid URI for request` };
  return parseGoUrl(raw);
}

/** canonicalHTTPSOrigin's refusals. */
function httpsOriginProblem(u: GoUrl): string | undefined {
  if (u.scheme !== 'https' || u.host === '' || u.user !== undefined || (u.path !== '' && u.path !== '/') || u.forceQuery || u.rawQuery !== '' || u.fragment !== '') {
    return 'origin must be an HTTPS URL without user information, a non-root path, query, or fragment';
  }
  const hostname = (u.host.startsWith('[') ? u.host.slice(1, u.host.indexOf(']')) : u.host.replace(/:[0-9]*$/, '')).replace(/\.$/, '');
  if (hostname === '') return 'HTTPS origin is missing a hostname';
  if (/[^\x00-\x7f]/.test(hostname)) return 'HTTPS origin hostname must use ASCII or Punycode';
  return undefined;
}
