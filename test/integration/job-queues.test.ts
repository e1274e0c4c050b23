import { strict as assert } from 'node:assert';
import { UnrecoverableError, Worker } from 'bullmq';
import { createQueues, type QueueSet } from '../../src/workers/queues';
import { createRedis } from '../../src/workers/redis-connection';
import { redisSendMarks } from '../../src/workers/send-marks';
import { uniq } from '../support/gateway';
import { getStack } from '../support/stack';

/**
 * Recovery leans on BullMQ: adding a job id that exists is a no-op, so a job
 * that already ended must be revived another way. Real Redis, random prefix.
 */
describe('job queues: recovery of records left unfinished (real Redis)', function () {
  this.timeout(60_000);
  let queues: QueueSet;
  let connection: { url: string; maxRetriesPerRequest: null };
  const prefix = `tgq${uniq()}`;

  before(async () => {
    const stack = await getStack();
    connection = { url: stack.REDIS_URL, maxRetriesPerRequest: null };
    queues = createQueues(connection, prefix);
  });
  after(async () => queues?.close());

  async function runOnce(queue: 'intake' | 'send', outcome: (id: string) => unknown) {
    const seen = new Set<string>();
    const worker = new Worker(queue, async (job) => {
      seen.add(String(job.id));
      return outcome(String(job.id));
    }, { connection, prefix });
    return { worker, seen };
  }

  it('re-adds a missing or completed intake job and hands back a failed one with its reason', async () => {
    await queues.intake(['done1', 'gone1']);
    const { worker } = await runOnce('intake', (id) => {
      if (id === 'gone1') throw new UnrecoverableError('poison mail');
      return 'ok';
    });
    const q = queues.queues.intake;
    for (let i = 0; i < 100 && !((await q.getJob('done1'))?.finishedOn && (await q.getJob('gone1'))?.finishedOn); i++) await new Promise((r) => setTimeout(r, 100));
    await worker.close();
    assert.equal(await (await q.getJob('done1'))!.getState(), 'completed');
    assert.equal(await (await q.getJob('gone1'))!.getState(), 'failed');

    const gaveUp = await queues.requeueIntake(['done1', 'gone1', 'never1']);
    assert.deepEqual(gaveUp.map((g) => g.id), ['gone1']);
    assert.match(gaveUp[0].reason, /poison mail \(after 1 attempts, 0 stalls\)/);
    assert.equal(await (await q.getJob('done1'))!.getState(), 'waiting', 'a completed job whose record is unfinished runs again');
    assert.equal(await (await q.getJob('never1'))!.getState(), 'waiting', 'a missing job is added');
    assert.equal(await (await q.getJob('gone1'))!.getState(), 'failed', 'a given-up job is left for the caller');
  });

  it('retries a failed send job when its outbox record is still unsent', async () => {
    await queues.send(['out1']);
    const { worker } = await runOnce('send', () => {
      throw new UnrecoverableError('relay said 554');
    });
    const q = queues.queues.send;
    for (let i = 0; i < 100 && !(await q.getJob('out1'))?.finishedOn; i++) await new Promise((r) => setTimeout(r, 100));
    await worker.close();
    assert.equal(await (await q.getJob('out1'))!.getState(), 'failed');
    await queues.requeueSend(['out1']);
    assert.equal(await (await q.getJob('out1'))!.getState(), 'waiting');
  });

  it('keeps send marks in Redis, with an expiry, under the queue prefix', async () => {
    const redis = createRedis(connection.url);
    try {
      const marks = redisSendMarks(redis, `${prefix}:sent`);
      assert.equal(await marks.get('o1'), undefined);
      await marks.set('o1', '250 2.0.0 Ok: queued as ABC');
      assert.equal(await marks.get('o1'), '250 2.0.0 Ok: queued as ABC');
      const ttl = await redis.ttl(`${prefix}:sent:o1`);
      assert.ok(ttl > 6 * 24 * 3600 && ttl <= 7 * 24 * 3600, `ttl ${ttl}`);
    } finally {
      redis.disconnect();
    }
  });
});
