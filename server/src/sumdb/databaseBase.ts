// Owns: the checksum database's base URL as the go command holds it, and the URLs of the reads joined onto it.
// Go keeps the base as a url.URL; whether it writes joined paths escaped ("!" as %21) follows from that URL's raw
// path, which its text cannot tell (goUrl.ts joinEscapesPaths). So the chain makes one DatabaseBase from the URL
// where it picks the base, and requests, messages and predictions of Go's words all take it from there.
// Must never: do I/O, or show the credentials the URL carries.
import { formatGoUrl, joinEscapesPaths, joinGoUrl, parseGoUrl, redactedUrlText, urlJoiner, type GoUrl } from '../shared/goUrl';
import { lookupPath, recordVersion } from './lookupPath';

export class DatabaseBase {
  private requestJoin?: (path: string) => string;
  private shownJoin?: (path: string) => string;

  private constructor(
    /** As Go shows it: a password as "xxxxx". */
    readonly shown: string,
    /** With the credentials the URL carries: for requests alone, never shown. */
    readonly request: string,
    /** Go writes paths joined onto it escaped. */
    readonly pathsEscaped: boolean,
  ) {}

  /** The base Go holds as `url` (a GOSUMDB URL as parsed, or a proxy's URL with sumdb/<name> joined). */
  static of(url: GoUrl): DatabaseBase {
    return new DatabaseBase(formatGoUrl(url), formatGoUrl(url, false), joinEscapesPaths(url));
  }

  /** A GOPROXY entry's database, <proxy>/sumdb/<name>, as cmd/go joins it (web.Join). */
  static throughProxy(proxy: GoUrl, name: string): DatabaseBase {
    return DatabaseBase.of(joinGoUrl(proxy, `sumdb/${name}`));
  }

  /** A base Go parses from this text (https://<name>); text that is no URL to Go is kept as written. */
  static parse(text: string): DatabaseBase {
    const parsed = parseGoUrl(text);
    return parsed.ok ? DatabaseBase.of(parsed.url) : DatabaseBase.unescaped(text);
  }

  /**
   * A base written as text, its joined paths written as they are ("!" kept), as Go writes them onto a base without
   * a path of its own: for a read URL whose base the route does not name.
   */
  static unescaped(text: string): DatabaseBase {
    return new DatabaseBase(redactedUrlText(text), text, false);
  }

  /** The URL a database path ("/latest", "/lookup/...", "/tile/...") is requested at. */
  requestUrl(path: string): string {
    this.requestJoin ??= urlJoiner(this.request, this.pathsEscaped);
    return this.requestJoin(path);
  }

  /** The URL of a database path as Go names it in messages. */
  shownUrl(path: string): string {
    this.shownJoin ??= urlJoiner(this.shown, this.pathsEscaped);
    return this.shownJoin(path);
  }

  /** The lookup Go makes for module@version, as it names it (case-encoded); a version no database files, as given. */
  lookupUrl(module: string, version: string): string {
    let lookup: string;
    try {
      lookup = lookupPath(module, version);
    } catch {
      lookup = `lookup/${module}@${recordVersion(version)}`;
    }
    return this.shownUrl(lookup);
  }
}
