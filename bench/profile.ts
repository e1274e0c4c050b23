/**
 * CPU profiles (V8 .cpuprofile) and a short summary of where the time went:
 * self time by package, the top functions by self time, and the project's own
 * functions by inclusive time. BENCH_PROFILE=1 turns this on.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Profiles this process (the in-process gateway) between start and the returned stop. */
export async function startInProcessProfile(): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async () => {
    const res = (await post('Profiler.stop')) as { profile: CpuProfile };
    session.disconnect();
    return res.profile;
  };
}

/** The children's profiles from --cpu-prof, by PID (the file name ends in .PID.TID.SEQ.cpuprofile). */
export function readProfiles(dir: string): Map<number, CpuProfile> {
  const out = new Map<number, CpuProfile>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const pid = Number(f.split('.').slice(-4)[0]);
    out.set(pid, JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile);
  }
  return out;
}

export function saveProfile(file: string, profile: CpuProfile): void {
  writeFileSync(file, JSON.stringify(profile));
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 13).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const m = /\/dist\/(src|bench|test)\/(.*)$/.exec(url);
  if (m) return `project:${m[1]}/${m[2].split('/')[0]}`;
  return url;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 13);
  const d = url.indexOf('/dist/');
  return d >= 0 ? url.slice(d + 6) : url.replace(/^file:\/\//, '');
}

/** Text lines summarising a profile; `top` entries per list. */
export function summarize(profile: CpuProfile, top = 12): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const idleMs = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busyMs = totalMs - idleMs;
  const byPkg = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') continue;
    const pkg = packageOf(n.callFrame.url, n.callFrame.functionName);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + ms);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
  }
  // Inclusive time of the project's own functions (each counted once per stack).
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/\/dist\/src\//.test(f.url)) continue;
      const key = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + ms);
    }
  }
  const pct = (ms: number) => `${((100 * ms) / Math.max(busyMs, 1)).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => `    ${(ms / 1000).toFixed(2).padStart(7)} s ${pct(ms)}  ${k}`);
  return [
    `  profiled ${(totalMs / 1000).toFixed(1)} s wall, ${(busyMs / 1000).toFixed(1)} s on the JS thread (not idle)`,
    '  self time by package:',
    ...list(byPkg),
    '  top functions by self time:',
    ...list(byFn),
    '  project functions by inclusive time:',
    ...list(incl),
  ];
}
