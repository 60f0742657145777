// Every English sentence the diagnosis and the probe show people, keyed, with {param} placeholders.
// Go's own error texts are NOT here (they are quoted, never translated). Pure data: no I/O, never imports vscode.
export const en = {
  // Verdicts
  'verdict.ok.title': 'go.sum can be checked: {database} answered and verified end to end through {base}.',
  'verdict.ok.explanation': 'The signed tree head verifies with the configured key and a lookup was proved to be in the log. Requests went {via}.',
  'verdict.blocked.title': 'The checksum database {database} cannot be reached.',
  'verdict.blocked.explanation': 'Asking {target} failed ({failure}): {reason}. The go command needs the database for every module version that is not in go.sum yet, so downloads fail with the error below.',
  'verdict.tls.title': 'HTTPS to {host} is intercepted: the certificate was issued by "{issuer}".',
  'verdict.tls.explanation': 'The certificate chain presented for {host} (subject "{subject}", issuer "{issuer}") is not anchored in the trust store Go uses: {store}. A corporate proxy or security product is most likely re-signing HTTPS traffic. Install its root certificate where Go reads it; never turn verification off.',
  'verdict.misconfigured.title': '{variable} cannot work as set.',
  'verdict.misconfigured.explanation': '{variable}={value} is rejected by the go command: {goError}',
  'verdict.misconfigured.sumdbOff': 'GOSUMDB=off: new module versions are accepted without any check against the checksum database (lines already in go.sum are still enforced).',
  'verdict.misconfigured.key': 'The database signs its tree heads with a different key than the one configured for {name}: {goError}',
  'verdict.disagreement.title': 'The proxy and the checksum database disagree about {module} {version}.',
  'verdict.disagreement.notFound': 'The proxy serves {module} {version}, but the checksum database does not know it (HTTP {status}). This is most often a private module, which belongs in GONOSUMDB or GOPRIVATE.',
  'verdict.disagreement.hash': 'For {module} {version} ({file}), {sources}. A release that was re-tagged, or bits replaced on the way, give exactly this.',
  'verdict.disagreement.security': 'The checksum database contradicted a tree head it signed earlier. This is what the go command reports as server misbehavior.',

  // Fixes
  'fix.goproxyCn': 'Reach {database} through a proxy that serves it (goproxy.cn serves sum.golang.org)',
  'fix.alias': 'Or reach the same database through its mirror address sum.golang.google.cn',
  'fix.httpsProxy': 'Or send HTTPS through your network\'s proxy (put its real address here)',
  'fix.proxyFallback': 'Let the go command try the next GOPROXY entry when {proxy} fails',
  'fix.tls.osStore': 'Install the "{issuer}" root certificate in the system store (e.g. copy it to /usr/local/share/ca-certificates/ and run update-ca-certificates); Go reads it from there',
  'fix.tls.certDir': 'Or keep the system roots and add a directory holding "{issuer}" (SSL_CERT_DIR is a colon-separated list)',
  'fix.tls.certFile': 'Or point Go at one PEM bundle holding the system roots plus "{issuer}"',
  'fix.setting': 'Set {variable} to a value Go accepts',
  'fix.sumdbOn': 'Turn checksum verification back on',
  'fix.knownKey': 'Use the key Go knows for {name}',
  'fix.askKey': 'Ask the operator of {name} for its verifier key (name+hash+key) and set it',
  'fix.gonosumdb': 'If {prefix} is your private code, never send it to a public database',
  'fix.goprivate': 'Or mark {prefix} private (no public database, no public proxy)',
  'fix.trustedProxy': 'Download from a proxy that serves what the database recorded',
  'fix.gosumLine': 'Remove the go.sum lines for {module} {version} and run go mod download to fetch them again',

  // Hash disagreement sources
  'hash.gosumVsDb': 'go.sum says {goSum} but the database says {database}',
  'hash.proxyVsDb': 'the proxy serves bits hashing to {proxy} but the database says {database}',
  'hash.gosumVsProxy': 'go.sum says {goSum} but the proxy serves bits hashing to {proxy}',

  // Probe steps
  'step.settings': 'GOSUMDB={gosumdb}, GOPROXY={goproxy}',
  'step.dns': 'resolved to {addresses}',
  'step.connect': 'TCP connection to {address} in {ms} ms',
  'step.proxy': 'through the proxy {proxy}',
  'step.tls': '{protocol}, ALPN {alpn}; chain: {chain}; {anchored} (store tested: {store})',
  'step.tls.anchored': 'anchored in the trust store',
  'step.tls.notAnchored': 'NOT anchored: {reason}',
  'step.supported': '{proxy} answered {status}: {meaning}',
  'step.supported.200': 'it serves the database; every read goes there',
  'step.supported.notFound': 'it does not serve the database; the next entry is tried',
  'step.supported.other': 'the go command stops here',
  'step.base': 'database reads go to {base} ({via})',
  'step.latest': 'signed tree head of size {size} verifies with {key}',
  'step.lookup': '{module} {version} is record {id}, proved included in the tree of size {size}',
  'step.spotcheck.agree': 'go.sum, the database and the proxy agree on {module} {version}/go.mod ({hash})',
  'step.spotcheck.noGoSum': 'the database and the proxy agree on {module} {version}/go.mod ({hash})',
  'step.skipped': 'skipped: {reason}',
  'step.goCommand': 'go mod download exited with {code}',
  'step.failed': '{error}',

  // CLI
  'cli.probe.usage': 'usage: gosum-doctor probe [DIR] [--json]',
  'cli.probe.scenario': 'Scenario: {scenario}',
  'cli.probe.goSaw': 'The go command most likely said:',
  'cli.probe.fixes': 'What to change:',
  'cli.probe.steps': 'Steps:',
} as const;

export type MessageKey = keyof typeof en;
