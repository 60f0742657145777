// Reading what decides how the go command resolves names (resolv.conf, nsswitch.conf, mdns.allow, the host
// name), so a DNS failure can be worded as Go would word it on this machine. The deciding is goResolverConf.ts.
import { promises as fsp } from 'node:fs';
import os = require('node:os');
import { goLookupOf, type GoLookup, type ResolverEnv, type ResolverFiles } from './goResolverConf';

export type { ResolverEnv } from './goResolverConf';

/** The ResolverEnv part of an OS environment. */
export function resolverEnvOf(env: Readonly<Record<string, string | undefined>>): ResolverEnv {
  const { GODEBUG, RES_OPTIONS, HOSTALIASES, LOCALDOMAIN } = env;
  return { GODEBUG, RES_OPTIONS, HOSTALIASES, LOCALDOMAIN };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(() => true, () => false);
}

/** The files as they are now: Go re-reads resolv.conf every few seconds, so a failure reads them afresh. */
export async function readResolverFiles(): Promise<ResolverFiles> {
  const [resolvConf, nsswitch, mdnsAllow] = await Promise.all([readText('/etc/resolv.conf'), readText('/etc/nsswitch.conf'), exists('/etc/mdns.allow')]);
  return { resolvConf, nsswitch, mdnsAllow, hostname: os.hostname() };
}

/** How the go command, started with `env` (the OS environment), would look up `host` here (Linux rules). */
export async function goLookupHere(host: string, env: ResolverEnv): Promise<GoLookup> {
  if (process.platform !== 'linux') return { resolver: 'cgo' };
  return goLookupOf(await readResolverFiles(), env, host);
}
