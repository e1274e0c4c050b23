import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { spawnRole, writeDesk, type RoleProcess } from '../support/cli-roles';
import { uniq } from '../support/gateway';
import { imapFor, readMailbox, until } from '../support/mail';
import { getStack, mongoUrlFor, type Stack } from '../support/stack';

const PER_MAILBOX = 20;
const PRODUCTS = ['printer', 'VPN client', 'laptop', 'monitor', 'mail client', 'scanner', 'phone', 'badge reader', 'projector', 'headset'];

function request(id: string, to: string, i: number) {
  const from = `scale-${id}-${to.split('@')[0]}-${i}@example.test`;
  const raw = [`From: Customer ${i} <${from}>`, `To: ${to}`, `Subject: The ${PRODUCTS[i % PRODUCTS.length]} in room ${100 + i} does not work`, `Message-ID: <scale-${id}-${i}-${to.split('@')[0]}@example.test>`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', `Since this morning the ${PRODUCTS[i % PRODUCTS.length]} in room ${100 + i} shows an error and nobody can use it.`, ''].join('\r\n');
  return { from, raw };
}

/**
 * Scale-out on the real servers: two ingest processes share two support
 * mailboxes (one active poller per mailbox, spread over the processes), two
 * worker processes share the jobs, one scheduler runs the sweeps. Every mail
 * becomes one ticket with one acknowledgement, whichever process touched it,
 * and SIGTERM stops a process cleanly, handing its mailbox to the other.
 */
describe('scale-out: two ingest and two worker processes on two mailboxes', function () {
  this.timeout(240_000);
  let stack: Stack;
  let mongo: MongoClient;
  const id = `so${uniq()}`;
  const work = mkdtempSync('/tmp/tg-scale-');
  const procs: RoleProcess[] = [];
  let mailboxes: string[];

  before(async () => {
    stack = await getStack();
    mailboxes = ['a', 'b'].map((k) => `support-${k}-${id}@${stack.MAIL_DOMAIN}`);
    const desk = writeDesk(stack, id, work, mailboxes);
    const env = { IMAP_LOCK_SECONDS: '6', IMAP_POLL_SECONDS: '2', RECOVERY_SECONDS: '10' };
    procs.push(spawnRole(stack, id, work, desk, 'ingest-1', ['ingest'], env), spawnRole(stack, id, work, desk, 'ingest-2', ['ingest'], env));
    procs.push(spawnRole(stack, id, work, desk, 'worker-1', ['worker'], env), spawnRole(stack, id, work, desk, 'worker-2', ['worker', '--queues', 'intake,send,quarantine-move,care,sweep,digest'], env));
    procs.push(spawnRole(stack, id, work, desk, 'scheduler', ['scheduler'], env));
    mongo = await MongoClient.connect(mongoUrlFor(stack, `tg_${id}`));
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    await mongo?.close();
  });

  it('spreads the mailboxes over the ingest processes and the jobs over the workers, with no duplicates', async () => {
    const ingest = procs.filter((p) => p.name.startsWith('ingest'));
    await until('each ingest process watches one mailbox', async () => ingest.every((p) => /watching mailbox/.test(p.log())), 60_000);
    const sent: Array<{ from: string }> = [];
    for (const m of mailboxes) {
      const client = imapFor(stack, m);
      await client.connect();
      for (let i = 0; i < PER_MAILBOX; i++) {
        const mail = request(id, m, i);
        await client.append('INBOX', mail.raw);
        sent.push(mail);
      }
      await client.logout();
    }
    const db = mongo.db();
    await until('every mail has an outcome', async () => (await db.collection('rawmails').countDocuments({ status: 'done' })) === sent.length, 120_000);
    await until('every acknowledgement sent', async () => (await db.collection('outbox').countDocuments({ kind: 'acknowledgement', status: 'sent' })) === sent.length, 60_000);

    assert.equal(await db.collection('rawmails').countDocuments({}), sent.length, 'each mail stored once');
    const tickets = await db.collection('tickets').find({}, { projection: { number: 1, 'requester.address': 1 } }).toArray();
    assert.equal(new Set(tickets.map((t) => t.number)).size, tickets.length, 'no ticket number used twice');
    assert.equal(new Set(tickets.map((t) => t.requester.address)).size, sent.length, 'a ticket for every customer');
    for (const s of sent) assert.equal((await readMailbox(stack, s.from)).length, 1, `${s.from} got exactly one acknowledgement`);
    const workers = procs.filter((p) => p.name.startsWith('worker'));
    for (const w of workers) assert.match(w.log(), /tickets opened/, `${w.name} took part of the intake`);
    const watched = ingest.map((p) => mailboxes.filter((m) => p.log().includes(`"mailbox":"${m}","folder"`)));
    assert.ok(watched.every((w) => w.length >= 1), `each ingest process watched a mailbox: ${JSON.stringify(watched)}`);
  });

  it('SIGTERM stops an ingest process cleanly and the other takes its mailbox over at once', async () => {
    const [first, second] = procs.filter((p) => p.name.startsWith('ingest'));
    const before = second.log().split('watching mailbox').length;
    const started = Date.now();
    assert.equal(await first.stop('SIGTERM'), 0, 'exit code 0');
    assert.match(first.log(), /"msg":"stopped"/);
    await until('the other process watches the freed mailbox', async () => second.log().split('watching mailbox').length > before, 20_000);
    // The lock was released, not left to expire: the take-over needs one heartbeat, not the 6 s expiry plus a heartbeat.
    assert.ok(Date.now() - started < 8_000, `taken over after ${Date.now() - started} ms`);
  });

  it('SIGTERM lets a worker finish the jobs in flight and exit 0; the other worker does the rest, nothing doubled', async () => {
    const worker = procs.find((p) => p.name === 'worker-1')!;
    const client = imapFor(stack, mailboxes[1]);
    await client.connect();
    const more = Array.from({ length: 10 }, (_, i) => request(`${id}x`, mailboxes[1], i));
    for (const m of more) await client.append('INBOX', m.raw);
    await client.logout();
    const db = mongo.db();
    const total = 2 * PER_MAILBOX + more.length;
    await until('the new mails are being handled', async () => (await db.collection('rawmails').countDocuments({})) > 2 * PER_MAILBOX, 30_000);
    assert.equal(await worker.stop('SIGTERM'), 0, 'exit code 0');
    assert.match(worker.log(), /"msg":"stopped"/);
    await until('every mail has an outcome', async () => (await db.collection('rawmails').countDocuments({ status: 'done' })) === total, 60_000);
    await until('every acknowledgement sent', async () => (await db.collection('outbox').countDocuments({ kind: 'acknowledgement', status: 'sent' })) === total, 60_000);
    for (const m of more) assert.equal((await readMailbox(stack, m.from)).length, 1, `${m.from} got exactly one acknowledgement`);
  });

  it('any process serves the cluster-wide counters on /metrics, and health and readiness', async () => {
    const opsPort = (p: RoleProcess) => Number(/"port":(\d+),"host":"127.0.0.1","dashboard":\w+,"msg":"operators' endpoints listening"/.exec(p.log())?.[1]);
    const scheduler = procs.find((p) => p.name === 'scheduler')!;
    const ingest = procs.find((p) => p.name === 'ingest-2')!;
    const total = 2 * PER_MAILBOX + 10;
    const read = async () => (await fetch(`http://127.0.0.1:${opsPort(scheduler)}/metrics`)).text();
    const sum = (text: string, re: RegExp) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    const text = await until('the counters flushed by every process', async () => {
      const t = await read();
      return sum(t, /^outbound_sent_total\{kind="acknowledgement"\} (\d+)$/gm) === total ? t : undefined;
    }, 15_000);
    assert.equal(sum(text, /^mails_ingested_total\{mailbox="[^"]+"\} (\d+)$/gm), total, 'ingested by two ingest processes, one of them stopped since');
    assert.equal(sum(text, /^tickets_opened_total\{priority="P\d"\} (\d+)$/gm), total, 'opened by two worker processes');
    assert.match(text, /^ingest_lag_seconds_count\{mailbox="[^"]+"\} \d+$/m);
    assert.match(text, /^queue_jobs\{queue="intake",state="failed"\} 0$/m);
    assert.match(text, /^ticketgate_up\{role="scheduler"\} 1$/m);
    assert.equal((await fetch(`http://127.0.0.1:${opsPort(ingest)}/healthz`)).status, 200);
    const ready = await fetch(`http://127.0.0.1:${opsPort(ingest)}/readyz`);
    assert.equal(ready.status, 200, await ready.text());
  });
});
