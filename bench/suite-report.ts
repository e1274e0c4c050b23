/** The goals of the performance issue, and the table `npm run bench` prints. */
export const GOALS = {
  e2eOverTransport: '>= 0.5',
  latencyP50Ms: '< 1000',
  latencyP99Ms: '< 2000',
  peakRssMb: '< 300 per process',
  bigMailRssRiseMb: '< 3 x attachment size',
  triageMsPerMail: '< 5',
  digest100kMs: '< 5000',
} as const;

const num = (v: unknown, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : String(v));

function verdict(ok: boolean | undefined, value?: unknown): string {
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return 'not measured';
  return ok === undefined ? '' : ok ? 'met' : 'NOT met';
}

export function figuresTable(f: Record<string, unknown>): string {
  const peak = (f.peakRssMb ?? {}) as Record<string, number>;
  const bigMb = Number(process.env.BENCH_BIG_MB ?? 25);
  const rows: Array<[string, string, string, string]> = [
    ['e2eMailsPerSec', num(f.e2eMailsPerSec), '', ''],
    ['transportMailsPerSec', num(f.transportMailsPerSec), '', ''],
    ['parseMailsPerSec', num(f.parseMailsPerSec), '', ''],
    ['e2e / transport', num(f.e2eOverTransport, 3), GOALS.e2eOverTransport, verdict((f.e2eOverTransport as number) >= 0.5)],
    ['e2e / parse', num(f.e2eOverParse, 3), '', ''],
    ['latencyP50Ms', num(f.latencyP50Ms, 0), GOALS.latencyP50Ms, verdict((f.latencyP50Ms as number) < 1000, f.latencyP50Ms)],
    ['latencyP99Ms', num(f.latencyP99Ms, 0), GOALS.latencyP99Ms, verdict((f.latencyP99Ms as number) < 2000, f.latencyP99Ms)],
    [`latency at ${String(f.latencyLowRate)}/s p50 / p99`, `${num(f.latencyLowP50Ms, 0)} / ${num(f.latencyLowP99Ms, 0)}`, '', ''],
    ['peakRssMb', Object.entries(peak).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', '), GOALS.peakRssMb, verdict(Object.values(peak).every((v) => v < 300))],
    ['bigMailRssRiseMb', num(f.bigMailRssRiseMb, 0), `< ${3 * bigMb}`, verdict((f.bigMailRssRiseMb as number) < 3 * bigMb)],
    ['parseMsPerMail', num(f.parseMsPerMail, 2), '', ''],
    ['triageMsPerMail', num(f.triageMsPerMail, 2), GOALS.triageMsPerMail, verdict((f.triageMsPerMail as number) < 5)],
    ['renderMsPerMail', num(f.renderMsPerMail, 2), '', ''],
    ['digest100kMs', num(f.digest100kMs, 0), GOALS.digest100kMs, verdict((f.digest100kMs as number) < 5000, f.digest100kMs)],
  ];
  const w = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length), 6));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(w[i])).join('  ');
  return [`ticketgate bench ${String(f.date)}; ${String(f.machine)}; ${String(f.database)}; backlog ${String(f.backlogMails)} mails (${String(f.backlogTickets)} tickets, ${String(f.backlogQuarantined)} quarantined)`, line(['figure', 'value', 'goal', '']), ...rows.map(line), `big mail: ${String(f.bigMailOutcome)} in ${num(f.bigMailMs, 0)} ms`, `latency: ${String(f.latencyMissing)} acks missing`].join('\n');
}
