import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../../src/app/ports';
import { startOpsServer, type OpsServerDeps } from '../../src/web/ops-server';
import { createQueues, type QueueSet } from '../../src/workers/queues';
import { redisMetrics, type RedisMetrics } from '../../src/workers/redis-metrics';
import { uniq } from '../support/gateway';
import { getStack } from '../support/stack';

function memoryLog() {
  const lines: Array<{ level: string; o: object; m?: string }> = [];
  const at = (level: string) => (o: object, m?: string) => void lines.push({ level, o, m });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

/**
 * Two metrics writers stand for two processes sharing one Redis; the server
 * reads the totals through one of them. Real Redis, random BullMQ prefix.
 */
describe('ops server: metrics, health, readiness, queue dashboard (real Redis)', function () {
  this.timeout(60_000);
  const prefix = `tgops${uniq()}`;
  const { log, lines } = memoryLog();
  const clients: Redis[] = [];
  const closers: Array<() => Promise<unknown>> = [];
  let connection: { url: string; maxRetriesPerRequest: null };
  let queues: QueueSet;
  let one: RedisMetrics;
  let two: RedisMetrics;
  let base: string;
  let imap: 'up' | 'down' | 'hung' = 'up';
  const auth = basic('ops', 'pässword:with colon');

  before(async () => {
    const stack = await getStack();
    connection = { url: stack.REDIS_URL, maxRetriesPerRequest: null };
    clients.push(new Redis(stack.REDIS_URL), new Redis(stack.REDIS_URL));
    one = redisMetrics(clients[0], prefix, log);
    two = redisMetrics(clients[1], prefix, log, { flushMs: 50 });
    queues = createQueues(connection, prefix);
    const deps: OpsServerDeps = {
      role: 'worker',
      metrics: one,
      queues: queues.queues,
      probes: [
        { name: 'redis', check: async () => void (await clients[0].ping()) },
        { name: 'imap', check: () => (imap === 'up' ? Promise.resolve() : imap === 'down' ? Promise.reject(new Error('session closed')) : new Promise(() => {})) },
      ],
      dashboard: { user: 'ops', password: 'pässword:with colon' },
      log,
    };
    const server = await startOpsServer(deps, { port: 0 });
    base = `http://127.0.0.1:${server.port}`;
    closers.push(() => server.close(), () => one.close(), () => two.close(), () => queues.close());
  });
  after(async () => {
    for (const close of closers) await close();
    for (const c of clients) c.disconnect();
  });

  it('batches counts in memory and serves the sum of every process at /metrics', async () => {
    one.count('mails_ingested_total', { mailbox: 'support@example.com' }, 2);
    two.count('mails_ingested_total', { mailbox: 'support@example.com' }, 3);
    one.count('outbound_failed_total', { permanent: 'yes', kind: 'acknowledgement' });
    two.count('outbound_failed_total', { kind: 'acknowledgement', permanent: 'yes' });
    one.observe('ingest_lag_seconds', 1.5, { mailbox: 'support@example.com' });
    two.observe('ingest_lag_seconds', 2.25, { mailbox: 'support@example.com' });
    assert.deepEqual(await clients[0].hgetall(`${prefix}:metrics`), {}, 'counting costs no Redis round trip');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(Object.keys(await clients[0].hgetall(`${prefix}:metrics`)).length, 4, 'the timer flushed the second writer');

    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    assert.match(text, /^# HELP mails_ingested_total .+\n# TYPE mails_ingested_total counter\nmails_ingested_total\{mailbox="support@example.com"\} 5$/m);
    assert.match(text, /^outbound_failed_total\{kind="acknowledgement",permanent="yes"\} 2$/m);
    assert.match(text, /^# TYPE ingest_lag_seconds summary\ningest_lag_seconds_sum\{mailbox="support@example.com"\} 3.75\ningest_lag_seconds_count\{mailbox="support@example.com"\} 2$/m);
    assert.match(text, /^ticketgate_up\{role="worker"\} 1$/m);
    assert.match(text, /^process_resident_memory_bytes \d+$/m);
    assert.match(text, /^process_start_time_seconds \d+(\.\d+)?$/m);
    assert.match(text, /^ticketgate_scrape_source_ok\{source="counters"\} 1$/m);
    assert.doesNotMatch(text, /tickets_opened_total/, 'a family with no series yet is left out');
  });

  it('keeps the counts of a failed flush for the next one, and warns once', async () => {
    const stack = await getStack();
    const offline = new Redis(stack.REDIS_URL, { enableOfflineQueue: false });
    clients.push(offline);
    if (offline.status !== 'ready') await once(offline, 'ready');
    // Closed on purpose, not reconnecting: every command fails until connect().
    offline.disconnect();
    if (offline.status !== 'end') await once(offline, 'end');
    const m = redisMetrics(offline, prefix, log, { flushMs: 60_000 });
    const warnings = () => lines.filter((l) => l.level === 'warn' && l.m?.startsWith('metrics flush failed')).length;
    m.count('jobs_failed_total', { queue: 'send' }, 4);
    await m.flush();
    m.count('jobs_failed_total', { queue: 'send' });
    await m.flush();
    assert.equal(warnings(), 1, 'at most one warning a minute');
    const field = JSON.stringify(['jobs_failed_total', [['queue', 'send']]]);
    assert.equal(await clients[0].hget(`${prefix}:metrics`, field), null, 'nothing was written while Redis was away');
    await offline.connect();
    await m.close();
    assert.equal(await clients[0].hget(`${prefix}:metrics`, field), '5');
  });

  it('shows queue depths per queue and state', async () => {
    await queues.intake(['raw-a', 'raw-b']);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(text, /^queue_jobs\{queue="intake",state="waiting"\} 2$/m);
    assert.match(text, /^queue_jobs\{queue="send",state="failed"\} 0$/m);
    assert.match(text, /^# TYPE queue_jobs gauge$/m);
  });

  it('answers /healthz, and /readyz until a probe fails or hangs', async () => {
    const health = await fetch(`${base}/healthz`);
    assert.deepEqual([health.status, await health.text()], [200, 'ok']);
    const ready = await fetch(`${base}/readyz`);
    assert.deepEqual([ready.status, await ready.json()], [200, { status: 'ready', probes: ['redis', 'imap'] }]);
    imap = 'down';
    const down = await fetch(`${base}/readyz`);
    assert.deepEqual([down.status, await down.json()], [503, { status: 'not ready', failing: [{ name: 'imap', error: 'failed' }] }]);
    imap = 'hung';
    const started = Date.now();
    const hung = await fetch(`${base}/readyz`);
    assert.deepEqual([hung.status, await hung.json()], [503, { status: 'not ready', failing: [{ name: 'imap', error: 'timed out' }] }]);
    assert.ok(Date.now() - started < 3000, 'the probe timeout is 2 s');
    imap = 'up';
    assert.equal((await fetch(`${base}/healthz`, { method: 'POST' })).status, 405);
  });

  it('guards the dashboard with Basic auth and lists failed jobs, escaped', async () => {
    await failOneSend('out-bad', 'relay said <554> "no" & bye');
    const anonymous = await fetch(`${base}/queues`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="ticketgate"');
    assert.equal((await fetch(`${base}/queues`, { headers: { authorization: basic('ops', 'wrong') } })).status, 401);
    assert.equal((await fetch(`${base}/queues`, { headers: { authorization: basic('someone', 'pässword:with colon') } })).status, 401);
    assert.equal((await fetch(`${base}/queues/send/out-bad/retry`, { method: 'POST' })).status, 401, 'a retry needs auth too');

    const page = await fetch(`${base}/queues`, { headers: { authorization: auth } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await page.text();
    assert.ok(html.includes('relay said &lt;554&gt; &quot;no&quot; &amp; bye'), html);
    assert.ok(!html.includes('<554>'));
    assert.ok(html.includes('action="queues/send/out-bad/retry"'));
    assert.match(html, /<th scope="row">intake<\/th><td>2<\/td>/);
  });

  it('retries a failed job on a same-origin POST only', async () => {
    const job = () => queues.queues.send.getJob('out-bad');
    const crossSite = await fetch(`${base}/queues/send/out-bad/retry`, { method: 'POST', headers: { authorization: auth, origin: 'https://evil.example' } });
    assert.equal(crossSite.status, 403);
    assert.equal(await (await job())!.getState(), 'failed');

    const retried = await fetch(`${base}/queues/send/out-bad/retry`, { method: 'POST', headers: { authorization: auth, origin: base }, redirect: 'manual' });
    assert.equal(retried.status, 303);
    assert.equal(retried.headers.get('location'), '../../../queues');
    assert.equal(await (await job())!.getState(), 'waiting');
    assert.ok(lines.some((l) => l.m === 'failed job retried from the dashboard'));

    const again = await fetch(`${base}/queues/send/out-bad/retry`, { method: 'POST', headers: { authorization: auth } });
    assert.equal(again.status, 409, 'only a failed job is retried');
    assert.equal((await fetch(`${base}/queues/send/nope/retry`, { method: 'POST', headers: { authorization: auth } })).status, 404);
    assert.equal((await fetch(`${base}/queues/nope/out-bad/retry`, { method: 'POST', headers: { authorization: auth } })).status, 404);
  });

  it('answers 404 for the dashboard when no credentials are configured', async () => {
    const server = await startOpsServer({ role: 'ingest', metrics: one, queues: queues.queues, probes: [], log }, { port: 0 });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/queues`, { headers: { authorization: auth } });
      assert.equal(res.status, 404);
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status, 200, 'no probes: ready');
    } finally {
      await server.close();
    }
  });

  async function failOneSend(id: string, reason: string) {
    await queues.send([id]);
    const worker = new Worker('send', async () => {
      throw new UnrecoverableError(reason);
    }, { connection, prefix });
    const q = queues.queues.send;
    for (let i = 0; i < 100 && !(await q.getJob(id))?.finishedOn; i++) await new Promise((r) => setTimeout(r, 100));
    await worker.close();
    assert.equal(await (await q.getJob(id))!.getState(), 'failed');
  }
});
