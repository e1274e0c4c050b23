import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { uniq } from '../support/gateway';
import { imapFor } from '../support/mail';
import { prng } from '../support/prng';
import { getStack, mongoUrlFor, type Stack } from '../support/stack';
import { accountInDatabase, attributeDuplicates, countAcks, summaryTable } from './account';
import { rolesUp, sleep, smtpRelay, stackCtl, startCliGateway, type CliGateway } from './chaos';
import { faultCorpus, type FaultMail } from './corpus';
import { explainUnfinished } from './diagnose';

const N = Number(process.env.FAULT_MAILS ?? 1000);
const KILLS = Number(process.env.FAULT_KILLS ?? 20);

/**
 * Nothing lost under crashes and outages: 1,000 generated customer mails go
 * through `ticketgate run` (a supervisor with an ingest and a worker process)
 * on the real servers while the suite kills the processes with SIGKILL 20
 * times, restarts Redis (append-only file on), stops the MongoDB wire server
 * for 30 s, restarts the IMAP server, and makes SMTP refuse for 60 s. Then
 * every mail must be accounted for and every request acknowledged.
 */
describe('faults: 1,000 mails through kills and outages', function () {
  this.timeout(30 * 60_000);
  let stack: Stack;
  let gw: CliGateway;
  let relay: Awaited<ReturnType<typeof smtpRelay>>;
  let mongo: MongoClient;
  const events: string[] = [];
  const t0 = Date.now();
  const note = (what: string) => events.push(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${what}`);

  before(async () => {
    process.env.STACK_REDIS_AOF = 'yes';
    stack = await getStack();
    relay = await smtpRelay({ host: stack.SMTP_HOST, port: Number(stack.SMTP_PORT) });
    const id = `ft${uniq()}`;
    gw = startCliGateway(stack, id, mkdtempSync('/tmp/tg-faults-'), { SMTP_PORT: String(relay.port), IMAP_LOCK_SECONDS: '5', RECOVERY_SECONDS: '10', IMAP_POLL_SECONDS: '5' });
    await rolesUp(gw);
    mongo = await MongoClient.connect(mongoUrlFor(stack, `tg_${id}`), { serverSelectionTimeoutMS: 60_000 });
  });
  after(async () => {
    await gw?.stop();
    await relay?.close();
    await mongo?.close();
  });

  it('accounts for every mail, duplicates no ticket, acknowledges every request, and recovers without help', async () => {
    const { requests, replies } = faultCorpus(N, uniq(), gw.support, stack.MAIL_DOMAIN);
    const db = mongo.db();
    const chaos = runChaos(stack, gw, relay, note);
    note(`appending ${requests.length} requests`);
    await appendAll(stack, gw.support, requests, 15, note);
    const explain = () => explainUnfinished(db, stack, gw.prefix, [...requests, ...replies], gw.logFile);
    await untilFinal(db, requests, note, 'requests', explain);
    note(`appending ${replies.length} replies`);
    await appendAll(stack, gw.support, replies, 15, note);
    await untilFinal(db, [...requests, ...replies], note, 'all mails', explain);
    const kills = await chaos;
    await untilAllSent(db, note);
    await rolesUp(gw, 60_000);
    note('both processes up');

    const a = await accountInDatabase(db, [...requests, ...replies]);
    const acks = await countAcks(stack, requests);
    attributeDuplicates(acks.duplicates, { smtpCutAt: kills.smtpCutAt, workerKillsAt: kills.workerKillsAt });
    const quarantined = Object.entries(a.quarantined).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
    process.stdout.write(`\n  fault run timeline:\n${events.map((e) => `    ${e}`).join('\n')}\n\n  fault run summary:\n${summaryTable([
      ['mails sent (requests + replies)', `${a.mails} (${requests.length} + ${replies.length})`],
      ['kill -9 (ingest / worker)', `${kills.ingest + kills.worker} (${kills.ingest} / ${kills.worker})`],
      ['SMTP connections refused', relay.refused()],
      ['stored', a.stored],
      ['missing (never stored)', a.missing.length],
      ['stored twice', a.storedTwice.length],
      ['without an outcome', a.notFinal.length],
      ['opened tickets', a.asTickets],
      ['threaded as replies', a.asReplies],
      ['quarantined (reason n)', quarantined],
      ['tickets', a.tickets],
      ['tickets not matching their outcome', a.ticketMismatch.length],
      ['tickets opened by replies', a.ticketsFromReplies],
      ['ticket numbers used twice', a.numberClashes],
      ['requests with exactly one ack', `${acks.withOne} of ${acks.customers}`],
      ['requests without an ack', acks.missing.length],
      ['SMTP connections cut when it began refusing', relay.cut()],
      ['requests with duplicate acks', acks.duplicates.length ? acks.duplicates.map((d) => `${d.customer} ×${d.acks} (${d.cause})`).join(', ') : 0],
    ])}\n\n`);

    assert.equal(kills.ingest + kills.worker, KILLS, 'every planned kill happened');
    assert.deepEqual([a.missing, a.storedTwice, a.notFinal], [[], [], []], 'every mail stored once and final');
    assert.deepEqual(a.quarantined, {}, 'no mail quarantined (none needed the give-up path)');
    assert.equal(a.asTickets, requests.length);
    assert.equal(a.asReplies, replies.length);
    assert.deepEqual([a.ticketMismatch, a.ticketsFromReplies, a.numberClashes], [[], 0, 0], 'no ticket duplicated');
    assert.deepEqual(acks.missing, [], 'every request acknowledged');
    // At-least-once delivery: an ack is doubled only when the SMTP server took it but its 250 never
    // counted: a connection cut in that moment, or a worker killed before it marked the send.
    const allowed = kills.worker + relay.cut();
    assert.ok(acks.duplicates.length <= allowed, `${acks.duplicates.length} duplicate acks, more than the ${kills.worker} worker kills and ${relay.cut()} cut SMTP connections`);
  });
});

/** The fault schedule: outages at fixed times, kills at seeded random moments in between. */
async function runChaos(stack: Stack, gw: CliGateway, relay: { refuse(on: boolean): void }, note: (s: string) => void) {
  const r = prng(7);
  const start = Date.now();
  const at = async (s: number) => sleep(Math.max(0, start + s * 1000 - Date.now()));
  const kills = { ingest: 0, worker: 0, workerKillsAt: [] as number[], smtpCutAt: undefined as number | undefined };
  const killer = (async () => {
    for (let k = 0; k < KILLS; k++) {
      await sleep(4_000 + r() * 6_000);
      const role = r() < 0.5 ? 'ingest' : 'worker';
      await rolesUp(gw, 120_000);
      const pid = gw.kill(role);
      if (pid) kills[role]++;
      if (pid && role === 'worker') kills.workerKillsAt.push(Date.now());
      note(`kill -9 ${role} (pid ${pid})`);
    }
  })();
  const outages = (async () => {
    await at(15);
    await stackCtl(stack, 'restart-one', 'redis');
    note('Redis restarted (append-only file on)');
    await at(35);
    await stackCtl(stack, 'stop-one', 'mongo');
    note('MongoDB wire server stopped');
    await at(65);
    await stackCtl(stack, 'start-one', 'mongo');
    note('MongoDB wire server started again after 30 s');
    await at(80);
    await stackCtl(stack, 'restart-one', 'imap');
    note('IMAP server restarted (connections dropped)');
    await at(95);
    relay.refuse(true);
    kills.smtpCutAt = Date.now();
    note('SMTP refusing (421)');
    await at(155);
    relay.refuse(false);
    note('SMTP accepting again after 60 s');
  })();
  await Promise.all([killer, outages]);
  return kills;
}

/** APPENDs the mails at `perSecond`, riding out an IMAP restart by reconnecting. */
async function appendAll(stack: Stack, support: string, mails: FaultMail[], perSecond: number, note: (s: string) => void) {
  const started = Date.now();
  let client = imapFor(stack, support);
  let connected = false;
  for (let i = 0; i < mails.length; ) {
    try {
      if (!connected) {
        client = imapFor(stack, support);
        client.on('error', () => undefined);
        await client.connect();
        connected = true;
      }
      await client.append('INBOX', mails[i].raw);
      i++;
      await sleep(Math.max(0, started + (i * 1000) / perSecond - Date.now()));
    } catch (err) {
      note(`append retried after: ${(err as Error).message}`);
      connected = false;
      await client.logout().catch(() => undefined);
      await sleep(1000);
    }
  }
  await client.logout().catch(() => undefined);
}

/** Waits until every given mail has a final status, tolerating the database's own outage. */
/**
 * Waits until every given mail has a final status, tolerating the database's
 * own outage. Fails once nothing has moved for STALL_MS (the recovery sweep
 * runs every 10 s and acts on mail older than 2 minutes, so 5 minutes without
 * progress means stuck), with an account of each unfinished mail.
 */
async function untilFinal(db: ReturnType<MongoClient['db']>, mails: FaultMail[], note: (s: string) => void, what: string, explain: () => Promise<string>) {
  const ids = new Set(mails.map((m) => m.messageId));
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const done = await db.collection('rawmails').countDocuments({ status: { $ne: 'stored' } }).catch(() => -1);
    if (done >= ids.size) {
      note(`${what}: all ${ids.size} final`);
      return;
    }
    if (done !== last) [last, movedAt] = [done, Date.now()];
    if (Date.now() - movedAt > STALL_MS) throw new Error(`${what}: only ${done} of ${ids.size} final, no progress for ${STALL_MS / 60_000} minutes\n${await explain().catch((e: Error) => `(no account: ${e.message})`)}`);
    await sleep(2_000);
  }
}

const STALL_MS = 5 * 60_000;

async function untilAllSent(db: ReturnType<MongoClient['db']>, note: (s: string) => void) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const left = await db.collection('outbox').countDocuments({ status: { $in: ['queued', 'sending'] } }).catch(() => -1);
    if (left === 0) {
      note('outbox: everything sent');
      return;
    }
    if (Date.now() > deadline) throw new Error(`${left} outbound mails still unsent after 10 minutes`);
    await sleep(2_000);
  }
}
