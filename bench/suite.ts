/**
 * npm run bench: the whole pipeline against its ceilings, on the real servers.
 *
 *   backlog   BENCH_BACKLOG (5,000) generated mails (70 % single-issue, 20 %
 *             multi-issue in en/ru/ro, 10 % replies, 1 in 50 with a 200 kB
 *             attachment) APPENDed to the support INBOX before `ticketgate
 *             run` starts; from the first mail stored to the last
 *             acknowledgement accepted by SMTP: e2eMailsPerSec, peakRssMb.
 *   ceilings  the same mails fetched over IMAP and answered over SMTP by a
 *             bare script (transportMailsPerSec), and mailparser alone on
 *             them (parseMailsPerSec).
 *   latency   20 mails/s for 60 s, APPEND to ack in the customer's INBOX;
 *             then, the gateway idle again, 1 mail/s for 30 s.
 *   big mail  a 25 MB attachment through the same gateway: bigMailRssRiseMb.
 *   stages    CPU ms per mail for parse, triage and render; digest100kMs.
 *
 * Prints a table, or with --json one JSON object; always writes the JSON to
 * bench/results/latest.json. It measures; it exits 0 whether goals are met.
 *
 * Env: BENCH_BACKLOG (5000), BENCH_LATENCY_RATE (20), BENCH_LATENCY_SECONDS (60),
 *      BENCH_BIG_MB (25), BENCH_DIGEST (1; 0 skips the digest's 3 minutes),
 *      BENCH_WORKER_CONCURRENCY (the gateway's WORKER_CONCURRENCY; default: the gateway's),
 *      FERRETDB_PPROF (e.g. 127.0.0.1:6060: FerretDB serves Go's pprof).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { faultCorpus } from '../test/faults/corpus';
import { rolesUp, startCliGateway } from '../test/faults/chaos';
import { uniq } from '../test/support/gateway';
import { getStack, mongoUrlFor, stopStack } from '../test/support/stack';
import { appendAll, bigMail, bigMailRise, drainBacklog, rssSampler, waitIdle } from './backlog';
import { parseCeiling, transportCeiling } from './ceilings';
import { cpuStages } from './cpu-stages';
import { measureLatency } from './latency';
import { figuresTable, GOALS } from './suite-report';

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 5000);
const LAT_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 20);
const LAT_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 60);
const BIG_BYTES = Number(process.env.BENCH_BIG_MB ?? 25) * 1024 * 1024;
const LOW_RATE = Number(process.env.BENCH_LATENCY_LOW_RATE ?? 1);
const LOW_SECONDS = 30;
const JSON_ONLY = process.argv.includes('--json');

const latencyMail = (from: string, to: string, i: number, mid: string) =>
  Buffer.from(`From: Lat Customer <${from}>\r\nTo: ${to}\r\nSubject: Printer ${i} is offline\r\nMessage-ID: <${mid}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, the printer on floor ${i % 7} shows offline since this morning. Please help.\r\n`);
const say = (line: string) => (JSON_ONLY ? process.stderr : process.stdout).write(`${line}\n`);

/** digest100kMs from bench/digest.js in its own process and stack (it seeds 100,000 tickets). */
function digestMs(): number | null {
  if (process.env.BENCH_DIGEST === '0') return null;
  say('digest: seeding 100,000 tickets and timing a weekly digest (about 3 minutes) ...');
  const out = execFileSync(process.execPath, [resolve(__dirname, 'digest.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const best = /best (\d+) ms/.exec(out)?.[1];
  return best ? Number(best) : null;
}

async function main() {
  const figures: Record<string, unknown> = { date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`, node: process.version, database: process.env.MONGO_URL ? 'MongoDB (MONGO_URL)' : 'FerretDB v1.24.2 (SQLite)', backlogMails: BACKLOG };
  figures.digest100kMs = digestMs();
  const stack = await getStack();
  const tag = uniq();
  const id = `bb${tag}`;
  const support = `support-${id}@${stack.MAIL_DOMAIN}`;
  const { requests, replies } = faultCorpus(BACKLOG, tag, support, stack.MAIL_DOMAIN, { attachEvery: 50 });
  const raws = [...requests, ...replies].map((m) => m.raw);
  say(`stages and ceilings over ${raws.length} mails ...`);
  Object.assign(figures, await cpuStages(raws.slice(0, 1000)));
  figures.parseMailsPerSec = (await parseCeiling(raws)).mailsPerSec;
  figures.transportMailsPerSec = (await transportCeiling(stack, raws, { mailbox: `ceiling-${tag}@${stack.MAIL_DOMAIN}`, ackTo: (i) => `ceilack-${tag}-${i}@${stack.MAIL_DOMAIN}`, from: `ceiling-${tag}@${stack.MAIL_DOMAIN}` })).mailsPerSec;
  say(`backlog: appending ${raws.length} mails, then starting the gateway ...`);
  await appendAll(stack, support, raws);
  const workDir = mkdtempSync('/tmp/tg-bench-');
  const gw = startCliGateway(stack, id, workDir, { IMAP_POLL_SECONDS: '5', ...(process.env.BENCH_WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY } : {}) }, ['limits:', `  maxMailBytes: ${BIG_BYTES * 2}`, 'conversation:', '  maxAutoMailsPerHour: 100000']);
  const mongo = await MongoClient.connect(mongoUrlFor(stack, `tg_${id}`));
  try {
    await rolesUp(gw);
    const rss = rssSampler(gw);
    const queues = { redisUrl: stack.REDIS_URL, prefix: `tg${id}` };
    const backlog = await drainBacklog(mongo.db(), queues, raws.length, 3 * 3_600_000, say);
    rss.stop();
    Object.assign(figures, { e2eMailsPerSec: backlog.mailsPerSec, backlogTickets: backlog.tickets, backlogQuarantined: backlog.quarantined, backlogAcks: backlog.acks, peakRssMb: rss.peak });
    say(`latency: ${LAT_RATE} mails/s for ${LAT_SECONDS} s ...`);
    const customer = `lat-${tag}@${stack.MAIL_DOMAIN}`;
    const lat = await measureLatency(stack, { support, customer, rate: LAT_RATE, seconds: LAT_SECONDS, makeRaw: (i, mid) => latencyMail(customer, support, i, mid) });
    Object.assign(figures, { latencyP50Ms: lat.p50Ms, latencyP99Ms: lat.p99Ms, latencyMaxMs: lat.maxMs, latencyMissing: lat.missing });
    // The backlog of the latency run drains first: the next figures are for an idle gateway.
    figures.latencyDrainMs = await waitIdle(queues, 3_600_000);
    say(`latency at ${LOW_RATE} mail/s for ${LOW_SECONDS} s (what a single mail sees on an idle gateway) ...`);
    const low = await measureLatency(stack, { support, customer: `low-${customer}`, rate: LOW_RATE, seconds: LOW_SECONDS, makeRaw: (i, mid) => latencyMail(`low-${customer}`, support, i, mid) });
    Object.assign(figures, { latencyLowRate: LOW_RATE, latencyLowP50Ms: low.p50Ms, latencyLowP99Ms: low.p99Ms, latencyLowMissing: low.missing });
    await waitIdle(queues, 600_000);
    say(`big mail: ${BIG_BYTES / 2 ** 20} MiB attachment ...`);
    const bigId = `big-${tag}@customer.${stack.MAIL_DOMAIN}`;
    const big = await bigMailRise(stack, gw, mongo.db(), bigMail(`big-${tag}@${stack.MAIL_DOMAIN}`, support, BIG_BYTES, bigId), bigId, 600_000);
    Object.assign(figures, { bigMailRssRiseMb: big.riseMb, bigMailRssRiseByRole: big.byRole, bigMailOutcome: big.outcome, bigMailMs: big.ms });
  } finally {
    await gw.stop();
    await mongo.close();
    await stopStack();
  }
  figures.e2eOverTransport = (figures.e2eMailsPerSec as number) / (figures.transportMailsPerSec as number);
  figures.e2eOverParse = (figures.e2eMailsPerSec as number) / (figures.parseMailsPerSec as number);
  figures.goals = GOALS;
  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
  if (JSON_ONLY) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else say(figuresTable(figures));
}

main().catch(async (err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  await stopStack().catch(() => undefined);
  process.exit(1);
});
