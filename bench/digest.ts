/**
 * Digest speed over a large history (npm run bench): seeds BENCH_DIGEST_TICKETS
 * (100,000) tickets into a fresh database on the stack's MongoDB wire server
 * (FerretDB here, or MONGO_URL), then times one digest of the last 7 days
 * end to end: the streamed scan, the figures, four PNG charts, the rendered
 * mail and its outbox record. Prints figures; the goal is under 5 s.
 *
 * Env: BENCH_DIGEST_TICKETS (100000), BENCH_DIGEST_RUNS (3).
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { createApp } from '../src/composition';
import { parseDeskConfig } from '../src/config/desk';
import { createLogger } from '../src/log';
import { testEnv } from '../test/support/gateway';
import { getStack, stopStack } from '../test/support/stack';

const N = Number(process.env.BENCH_DIGEST_TICKETS ?? 100_000);
const RUNS = Number(process.env.BENCH_DIGEST_RUNS ?? 3);
const HOUR = 3_600_000;
const say = (line: string) => process.stdout.write(`${line}\n`);

/** A year of history ending now: most tickets closed long ago, a few hundred open, a week's worth recent. */
function ticket(i: number, now: number, r: () => number) {
  const createdAt = new Date(now - r() * 365 * 24 * HOUR);
  const age = now - createdAt.getTime();
  const open = r() < 0.004 || age < 24 * HOUR * r();
  const resolvedAt = open ? undefined : new Date(createdAt.getTime() + r() * Math.min(age, 72 * HOUR));
  return {
    number: `TG-${String(i + 1).padStart(6, '0')}`, sourceKey: `bench:${i}`, rawMailId: 'bench', contactId: 'bench', mailbox: 'support@example.test', language: ['en', 'ru', 'ro'][i % 3],
    subject: `Benchmark ticket ${i}`, requester: { address: `c${i % 5000}@example.test` }, participants: [], status: open ? ['new', 'open', 'pending'][i % 3] : 'closed',
    priority: ['P1', 'P2', 'P3', 'P3', 'P4'][i % 5], tier: ['L1', 'L1', 'L2', 'L3'][i % 4], category: ['hardware', 'software', 'network', 'access', 'billing'][i % 5],
    assignee: `agent${i % 12}@example.test`, createdAt, resolvedAt, firstRespondedAt: new Date(createdAt.getTime() + r() * 6 * HOUR),
    firstResponseDueAt: new Date(createdAt.getTime() + 4 * HOUR), resolutionDueAt: new Date(createdAt.getTime() + 16 * HOUR),
    ...(resolvedAt && r() < 0.3 ? { satisfaction: { score: 1 + Math.floor(r() * 5), at: resolvedAt, via: 'mail' } } : {}),
  };
}

async function seed(app: Awaited<ReturnType<typeof createApp>>, now: number): Promise<number> {
  let s = 1;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const started = Date.now();
  const tickets = app.mongo.collection('tickets');
  for (let i = 0; i < N; i += 1000) {
    await tickets.insertMany(Array.from({ length: Math.min(1000, N - i) }, (_, k) => ticket(i + k, now, r)), { ordered: false });
  }
  return Date.now() - started;
}

async function main() {
  const stack = await getStack();
  const id = randomBytes(4).toString('hex');
  const support = `support-${id}@${stack.MAIL_DOMAIN}`;
  const env = testEnv(stack, id, support);
  const desk = parseDeskConfig({ desk: { name: 'Bench Support', timeZone: 'Europe/Bucharest' }, mailboxes: [{ address: support }], managers: [{ name: 'Mia', email: `manager-${id}@${stack.MAIL_DOMAIN}`, digests: [] }] });
  const app = await createApp(env, desk, createLogger('warn', { bench: 'digest' }), {});
  try {
    const now = Date.now();
    const seedMs = await seed(app, now);
    say(`digest benchmark: ${N} tickets seeded in ${(seedMs / 1000).toFixed(1)} s on ${process.env.MONGO_URL ? 'MongoDB' : 'FerretDB'}; ${cpus().length} CPUs`);
    // Seeded past the repository: build the reporting rows as an upgrade would, then prune as the hourly job does.
    let t = Date.now();
    const rows = await app.repos.tickets.rebuildDigestRows();
    const rebuildMs = Date.now() - t;
    t = Date.now();
    const pruned = await app.repos.tickets.pruneDigestRows(new Date(now - 70 * 24 * HOUR));
    say(`  reporting rows: ${rows} written in ${(rebuildMs / 1000).toFixed(1)} s (once, at an upgrade); ${pruned} quiet ones pruned in ${Date.now() - t} ms; ${rows - pruned} kept`);
    let t0 = Date.now();
    let scanned = 0;
    for await (const _row of app.repos.tickets.digestRows(new Date(now - 7 * 24 * HOUR))) scanned++;
    say(`  reporting rows read for a 7-day digest: ${scanned} in ${Date.now() - t0} ms`);
    t0 = Date.now();
    const raw = await app.mongo.collection('digestrows').find({}).toArray();
    say(`  the same collection read raw by the driver: ${raw.length} documents in ${Date.now() - t0} ms`);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = Date.now();
      const until = new Date(now + run * 60_000);
      const { figures } = await app.digest({ to: { address: `manager-${id}@${stack.MAIL_DOMAIN}` }, language: 'en', kind: 'weekly', from: new Date(until.getTime() - 7 * 24 * HOUR), until });
      times.push(Date.now() - started);
      if (run === 0) say(`  figures: ${figures.created.total} new, ${figures.resolved.total} resolved, ${figures.open.total} open in the last 7 days`);
    }
    const best = Math.min(...times);
    say(`  digest100kMs: ${times.map((t) => `${t} ms`).join(', ')} (best ${best} ms; goal < 5000 ms: ${best < 5000 ? 'met' : 'NOT met'})`);
  } finally {
    await app.stop();
    await stopStack();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
