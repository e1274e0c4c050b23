import { strict as assert } from 'node:assert';
import { createAgentLoad } from '../../src/app/agent-load';
import { localKeyedLock } from '../../src/app/keyed-lock';
import { withDeadline } from '../../src/workers/run-workers';
import { recoverUnsent } from '../../src/app/send-outbox';
import type { ProblemCandidate, TicketRecord } from '../../src/app/ports';
import { derivedId } from '../../src/models/derived-id';
import { createCandidateWindow } from '../../src/models/ticket-candidates';
import { memoryPorts } from '../support/memory-ports';

const tick = () => new Promise((r) => setImmediate(r));

describe('derived ids', () => {
  it('are the same for the same kind and key, and differ by kind and by key', () => {
    assert.equal(String(derivedId('ticket', 'a#0')), String(derivedId('ticket', 'a#0')));
    assert.notEqual(String(derivedId('ticket', 'a#0')), String(derivedId('outbox', 'a#0')));
    assert.notEqual(String(derivedId('ticket', 'a#0')), String(derivedId('ticket', 'a#1')));
    assert.match(String(derivedId('raw', 'x')), /^[0-9a-f]{24}$/);
  });
});

describe('local keyed lock', () => {
  it('runs work on one key one at a time, in arrival order, and other keys alongside', async () => {
    const lock = localKeyedLock();
    const log: string[] = [];
    const job = (key: string, name: string) =>
      lock(key, async () => {
        log.push(`${name}+`);
        await tick();
        await tick();
        log.push(`${name}-`);
        return name;
      });
    const results = await Promise.all([job('t1', 'a'), job('t1', 'b'), job('t2', 'c')]);
    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.ok(log.indexOf('a-') < log.indexOf('b+'), `a finished before b began: ${log.join(' ')}`);
    assert.ok(log.indexOf('c+') < log.indexOf('a-'), `c ran alongside a: ${log.join(' ')}`);
  });

  it('goes on with the next holder when work fails, and passes the error to its caller', async () => {
    const lock = localKeyedLock();
    const failing = lock('k', async () => {
      throw new Error('boom');
    });
    const next = lock('k', async () => 'ok');
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 'ok');
  });

  it('gives up a wait behind a hung holder after waitMs, never runs that work, and keeps serialising behind the holder', async () => {
    const lock = localKeyedLock(30);
    let release!: () => void;
    const ran: string[] = [];
    const holder = lock('k', () => new Promise<string>((r) => (release = () => r('holder'))));
    const waiter = lock('k', async () => void ran.push('waiter'));
    await assert.rejects(waiter, /lock k still busy after 30 ms/);
    let laterRan = false;
    const later = lock('k', async () => {
      laterRan = true;
      return 'later';
    });
    await tick();
    assert.equal(laterRan, false, 'a new caller still waits for the running holder');
    release();
    assert.equal(await holder, 'holder');
    assert.equal(await later, 'later', 'the later caller runs once the holder is done');
    assert.deepEqual(ran, [], 'abandoned work never ran');
  });

  it('does not time out work that has started, however long it runs', async () => {
    const lock = localKeyedLock(10);
    const slow = await lock('k', () => new Promise<string>((r) => setTimeout(() => r('done'), 40)));
    assert.equal(slow, 'done');
  });
});

describe('job deadline', () => {
  it('passes a result through and rejects work that does not settle in time', async () => {
    assert.equal(await withDeadline(Promise.resolve(7), 50, 'quick'), 7);
    await assert.rejects(withDeadline(new Promise(() => undefined), 20, 'intake job x'), /intake job x did not finish within 0.02 s/);
  });
});

describe('agent load', () => {
  it('counts at most once per refresh, keeps the caller’s increments, and counts again after the refresh', async () => {
    let now = 0;
    let reads = 0;
    const load = createAgentLoad(async (emails) => {
      reads++;
      return new Map(emails.map((e) => [e, 1]));
    }, 30_000, () => now);
    const first = await load(['a@x', 'b@x']);
    first.set('a@x', first.get('a@x')! + 1);
    assert.equal((await load(['a@x']))!.get('a@x'), 2, 'own assignment kept');
    assert.equal(reads, 1);
    await load(['c@x']);
    assert.equal(reads, 2, 'an agent not asked about before is counted at once');
    now = 31_000;
    assert.equal((await load(['a@x']))!.get('a@x'), 1, 'the database again after the refresh');
    assert.equal(reads, 3);
  });
});

describe('problem candidate window', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 10, 24, h));
  const cand = (id: string, h: number): ProblemCandidate => ({ ticketId: id, number: id, subject: 's', requester: `${id}@x`, category: 'network', createdAt: at(h), terms: ['vpn'] });
  const ticket = (id: string, h: number, status: TicketRecord['status']) =>
    ({ id, number: id, subject: 's', requester: { address: `${id}@x` }, category: 'network', createdAt: at(h), terms: ['vpn'], status }) as unknown as TicketRecord;

  it('reads the database once per refresh and adds the tickets this process creates in between', async () => {
    let now = 0;
    let reads = 0;
    const w = createCandidateWindow(async () => {
      reads++;
      return [cand('A', 1)];
    }, 60_000, () => now);
    assert.deepEqual((await w.list('network', at(0), 10)).map((c) => c.ticketId), ['A']);
    w.saw(ticket('B', 2, 'new'));
    assert.deepEqual((await w.list('network', at(0), 10)).map((c) => c.ticketId), ['B', 'A'], 'newest first');
    assert.equal(reads, 1);
    w.saw(ticket('A', 1, 'resolved'));
    assert.deepEqual((await w.list('network', at(0), 10)).map((c) => c.ticketId), ['B'], 'a resolved ticket leaves');
    assert.deepEqual((await w.list('network', at(2), 10)).map((c) => c.ticketId), ['B'], 'the time window applies');
    now = 61_000;
    assert.deepEqual((await w.list('network', at(0), 10)).map((c) => c.ticketId), ['B', 'A'], 'after the refresh the database is the truth, local additions kept');
    assert.equal(reads, 2);
  });
});

describe('recovery of outbound mail left unsent', () => {
  it('queues again what is still queued or sending after two minutes, and leaves sent, failed and recent mail alone', async () => {
    const p = memoryPorts();
    const draft = (key: string) => ({ key, kind: 'acknowledgement', automatic: true, ticketIds: [], from: { address: 's@x' }, to: [{ address: 'c@x' }], cc: [], subject: 's', text: 't', messageId: `${key}@x`, references: [], headers: {} });
    const ids: Record<string, string> = {};
    for (const k of ['old-queued', 'old-sending', 'old-sent', 'old-failed', 'new-queued']) ids[k] = (await p.outbox.putOnce(draft(k) as never)).id;
    const now = Date.now();
    for (const [k, id] of Object.entries(ids)) p.state.outbox.get(id)!.createdAt = new Date(k.startsWith('old') ? now - 5 * 60_000 : now - 1000);
    p.state.outbox.get(ids['old-sending'])!.status = 'sending'; // left by an earlier version
    await p.outbox.markSent(ids['old-sent'], '250 ok');
    await p.outbox.markFailed(ids['old-failed'], '550 no');
    const n = await recoverUnsent({ outbox: p.outbox, queues: p.queues, log: p.log, now: () => new Date(now) })();
    assert.equal(n, 2);
    assert.deepEqual(p.state.jobs.send.sort(), [ids['old-queued'], ids['old-sending']].sort());
  });
});

describe('shared reads under concurrency', () => {
  it('ten concurrent intakes share one agent-load count and one candidate read', async () => {
    let counts = 0;
    let loads = 0;
    const load = createAgentLoad(async (emails) => {
      counts++;
      await tick();
      return new Map(emails.map((e) => [e, 0]));
    });
    await Promise.all(Array.from({ length: 10 }, () => load(['a@x'])));
    assert.equal(counts, 1);
    const w = createCandidateWindow(async () => {
      loads++;
      await tick();
      return [];
    });
    await Promise.all(Array.from({ length: 10 }, () => w.list('network', new Date(0), 10)));
    assert.equal(loads, 1);
  });
});
