import { strict as assert } from 'node:assert';
import { Redis } from 'ioredis';
import { Types, type Connection } from 'mongoose';
import type { NewTicket } from '../../src/app/ports';
import { connectMongo, createRepos, ensureIndexes } from '../../src/models';
import { redisKeyedLock } from '../../src/workers/redis-keyed-lock';
import { uniq } from '../support/gateway';
import { getStack, mongoUrlFor } from '../support/stack';

/**
 * The ticket store on the real servers, as two processes would use it: two
 * connections, each with its own Redis lock client. FerretDB v1 does not
 * serialise concurrent updates of one document, so these prove the lock does.
 */
describe('ticket store (real MongoDB wire server and Redis)', function () {
  this.timeout(60_000);
  let a: Connection;
  let b: Connection;
  const redis: Redis[] = [];

  before(async () => {
    const stack = await getStack();
    const url = mongoUrlFor(stack, `tg_store_${uniq()}`);
    [a, b] = await Promise.all([connectMongo(url), connectMongo(url)]);
    await ensureIndexes(a);
    redis.push(new Redis(stack.REDIS_URL), new Redis(stack.REDIS_URL));
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    for (const r of redis) r.disconnect();
  });

  const prefix = `tg-test-${uniq()}`;
  const reposOf = (conn: Connection, r: Redis) => createRepos(conn, redisKeyedLock(r, `${prefix}:lock`));
  const newTicket = (sourceKey: string): NewTicket => ({
    sourceKey, rawMailId: 'r', subject: 'VPN down', requester: { address: 'c@example.test' }, contactId: 'c', mailbox: 'support@example.test',
    language: 'en', priority: 'P3', tier: 'L1', status: 'new', createdAt: new Date(), participants: [], customerReferences: [],
  });

  it('keeps every one of 40 concurrent updates of one ticket from two processes', async () => {
    const [one, two] = [reposOf(a, redis[0]), reposOf(b, redis[1])];
    const { ticket } = await one.tickets.createOnce(newTicket(`s-${uniq()}`), 'TS');
    const bump = (repo: typeof one) => repo.tickets.updateWith(ticket.id, (t) => ({ checkIns: (t.checkIns ?? 0) + 1 }), new Date());
    await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? one : two)));
    const after = await one.tickets.findById(ticket.id);
    assert.equal(after?.checkIns, 40);
    assert.equal(after?.rev, 40);
  });

  it('creates one ticket per source key when two processes race, each with its own number', async () => {
    const [one, two] = [reposOf(a, redis[0]), reposOf(b, redis[1])];
    const keys = Array.from({ length: 10 }, (_, i) => `race-${uniq()}#${i}`);
    const results = await Promise.all(keys.flatMap((k) => [one.tickets.createOnce(newTicket(k), 'TR'), two.tickets.createOnce(newTicket(k), 'TR')]));
    for (let i = 0; i < keys.length; i++) {
      const [x, y] = [results[2 * i], results[2 * i + 1]];
      assert.equal(x.ticket.id, y.ticket.id, 'one ticket per key');
      assert.equal([x.created, y.created].filter(Boolean).length, 1, 'created once');
    }
    const numbers = new Set(results.map((r) => r.ticket.number));
    assert.equal(numbers.size, keys.length, 'distinct numbers');
    for (const n of numbers) assert.equal((await one.tickets.findByNumber(n))?.number, n, 'found by number');
  });

  it('finds tickets and contacts stored before ids were derived from keys', async () => {
    const repos = reposOf(a, redis[0]);
    const legacyId = new Types.ObjectId();
    const sourceKey = `legacy-${uniq()}#0`;
    await a.collection('tickets').insertOne({ _id: legacyId, ...newTicket(sourceKey), number: `TL-${uniq()}` });
    const number = (await a.collection('tickets').findOne({ _id: legacyId }))!.number as string;
    assert.equal((await repos.tickets.findByNumber(number))?.id, String(legacyId));
    const again = await repos.tickets.createOnce(newTicket(sourceKey), 'TL');
    assert.deepEqual([again.created, again.ticket.id], [false, String(legacyId)]);

    const email = `old-${uniq()}@example.test`;
    await a.collection('contacts').insertOne({ _id: new Types.ObjectId(), email, language: 'ro', firstSeenAt: new Date(0), lastSeenAt: new Date(0), undeliverable: null });
    const contact = await repos.contacts.upsert({ address: email, name: 'Ana' }, 'ro', new Date());
    await repos.contacts.markUndeliverable(email, '550 no such user', new Date());
    assert.equal(await a.collection('contacts').countDocuments({ email }), 1, 'moved, not copied');
    assert.equal(await repos.contacts.isUndeliverable(email), true);
    assert.equal((await a.collection('contacts').findOne({ email }))!._id.toString(), contact.id);
  });

  it('threads by Message-ID to every ticket a message belongs to', async () => {
    const repos = reposOf(a, redis[0]);
    const mid = `<${uniq()}@example.test>`;
    for (const t of ['t1', 't2']) await repos.messages.addOnce({ key: `in:${mid}:${t}`, ticketId: t, direction: 'in', to: [], cc: [], subject: 's', text: 'x', messageId: mid, at: new Date() });
    await repos.messages.addOnce({ key: `in:${mid}:t1`, ticketId: 't1', direction: 'in', to: [], cc: [], subject: 's', text: 'x', messageId: mid, at: new Date() });
    const found = await repos.messages.ticketsForMessageIds([mid, '<unknown@x>']);
    assert.deepEqual(found.map((f) => f.ticketId).sort(), ['t1', 't2']);
  });

  it('lists the events of a ticket from its timeline once each, and legacy events without one', async () => {
    const repos = reposOf(a, redis[0]);
    const ticketId = `t-${uniq()}`;
    const ev = (n: number) => ({ key: `k:${ticketId}:${n}`, ticketId, at: new Date(Date.UTC(2026, 10, 24, 9, n)), actor: 'system', action: `step-${n}`, detail: { n } });
    await Promise.all([ev(2), ev(1), ev(3), ev(1)].map((e) => repos.history.recordOnce(e)));
    await repos.history.recordOnce(ev(2));
    assert.deepEqual((await repos.history.listForTicket(ticketId)).map((e) => e.action), ['step-1', 'step-2', 'step-3']);
    const legacy = `legacy-${uniq()}`;
    await a.collection('ticketevents').insertOne({ ...ev(4), key: `legacy:${legacy}`, ticketId: legacy });
    assert.deepEqual((await repos.history.listForTicket(legacy)).map((e) => e.action), ['step-4']);
  });
});

