import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay } from '../../src/cli/replay';
import { createRedis } from '../../src/workers/redis-connection';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { imapFor, readMailbox, sendAsCustomer, waitForMail } from '../support/mail';

/**
 * docs/backup-restore.md on the real servers: the database goes back to a
 * backup taken before a customer's mail, the queue state is cleared as the
 * guide says (send marks kept), and the mail is replayed. The ticket comes
 * back; the acknowledgement and the agent's notification, already sent, are
 * not sent again: their outbox ids derive from the raw mail's key, and the
 * send marks in Redis say they went.
 */
describe('restore, then replay (real servers)', function () {
  this.timeout(120_000);
  const id = uniq();
  const customer = `restore-${id}@example.test`;
  const agent = `agent-${id}@example.test`;
  let gw: TestGateway | undefined;
  after(async () => gw?.stop());

  it('brings the ticket back without mailing the customer or the agent a second time', async () => {
    gw = await startGateway({ id });
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Invoice missing', text: 'I did not get the invoice for October.' });
    const [ack] = await waitForMail(gw.stack, customer, 1, 30_000);
    await waitForMail(gw.stack, agent, 1, 30_000);
    const number = /\[(TG-\d{6})\]/.exec(ack.subject ?? '')![1];
    const raw = await processedSource(gw);
    const { stack, env } = gw;

    // The restore: a database from before the mail (here: an empty one), and the desk's queue keys cleared but the send marks.
    await gw.app.mongo.dropDatabase();
    await gw.stop();
    gw = undefined;
    await clearQueueKeys(stack.REDIS_URL, env.QUEUE_PREFIX);

    gw = await startGateway({ id, ingest: false });
    const dir = mkdtempSync(join(tmpdir(), 'tg-restore-'));
    writeFileSync(join(dir, '1.eml'), raw);
    const [result] = await replay(gw.app, [join(dir, '1.eml')], gw.support, 60_000);
    assert.deepEqual(result.outcome, { kind: 'ticket', ticketNumbers: [number] }, 'the same ticket number from the restored counter');
    await settleOutbox(gw);
    const outbox = await gw.app.mongo.collection('outbox').find({}).toArray();
    assert.deepEqual(outbox.map((o) => o.status).sort(), ['sent', 'sent'], 'both records are sent...');
    assert.equal((await readMailbox(stack, customer)).length, 1, '...without a second acknowledgement');
    assert.equal((await readMailbox(stack, agent)).length, 1, 'and without a second notification');
  });
});

/** The mail as the gateway stored it: the one message in the support mailbox's Processed folder. */
async function processedSource(gw: TestGateway): Promise<Buffer> {
  const client = imapFor(gw.stack, gw.support);
  await client.connect();
  try {
    const lock = await client.getMailboxLock('Processed');
    try {
      const [msg] = await client.fetchAll('1:*', { source: true });
      return msg.source!;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** Step 3 of the guide: every key of the desk's prefix except the send marks. */
async function clearQueueKeys(url: string, prefix: string): Promise<void> {
  const redis = createRedis(url);
  try {
    const keys = (await redis.keys(`${prefix}:*`)).filter((k) => !k.startsWith(`${prefix}:sent:`));
    assert.ok(keys.length > 0);
    await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

async function settleOutbox(gw: TestGateway): Promise<void> {
  const col = gw.app.mongo.collection('outbox');
  for (let i = 0; i < 150; i++) {
    if ((await col.countDocuments({})) >= 2 && (await col.countDocuments({ status: { $ne: 'sent' } })) === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`outbox not settled: ${JSON.stringify(await col.find({}, { projection: { kind: 1, status: 1 } }).toArray())}`);
}
