import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createMailboxLock } from '../../src/ingest/mailbox-lock';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, sendAsCustomer, sendRaw, until, waitForMail } from '../support/mail';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('several gateway processes on one mailbox', function () {
  this.timeout(90_000);
  const id = uniq();
  let a: TestGateway;
  let b: TestGateway;

  before(async () => {
    a = await startGateway({ id });
    b = await startGateway({ id });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('has exactly one active poller (the Redis lock) and handles each mail once', async () => {
    const redis = new Redis(a.stack.REDIS_URL);
    const holder = await until('lock taken', () => redis.get(`${a.env.QUEUE_PREFIX}:lock:mailbox:${a.support}/INBOX`));
    assert.ok(holder, 'one process holds the mailbox lock');
    const third = createMailboxLock(redis, `${a.env.QUEUE_PREFIX}:lock:mailbox:${a.support}/INBOX`);
    assert.equal(await third.acquire(), false, 'a third poller cannot take the mailbox while it is held');
    redis.disconnect();

    const customers = Array.from({ length: 8 }, (_, i) => `pair-${i}-${uniq()}@example.test`);
    for (const c of customers) await sendAsCustomer(a.stack, { from: c, to: a.support, subject: 'Monitor flickers', text: 'The second monitor flickers every few seconds.' });
    for (const c of customers) await waitForMail(a.stack, c, 1, 30_000);
    await settle(1500);
    for (const c of customers) assert.equal((await readMailbox(a.stack, c)).length, 1, `${c}: one acknowledgement`);
    assert.equal(await a.app.mongo.collection('tickets').countDocuments({}), customers.length);
  });

  it('a mail in windows-1251 is decoded and answered in Russian', async () => {
    const customer = `cp1251-${uniq()}@example.test`;
    const fixture = readFileSync(resolve(__dirname, '../../../test/fixtures/charsets/cp1251-plain.eml'), 'latin1');
    const raw = fixture.replace(/^From: .*$/m, `From: =?windows-1251?B?yOLg7Q==?= <${customer}>`).replace(/^To: .*$/m, `To: ${a.support}`).replace(/^Message-ID: .*$/im, `Message-ID: <cp1251-${uniq()}@client.test>`);
    await sendRaw(a.stack, { from: customer, to: a.support }, Buffer.from(raw, 'latin1'));
    const [ack] = await waitForMail(a.stack, customer, 1, 20_000);
    const ticket = await a.app.mongo.collection('tickets').findOne({ 'requester.address': customer });
    assert.equal(ticket?.language, 'ru');
    assert.equal(ticket?.requester.name, 'Иван');
    assert.match(ack.text ?? '', /[А-Яа-я]{4,}/);
    const message = await a.app.mongo.collection('messages').findOne({ ticketId: String(ticket?._id), direction: 'in' });
    assert.match(message?.text ?? '', /[А-Яа-я]{4,}/, 'the stored text is decoded Cyrillic, not mojibake');
  });
});
