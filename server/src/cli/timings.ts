// Owns: `check --timings`, where a run's time goes: laps from the process's start (node's own start-up and
// loading our code come first) through each phase of the check, printed on stderr in one line.
// Must never: write anything unless asked, or change what the check does.
import { t } from '../i18n';

export class PhaseTimer {
  private last = 0;
  /** Phases in order; a part of the phase before it is shown in parentheses after it. */
  private readonly laps: Array<{ name: string; ms: number; part?: boolean }> = [];

  /** `now` counts milliseconds from the process's start (performance.now() does). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Ends the phase called `name` (it began where the last one ended, or at the process's start). */
  lap(name: string): void {
    const at = this.now();
    this.laps.push({ name, ms: at - this.last });
    this.last = at;
  }

  /** A part of the phase just ended, measured elsewhere (e.g. reading our cache during the audit). */
  part(name: string, ms: number): void {
    this.laps.push({ name, ms, part: true });
  }

  /** "start-up 41, environment 12, audit 90 (cache read 8), ...; total 180" in the user's language. */
  format(locale?: string): string {
    const pieces: string[] = [];
    for (const l of this.laps) {
      if (l.part && pieces.length > 0) pieces[pieces.length - 1] += ` (${l.name} ${Math.round(l.ms)})`;
      else pieces.push(`${l.name} ${Math.round(l.ms)}`);
    }
    const phases = pieces.join(', ');
    return `gosum-doctor: ${t('cli.check.timings', { phases, total: Math.round(this.last) }, locale)}\n`;
  }
}
