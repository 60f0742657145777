// The host part of a URL as messages and labels show it. Pure: no I/O, never imports vscode.

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
