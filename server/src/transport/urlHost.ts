// The host part of a URL as messages and labels show it, and host:port as Go's net package joins them.
// Pure: no I/O, never imports vscode.
import { userinfoBytes } from '../shared/goUrl';

/**
 * The host of `url` ("proxy.corp:3128"), or with `withPort: false` the bare name Go's dial errors use
 * ("proxy.corp"); text that is not a URL comes back as it is.
 */
export function hostOf(url: string, withPort?: boolean): string;
export function hostOf(url: string | undefined, withPort?: boolean): string | undefined;
export function hostOf(url: string | undefined, withPort = true): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    return withPort ? u.host : u.hostname;
  } catch {
    return url;
  }
}

/** HTTP Basic credentials for `login` and `password`, as net/http's basicAuth writes them: their bytes as they are. */
export function basicCredentials(login: Uint8Array, password: Uint8Array): string {
  return `Basic ${Buffer.concat([login, Buffer.from(':'), password]).toString('base64')}`;
}

/** The Proxy-Authorization a proxy URL's own credentials make (net/http sends it to the proxy); none without them. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  return basicCredentials(userinfoBytes(proxy.username), userinfoBytes(proxy.password));
}

/** The origin of `url` ("https://proxy.corp:3128"); text that is not a URL comes back as it is. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** host:port of `url` with the scheme's default port filled in (how a proxy's CONNECT names its target). */
export function hostPortOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return url;
  }
}

/** A host without the brackets a URL puts around an IPv6 literal. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Go's net.JoinHostPort: "host:port", with an IPv6 literal bracketed. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
