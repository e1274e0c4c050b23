import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'bullmq';
import { createMailboxLock } from '../../src/ingest/mailbox-lock';
import { redisMailboxShare } from '../../src/ingest/mailbox-share';
import { createQueues, type QueueSet } from '../../src/workers/queues';
import { redisRateCounter } from '../../src/workers/rate-counter';
import { createRedis, type RedisClient } from '../../src/workers/redis-connection';
import { redisKeyedLock } from '../../src/workers/redis-keyed-lock';
import { redisMetrics } from '../../src/workers/redis-metrics';
import { parseEnvFile, ROOT } from '../support/stack';

const run = promisify(execFile);
const SCRIPT = join(ROOT, 'scripts/redis-topology.sh');
/** As core.ts creates its clients. */
const OPTS = { maxRetriesPerRequest: null, enableReadyCheck: true };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Topology {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** scripts/redis-topology.sh under a fresh directory; a failed start is stopped here too (e.g. killed by the timeout). */
async function startTopology(kind: 'cluster' | 'sentinel'): Promise<Topology> {
  const dir = mkdtempSync('/tmp/tg-topo-');
  const stop = async () => void (await run('bash', [SCRIPT, 'stop', dir, '--clean'], { timeout: 30_000 }));
  try {
    await run('bash', [SCRIPT, 'start', kind, dir], { timeout: 60_000 });
    return { env: parseEnvFile(readFileSync(join(dir, 'topology.env'), 'utf8')), stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
}

const ids = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}${i}`);

/** Producer queues and an intake Worker on their own clients, as an ingest and a worker process have. */
function queueRig(client: () => RedisClient, prefix: string) {
  const queues: QueueSet = createQueues(client(), prefix);
  const seen = new Set<string>();
  const worker = new Worker('intake', async (job) => void seen.add(String(job.data.rawMailId)), { connection: client(), prefix });
  // A failover makes the worker's blocking connection report errors while it reconnects: expected, not a test failure.
  worker.on('error', () => undefined);
  return { queues, seen, worker, close: async () => Promise.all([worker.close(), queues.close()]) };
}

/** Every client a suite opens, so `after` disconnects them all before the servers stop. */
function clientPool(url: () => string) {
  const open: RedisClient[] = [];
  return {
    client: () => {
      const c = createRedis(url(), OPTS);
      // Reconnects during a failover are logged by ioredis unless someone listens.
      c.on('error', () => undefined);
      open.push(c);
      return c;
    },
    closeAll: () => open.splice(0).forEach((c) => c.disconnect()),
  };
}

describe('Redis topologies: the gateway on a Redis Cluster (real servers)', function () {
  this.timeout(60_000);
  let topo: Topology | undefined;
  const pool = clientPool(() => topo!.env.REDIS_URL);
  const closers: Array<() => Promise<unknown>> = [];
  const prefix = `{tgX${randomBytes(3).toString('hex')}}`;

  before(async () => {
    topo = await startTopology('cluster');
    assert.match(topo.env.REDIS_URL, /^redis\+cluster:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
  });
  after(async function () {
    this.timeout(60_000);
    for (const close of closers.splice(0)) await close().catch(() => undefined);
    pool.closeAll();
    await topo?.stop();
  });

  it('runs BullMQ queues and a Worker under a hash-tagged prefix: 20 intake jobs, each processed once', async () => {
    const rig = queueRig(pool.client, prefix);
    closers.push(rig.close);
    await rig.queues.intake(ids('c', 20));
    await until('20 jobs processed', () => rig.seen.size === 20);
    assert.deepEqual([...rig.seen].sort(), ids('c', 20).sort());
  });

  it('refuses a prefix without a hash tag at once (why QUEUE_PREFIX needs one on a Cluster)', async () => {
    const queues = createQueues(pool.client(), `tgnotag${randomBytes(3).toString('hex')}`);
    closers.push(() => queues.close());
    await assert.rejects(queues.intake(['x1']), /same slot|CROSSSLOT/);
  });

  it('serialises 20 concurrent read-modify-write increments of one key across 4 lock instances (as 4 processes)', async () => {
    const counter = `${prefix}:counter`;
    const redis = pool.client();
    const locks = [0, 1, 2, 3].map(() => redisKeyedLock(pool.client(), `${prefix}:lock`, { waitMs: 20_000 }));
    let inside = 0;
    let most = 0;
    await Promise.all(ids('n', 20).map((_, i) => locks[i % 4]('ticket:1', async () => {
      most = Math.max(most, ++inside);
      const value = Number(await redis.get(counter));
      await sleep(2);
      await redis.set(counter, String(value + 1));
      inside--;
    })));
    assert.equal(await redis.get(counter), '20');
    assert.equal(most, 1, 'one holder at a time');
  });

  it('adds the metrics of two processes into one hash and reads them back', async () => {
    const log = { warn: () => undefined };
    const [a, b] = [redisMetrics(pool.client(), prefix, log, { flushMs: 10 }), redisMetrics(pool.client(), prefix, log, { flushMs: 10 })];
    closers.push(() => a.close(), () => b.close());
    a.count('tickets_opened_total', { priority: 'P1' }, 3);
    b.count('tickets_opened_total', { priority: 'P1' });
    b.observe('ingest_lag_seconds', 2.5, { mailbox: 'support@acme.example' });
    await b.flush();
    const series = await a.snapshot();
    const value = (name: string) => series.find((s) => s.name === name)?.value;
    assert.equal(value('tickets_opened_total'), 4);
    assert.equal(value('ingest_lag_seconds_sum'), 2.5);
    assert.equal(value('ingest_lag_seconds_count'), 1);
  });

  it('counts rate windows (MULTI) and takes the recovery lock once', async () => {
    const redis = pool.client();
    const rate = redisRateCounter(redis, `${prefix}:rate`);
    assert.deepEqual([await rate.hit('a@b', 'm1', 60), await rate.hit('a@b', 'm2', 60), await rate.hit('a@b', 'm3', 60), await rate.hit('a@b', 'm2', 60)], [1, 2, 3, 3], 'a repeated member counts once');
    assert.ok((await redis.ttl(`${prefix}:rate:a@b`)) > 0);
    const take = () => redis.set(`${prefix}:lock:recovery`, '1', 'PX', 5000, 'NX');
    assert.deepEqual([await take(), await take()], ['OK', null]);
  });

  it('keeps one mailbox lock holder (acquire, renew, release) and answers the readiness EXISTS over all mailbox locks', async () => {
    const [key, other] = [`${prefix}:lock:mailbox:support@acme.example/INBOX`, `${prefix}:lock:mailbox:help@acme.example/INBOX`];
    const a = createMailboxLock(pool.client(), key, 3000);
    const b = createMailboxLock(pool.client(), key, 3000);
    assert.equal(await a.acquire(), true);
    assert.equal(await b.acquire(), false);
    assert.equal(await a.renew(), true);
    assert.equal(await b.renew(), false, 'a non-holder cannot extend the lock');
    // The /readyz probe (src/wiring/ops.ts) asks for every mailbox's lock in one EXISTS: one slot thanks to the prefix.
    assert.equal(await pool.client().exists(key, other), 1);
    await b.release();
    assert.equal(await b.acquire(), false, 'a non-holder cannot release the lock');
    await a.release();
    assert.equal(await b.acquire(), true);
    assert.equal(await a.renew(), false);
    await b.release();
  });

  it('shares the mailboxes over the live ingest processes (heartbeats in one sorted set)', async () => {
    const key = `${prefix}:ingest:live`;
    const redis = pool.client();
    const [one, two] = [redisMailboxShare(pool.client(), key, 4, 100), redisMailboxShare(pool.client(), key, 4, 100)];
    closers.push(() => one.stop(), () => two.stop());
    await until('both processes announced', async () => (await redis.zcard(key)) === 2);
    for (const m of ['m1', 'm2']) {
      assert.equal(await one.mayTake(), true);
      one.took(m);
    }
    assert.equal(await one.mayTake(), false, 'two of four mailboxes is this process\'s share');
    one.took('m3');
    assert.equal(await one.shouldGiveUp('m3'), true);
    await Promise.all([one.stop(), two.stop()]);
    assert.equal(await redis.zcard(key), 0);
  });
});

describe('Redis topologies: the gateway on Redis Sentinel (real servers)', function () {
  this.timeout(60_000);
  let topo: Topology | undefined;
  const pool = clientPool(() => topo!.env.REDIS_URL);
  let rig: ReturnType<typeof queueRig> | undefined;
  const prefix = `tgS${randomBytes(3).toString('hex')}`;
  const sentinel = (...args: string[]) => run('redis-cli', ['-h', '127.0.0.1', '-p', topo!.env.SENTINEL_PORT, 'SENTINEL', ...args], { timeout: 5000 });

  before(async () => {
    topo = await startTopology('sentinel');
    assert.match(topo.env.REDIS_URL, /^redis\+sentinel:\/\/127\.0\.0\.1:\d+\/mymaster$/);
  });
  after(async function () {
    this.timeout(60_000);
    await rig?.close().catch(() => undefined);
    pool.closeAll();
    await topo?.stop();
  });

  it('runs BullMQ queues and a Worker through redis+sentinel://…/mymaster', async () => {
    rig = queueRig(pool.client, prefix);
    await rig.queues.intake(ids('s', 20));
    await until('20 jobs processed', () => rig!.seen.size === 20);
  });

  it('goes on after SENTINEL FAILOVER: the clients follow the new master and the worker processes new jobs', async function () {
    this.timeout(40_000);
    assert.ok(rig, 'the round trip before set up the queues');
    const commands = pool.client();
    const portOf = async () => /tcp_port:(\d+)/.exec(await commands.info('server'))?.[1];
    assert.equal(await portOf(), topo!.env.MASTER_PORT);
    await sentinel('FAILOVER', 'mymaster');
    await until('sentinel promoted the replica', async () => (await sentinel('get-master-addr-by-name', 'mymaster')).stdout.includes(topo!.env.REPLICA_PORT), 20_000);
    // The sentinels announce the switch (+switch-master): without listening for it, ioredis kept writing to the old master for ~10 s here.
    await until('clients on the new master', async () => (await portOf()) === topo!.env.REPLICA_PORT, 10_000);
    await rig.queues.intake(ids('f', 20));
    await until('20 more jobs processed', () => rig!.seen.size === 40, 20_000);
    assert.ok(ids('f', 20).every((id) => rig!.seen.has(id)));
  });
});
