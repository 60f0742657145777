// Owns: guessing whether a module the database does not know is most likely private code, and the prefix to
// put in GONOSUMDB/GOPRIVATE for it. A guess only ever adds a suggestion to a message.
// Must never: do I/O or import vscode.
import { privatePrefix } from '../diagnosis/fixes';

// Hosts that only publish open-source modules through sum.golang.org: a 404 there is a typo or a retraction,
// not private code.
const PUBLIC_ONLY_HOSTS = new Set([
  'golang.org', 'google.golang.org', 'gopkg.in', 'go.uber.org', 'k8s.io', 'sigs.k8s.io', 'cloud.google.com',
  'go.opentelemetry.io', 'go.etcd.io', 'honnef.co', 'gotest.tools', 'go.mongodb.org', 'dario.cat', 'rsc.io',
]);
const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'gitee.com', 'codeberg.org']);
/** The GONOSUMDB/GOPRIVATE prefix to suggest for a module the database does not know, or undefined. */
export function suggestedPrivatePrefix(module: string): string | undefined {
  const host = module.split('/')[0];
  if (PUBLIC_ONLY_HOSTS.has(host)) return undefined;
  if (CODE_HOSTS.has(host)) return module.split('/').length >= 2 ? privatePrefix(module) : undefined;
  // Any other host (a company domain, git.corp.example, an address): a module the public database has never
  // seen is most likely private.
  return privatePrefix(module);
}
