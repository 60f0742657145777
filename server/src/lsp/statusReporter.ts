// Owns: pushing gosumDoctor/status for the workspace folder the user is working in — the folder of the go.sum or
// go.mod last opened or shown (the first workspace folder until then) — and only when what the status bar would
// show changed.
// Must never: compute a state (FolderSession does) or keep anything but what it last sent.
import type { GoenvMessages } from '../goenv/messages';
import type { StatusParams } from '../shared/protocol';
import type { FolderSession } from './folderSession';
import { statusParams } from './statusView';

export class StatusReporter {
  private focused?: FolderSession;
  private lastSent?: string;

  constructor(private readonly send: (status: StatusParams) => void, private readonly locale?: string, private readonly goenv?: GoenvMessages) {}

  /** The user works in this folder now: its status is shown. */
  focus(session: FolderSession): void {
    if (this.focused === session) return;
    this.focused = session;
    this.push(session);
  }

  /** A folder's health changed: shown when it is the focused one (or the first to report). */
  changed(session: FolderSession): void {
    if (!this.focused) this.focused = session;
    if (this.focused === session) this.push(session);
  }

  /** A folder went away: show another one, if any. */
  forget(session: FolderSession, next: FolderSession | undefined): void {
    if (this.focused !== session) return;
    this.focused = undefined;
    if (next) this.focus(next);
  }

  private push(session: FolderSession): void {
    const status = statusParams(session.health, this.locale, this.goenv);
    const key = JSON.stringify(status);
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.send(status);
  }
}
