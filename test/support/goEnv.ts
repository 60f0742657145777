// The Go environment a test's process variables resolve to, as the probe takes it: through resolveGoEnv, with no
// go env file and Go's standard go.env defaults.
import type { OsEnv } from '../../server/src/goenv/locations';
import { envValues, resolveGoEnv } from '../../server/src/goenv/resolve';
import type { ProbeEnv } from '../../server/src/diagnosis/probe';

export function resolvedEnv(process: OsEnv, files: { userFile?: string; gorootFile?: string } = {}): ProbeEnv {
  return envValues(resolveGoEnv({
    process: { HOME: '/home/gopher', ...process },
    platform: 'linux',
    ...(files.userFile !== undefined ? { userFile: { path: '/home/gopher/.config/go/env', text: files.userFile } } : {}),
    ...(files.gorootFile !== undefined ? { gorootFile: { path: '/usr/lib/go/go.env', text: files.gorootFile } } : {}),
  }));
}
