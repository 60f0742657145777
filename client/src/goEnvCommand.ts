// The shell command lines that make an environment change, shown to the user so that it can be
// repeated by hand (`go env -w NAME=value`, `go env -u NAME` for an empty value). Pure.

/** Quotes for POSIX shells when the value needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function goEnvCommands(env: Record<string, string>): string[] {
  return Object.entries(env).map(([name, value]) => value === '' ? `go env -u ${shellQuote(name)}` : `go env -w ${shellQuote(`${name}=${value}`)}`);
}
