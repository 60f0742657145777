// Owns: where the go command of Go 1.24 and later takes credentials with GOAUTH (cmd/go/internal/auth): which
// methods a transport runs or names as unread (credentialSources), and the credentials they give beside .netrc's: its methods walked last first, each storing header fields by URL prefix, so the first method in GOAUTH
// wins a prefix; a request gets those of the longest prefix of its URL. Every command is run before the first HTTPS
// request with no argument, and again with the URL (and the response on its standard input) after a 4xx, when the
// request goes once more. Output and command lines are read as Go reads them (goauthOutput.ts); git's credential
// helper is asked after a 4xx (runGitAuth); mtls is not run (named as unread).
// Must never: run a command where the caller did not allow it (an untrusted workspace), wait on one past its time,
// or start more than MAX_RERUNS runs after 4xx answers in one transport.
import { goFields, goTextBytes, goTrimSpace } from '../shared/utf8';
import { goauthMethods, parseGoauthOutput, quotedSplit, type GoauthMethod } from './goauthOutput';
import { gitRefusal, parseRequestUri } from './goauthRules';
import { longestPrefix, netrcFor, type NetrcCredentials, type NetrcSetting } from './netrc';
import { readsGoauth } from '../parse/gover';
import { basicCredentials } from './urlHost';

/**
 * Runs argv (no shell) with `stdin` (none: empty), in `cwd`, with `env` over the caller's environment; its standard
 * output, or Go's words for why it failed ("exit status 1\n<stderr>").
 */
export type CommandRunner = (argv: string[], options: { stdin?: string; cwd?: string; env?: Record<string, string> }) => Promise<{ stdout: string } | { error: string }>;

/** Header fields (lower-case names) and the GOAUTH method that gave them. */
export interface GoauthFields { fields: Readonly<Record<string, string>>; method: string }

/** Runs after 4xx answers in one transport at most: Go has no bound, but a run per refused lookup is a process storm. */
const MAX_RERUNS = 16;

export class GoauthStore {
  private readonly byPrefix = new Map<string, GoauthFields>();
  private prefetch: Promise<void> | undefined;
  private readonly reruns = new Map<string, Promise<void>>();
  private rerunCount = 0;
  /** Each command's last failure, in Go's words ("GOAUTH=cmd: could not run command cmd: ..."). */
  readonly failures = new Map<string, string>();

  /** `methods`: GOAUTH's, in its order (goauthMethods). */
  constructor(private readonly methods: readonly GoauthMethod[], private readonly netrc: NetrcCredentials, private readonly run: CommandRunner) {}

  /** The fields for a request to `rawUrl`, once every method ran a first time. */
  async fieldsFor(rawUrl: string): Promise<GoauthFields | undefined> {
    this.prefetch ??= this.runAll(undefined, undefined);
    await this.prefetch;
    return longestPrefix(this.byPrefix, rawUrl);
  }

  /** The fields stored for `rawUrl` now (without waiting for the first run). */
  peek(rawUrl: string): GoauthFields | undefined {
    return longestPrefix(this.byPrefix, rawUrl);
  }

  /** After a 4xx to `rawUrl`: every method again, with the URL and `stdin`; false past MAX_RERUNS (the request is not repeated). */
  async rerun(rawUrl: string, stdin: string): Promise<boolean> {
    let running = this.reruns.get(rawUrl);
    if (!running) {
      if (this.rerunCount >= MAX_RERUNS) return false;
      this.rerunCount++;
      running = this.runAll(rawUrl, stdin).finally(() => this.reruns.delete(rawUrl));
      this.reruns.set(rawUrl, running);
    }
    await running;
    return true;
  }

  private async runAll(url: string | undefined, stdin: string | undefined): Promise<void> {
    for (const m of [...this.methods].reverse()) {
      if (m.kind === 'netrc') this.storeNetrc();
      // git credential needs the URL: it is asked only after a 4xx (runGitAuth).
      else if (m.kind === 'git' && url !== undefined) await this.runGit(m.text, goFields(m.text)[1], url);
      else if (m.kind === 'command') await this.runCommand(m.text, url, stdin);
    }
  }

  private storeNetrc(): void {
    for (const [prefix, e] of this.netrc.prefixEntries()) {
      this.store(prefix, { fields: { authorization: basicCredentials(goTextBytes(e.login), goTextBytes(e.password)) }, method: 'netrc' });
    }
  }

  private async runCommand(command: string, url: string | undefined, stdin: string | undefined): Promise<void> {
    const argv = quotedSplit(command);
    if ('error' in argv) return void this.failures.set(command, `GOAUTH=${command}: cannot parse GOAUTH command ${command}: ${argv.error}`);
    const ran = await this.run(url === undefined ? argv : [...argv, url], url === undefined ? {} : { stdin });
    if ('error' in ran) return void this.failures.set(command, `GOAUTH=${command}: could not run command ${command}: ${ran.error}`);
    const parsed = parseGoauthOutput(ran.stdout);
    if ('error' in parsed) return void this.failures.set(command, `GOAUTH=${command}: cannot parse output of GOAUTH command ${command}: ${parsed.error}`);
    this.failures.delete(command);
    for (const [prefix, headers] of parsed) {
      const fields: Record<string, string> = {};
      for (const [name, value] of headers) {
        const key = name.toLowerCase();
        fields[key] = fields[key] === undefined ? value : `${fields[key]}, ${value}`;
      }
      this.store(prefix, { fields, method: command });
    }
  }

  /**
   * runGitAuth: `git credential fill` in `dir` for the URL, whose answer must name a prefix of it; its user and
   * password as Basic authentication for that prefix. (Go then checks them with a HEAD request and tells git's
   * helper to approve or reject them; we leave the person's credential store alone.)
   */
  private async runGit(method: string, dir: string | undefined, url: string): Promise<void> {
    const fail = (why: string) => void this.failures.set(method, `GOAUTH=${method}: ${why}`);
    // Go refuses the whole GOAUTH there (the lint says so); never git in a directory it did not name.
    const refused = gitRefusal(goFields(method));
    if (refused !== undefined || dir === undefined) return fail(refused ?? '');
    // No prompt: nobody is there to answer it.
    const ran = await this.run(['git', 'credential', 'fill'], { stdin: `url=${url}\n`, cwd: dir, env: { GIT_TERMINAL_PROMPT: '0' } });
    if ('error' in ran) return fail(`'git credential fill' failed (url=${url}): ${ran.error}`);
    const { prefix, username, password } = parseGitCredential(ran.stdout);
    if (prefix === '') return fail(`'git credential fill' failed for url=${url}, could not parse url\n`);
    if (!url.startsWith(prefix)) return fail(`requested a credential for ${url}, but 'git credential fill' provided one for ${prefix}\n`);
    this.failures.delete(method);
    this.store(prefix, { fields: { authorization: basicCredentials(goTextBytes(username), goTextBytes(password)) }, method });
  }

  /** storeCredential: the prefix without "https://" and one trailing "/"; no fields removes it. */
  private store(prefix: string, given: GoauthFields): void {
    const key = prefix.replace(/^https:\/\//, '').replace(/\/$/, '');
    if (Object.keys(given.fields).length === 0) this.byPrefix.delete(key);
    else this.byPrefix.set(key, given);
  }
}

/** What a transport needs to take credentials as the go command does (http.ts TransportOptions). */
export interface CredentialOptions {
  netrc?: NetrcSetting;
  /** GOAUTH methods whose credentials we never fetch: named when a server wants credentials. */
  goauthUnread?: string[];
  /** GOAUTH's methods and how to run its commands and git's helper, where the caller lets them run. */
  goauth?: { methods: GoauthMethod[]; run: CommandRunner };
}

/**
 * Where the go command of `goVersion` takes credentials with this GOAUTH, as transport options; `run`: how to run
 * GOAUTH's commands, where the caller allows it (never in an untrusted workspace); without it they are unread.
 */
export function credentialSources(goauth: string, osEnv: Readonly<Record<string, string | undefined>>, goVersion?: string, run?: CommandRunner): CredentialOptions {
  const netrc = netrcFor(goauth, osEnv, goVersion);
  const unread = unreadGoauthMethods(goauth, goVersion, run !== undefined);
  const methods = goauthMethods(goauth);
  const runs = run !== undefined && readsGoauth(goVersion) && methods.some((m) => m.kind === 'git' || m.kind === 'command');
  return { ...(netrc ? { netrc } : {}), ...(unread.length > 0 ? { goauthUnread: unread } : {}), ...(runs ? { goauth: { methods, run } } : {}) };
}

/**
 * The GOAUTH methods whose credentials we never fetch, in GOAUTH's order: "mtls" always, and, unless `runsCommands`,
 * "git" and each command as written; none for a go command before 1.24 (which reads no GOAUTH).
 */
export function unreadGoauthMethods(goauth: string, goVersion?: string, runsCommands = false): string[] {
  if (!readsGoauth(goVersion)) return [];
  return goauthMethods(goauth)
    .filter((m) => m.kind === 'mtls' || (!runsCommands && (m.kind === 'git' || m.kind === 'command')))
    .map((m) => (m.kind === 'command' ? m.text : m.kind));
}

/**
 * parseGitAuth: the prefix `git credential fill` answers for (its url line, else its protocol, host and path as
 * net/url writes them), and the user and password.
 */
export function parseGitCredential(out: string): { prefix: string; username: string; password: string } {
  const fields = { protocol: '', host: '', path: '', username: '', password: '' };
  let url: string | undefined;
  for (const line of out.split('\n')) {
    const trimmed = goTrimSpace(line);
    const eq = trimmed.indexOf('=');
    if (eq < 0) continue;
    const key = trimmed.slice(0, eq);
    const value = trimmed.slice(eq + 1);
    if (key === 'url') url = parseRequestUri(value).ok ? value : url;
    else if (key in fields) fields[key as keyof typeof fields] = value;
  }
  const { protocol, host, path, username, password } = fields;
  const built = (protocol ? `${protocol}:` : '') + (host ? `//${host}` : '') + (path && host && !path.startsWith('/') ? `/${path}` : path);
  return { prefix: url ?? built, username, password };
}
