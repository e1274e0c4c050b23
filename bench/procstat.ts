/** CPU and memory figures read from /proc (Linux): per process, per daemon tree, whole machine. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const HZ = 100; // USER_HZ: /proc reports CPU time in clock ticks of 1/100 s on Linux

export interface ProcStat {
  pid: number;
  ppid: number;
  session: number;
  state: string;
  /** utime + stime of the process itself, seconds. */
  cpu: number;
  /** cutime + cstime: children it has reaped, seconds. */
  childCpu: number;
}

export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after "(comm)": state ppid pgrp session ... utime(14) stime(15) cutime(16) cstime(17)
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(f[1]), session: Number(f[3]), state: f[0], cpu: (Number(f[11]) + Number(f[12])) / HZ, childCpu: (Number(f[13]) + Number(f[14])) / HZ };
}

/** Running: the /proc entry exists and is not a zombie (PID 1 here reaps orphans late). */
export function alive(pid: number): boolean {
  const s = procStat(pid);
  return s !== undefined && s.state !== 'Z';
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/**
 * CPU seconds of a daemon and everything in its session (the stack starts each
 * daemon with setsid): live processes' own time plus what they reaped, so
 * Postfix's short-lived cleanup/lmtp/smtpd processes are counted too.
 */
export function sessionCpu(leader: number): number {
  let sum = 0;
  for (const pid of allPids()) {
    const s = procStat(pid);
    if (s && (s.session === leader || pid === leader)) sum += s.cpu + s.childCpu;
  }
  return sum;
}

export function childrenOf(pid: number): number[] {
  return allPids().filter((p) => procStat(p)?.ppid === pid);
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** VmRSS and VmHWM (peak resident set) in MiB. */
export function memory(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/** Whole-machine CPU counters: busy and total seconds summed over all cores. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + v[4]; // idle + iowait
  return { busy: (total - idle) / HZ, total: total / HZ };
}

/** The stack's daemons by the names stack.sh uses for its pid files. */
export const DAEMONS = ['smtp', 'imap', 'mongo', 'redis'] as const;
export type Daemon = (typeof DAEMONS)[number];
export const DAEMON_LABEL: Record<Daemon, string> = { smtp: 'Postfix', imap: 'Dovecot', mongo: 'FerretDB', redis: 'Redis' };

export function daemonPids(stackDir: string): Record<Daemon, number> {
  const out = {} as Record<Daemon, number>;
  for (const d of DAEMONS) out[d] = Number(readFileSync(join(stackDir, 'pids', `${d}.pid`), 'utf8').trim());
  return out;
}

export function daemonCpu(pids: Record<Daemon, number>): Record<Daemon, number> {
  const out = {} as Record<Daemon, number>;
  for (const d of DAEMONS) out[d] = sessionCpu(pids[d]);
  return out;
}

export function diff<K extends string>(a: Record<K, number>, b: Record<K, number>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of Object.keys(a) as K[]) out[k] = b[k] - a[k];
  return out;
}
