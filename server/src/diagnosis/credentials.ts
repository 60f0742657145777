// Owns: what a 401 or 403 from an HTTPS GOPROXY or checksum database means, told by what the go command sends there
// (shared/evidence.ts CredentialsNote): credentials the server does not take, or none, and why none (no .netrc entry
// for it, no .netrc read, or an entry this go command's release passes over for the URL's port); and the change that
// gets them there. Advice only: no fix writes a password.
// Pure: no I/O, never imports vscode.
import type { Say } from '../i18n';
import type { CredentialsNote, Fix } from '../shared/evidence';

export interface CredentialsAdvice { title: string; explanation: string; fixes: Fix[] }

/**
 * What to tell of a server answering `status` to `url` with the go command sending `note`; undefined where the
 * credentials explain nothing: a 403 when none were sent nor meant to be (most often a network's policy).
 */
export function credentialsAdvice(url: string, status: number, note: CredentialsNote, t: Say): CredentialsAdvice | undefined {
  const advice = adviceFor(url, status, note, t);
  // What we cannot see: credentials a GOAUTH method of its own gives the go command; and its commands that failed.
  if (advice && note.unread) advice.explanation += ' ' + t('verdict.credentials.unread', { methods: note.unread.join('; ') });
  if (advice && note.goauthFailures) advice.explanation += ' ' + t('verdict.credentials.goauthFailed', { failures: note.goauthFailures.join('; ') });
  return advice;
}

function adviceFor(url: string, status: number, note: CredentialsNote, t: Say): CredentialsAdvice | undefined {
  const place = placeOf(url);
  if (!place) return undefined;
  const said = { url, status, host: place.hostname };
  if (note.sent !== 'none') {
    const where = note.sent === 'netrc' ? t('credentials.where.netrc', { file: note.netrc?.file ?? '.netrc', machine: note.machine ?? '' })
      : note.sent === 'goauth' ? t('credentials.where.goauth', { method: note.method ?? '' }) : t('credentials.where.url');
    return {
      title: t('verdict.credentials.refused.title', said),
      explanation: t('verdict.credentials.refused', { ...said, where }),
      fixes: [{ title: t('fix.credentials.renew', said), env: {}, advice: t('fix.credentials.renew.advice', { where }) }],
    };
  }
  if (status !== 401 && note.passedOver === undefined) return undefined;
  // The machine the go command reading this .netrc matches to this URL: its host and port as the URL writes them
  // since Go 1.24, the host name alone before.
  const machine = note.netrc?.matching === 'hostname' ? place.hostname : place.authority;
  const title = t('verdict.credentials.none.title', said);
  if (!note.netrc) {
    return { title, explanation: t('verdict.credentials.none.noNetrc', said), fixes: [{ title: t('fix.credentials.give', { machine }), env: {}, advice: t('fix.credentials.give.advice', { machine, authority: place.authority }) }] };
  }
  const { file, matching } = note.netrc;
  const add: Fix = { title: t('fix.credentials.add', { machine, file }), env: {}, advice: t('fix.credentials.add.advice', { machine, file }) };
  if (note.passedOver === undefined) return { title, explanation: t('verdict.credentials.none.noEntry', { ...said, file, machine }), fixes: [add] };
  const passedOver = note.passedOver;
  if (matching === 'prefix') {
    // Keep the old entry: a go command before 1.24 (another machine, CI) matches the host name alone.
    add.advice += ' ' + t('fix.credentials.add.keep', { passedOver });
    return { title, explanation: t('verdict.credentials.none.portNeeded', { ...said, file, passedOver, machine }), fixes: [add] };
  }
  return { title, explanation: t('verdict.credentials.none.hostnameOnly', { ...said, file, passedOver, machine }), fixes: [add] };
}

/** The URL's host name (brackets dropped) and its authority without a user ("host:port" as written); undefined when it is no https URL. */
function placeOf(url: string): { hostname: string; authority: string } | undefined {
  const authority = /^https:\/\/([^/?#]*)/.exec(url)?.[1]?.replace(/^.*@/, '');
  if (!authority) return undefined;
  const hostname = authority.startsWith('[') ? authority.slice(1, authority.indexOf(']')) : authority.replace(/:[^:]*$/, '');
  return { hostname, authority };
}
