import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UnrecoverableError, Worker } from 'bullmq';
import { createQueues } from '../../src/workers/queues';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { countIn, sendAsCustomer, until, waitForMail } from '../support/mail';
import { ROOT } from '../support/stack';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/index.js');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `ticketgate quarantine` as an operator runs it: the built CLI against the
 * database and queues of a gateway whose workers run in this process.
 */
describe('ticketgate quarantine (CLI, real servers)', function () {
  this.timeout(120_000);
  let gw: TestGateway;
  let env: NodeJS.ProcessEnv;
  const customer = `ooo-${uniq()}@example.test`;
  let id: string;

  before(async () => {
    gw = await startGateway();
    const dir = mkdtempSync(join(tmpdir(), 'tg-quarantine-'));
    // The same mailbox as the gateway's desk: the CLI opens the same database and queues.
    writeFileSync(join(dir, 'desk.yaml'), `desk:\n  name: Example Support\n  timeZone: Europe/Bucharest\nmailboxes:\n  - address: ${gw.support}\n`);
    const settings = Object.entries(gw.env).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]);
    env = { ...process.env, ...Object.fromEntries(settings), TICKETGATE_CONFIG: join(dir, 'desk.yaml'), LOG_LEVEL: 'silent' };
  });
  after(async () => gw?.stop());

  const cli = (...args: string[]): Promise<CliRun> =>
    run('node', [CLI, 'quarantine', ...args], { env, timeout: 60_000 }).then(
      (r) => ({ code: 0, ...r }),
      (e: CliRun) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('lists an out-of-office reply a customer sent', async () => {
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Automatic reply: printer', text: 'I am out of the office until Monday. Meanwhile the printer in room 4 jams on every page.', headers: { 'Auto-Submitted': 'auto-replied' } });
    const entry = await until('auto-reply quarantined', () => gw.app.mongo.collection('quarantine').findOne({ from: customer }));
    id = entry.rawMailId;
    const listed = await cli('list', '--json', '--reason', 'auto-reply');
    assert.equal(listed.code, 0, listed.stderr);
    const rows = listed.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => [r.rawMailId, r.reason, r.from, r.subject, r.status]), [[id, 'auto-reply', customer, 'Automatic reply: printer', 'quarantined']]);
    assert.match(rows[0].outcome, /^auto-reply: Auto-Submitted/);
    const table = await cli('list');
    assert.match(table.stdout, /^RAW MAIL ID +WHEN \(UTC\) +REASON +FROM +SUBJECT +SIZE +STATUS +RETRIED$/m);
    assert.match(table.stdout, new RegExp(`^${id} .* auto-reply +${customer} +Automatic reply: printer +\\d+(?:\\.\\d)? [KM]?B +quarantined +no$`, 'm'));
  });

  it('retry by reason asks for --all, then runs the screens again: quarantined again', async () => {
    const asked = await cli('retry', '--reason', 'auto-reply');
    assert.equal(asked.code, 1);
    assert.match(asked.stdout, new RegExp(id));
    assert.match(asked.stderr, /1 mail\(s\) quarantined for auto-reply: add --all to retry it/);
    const retried = await cli('retry', '--reason', 'auto-reply', '--all', '--wait', '30');
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(retried.stdout.trim(), `${id}: retried -> quarantined again: auto-reply: Auto-Submitted: auto-replied`);
    const entry = await gw.app.mongo.collection('quarantine').findOne({ rawMailId: id });
    assert.deepEqual(entry?.retries.map((r: { by: string; action: string }) => [r.by, r.action]), [['cli', 'retry']]);
  });

  it('release opens a ticket and acknowledges the customer; a second release says it is not quarantined', async () => {
    const released = await cli('release', id, '--wait', '30');
    assert.equal(released.code, 0, released.stderr);
    assert.match(released.stdout.trim(), new RegExp(`^${id}: released -> ticket TG-\\d{6}$`));
    const [ack] = await waitForMail(gw.stack, customer, 1, 30_000);
    assert.match(ack.subject ?? '', /^\[TG-\d{6}\] Re: Automatic reply: printer$/);
    const raw = await gw.app.repos.rawMails.get(id);
    assert.deepEqual([raw?.status, raw?.releasedBy, raw?.releasedAt instanceof Date], ['done', 'cli', true]);
    // Its IMAP copy leaves the Quarantine folder for Processed, where handled mail lives.
    await until('released mail back in Processed', async () => (await countIn(gw.stack, gw.support, 'Quarantine')) === 0 && (await gw.app.repos.rawMails.get(id))?.location?.folder === 'Processed', 30_000);

    const again = await cli('release', id, 'ffffffffffffffffffffffff');
    assert.equal(again.code, 1);
    assert.equal(again.stdout, `${id}: not quarantined (status done)\nffffffffffffffffffffffff: unknown id\n`);
    const [row] = (await cli('list', '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual([row.status, row.releasedBy, row.retries.length], ['done', 'cli', 2]);
  });

  it('forgetting an ended intake job lets the same id run again with fresh attempts', async () => {
    const prefix = `tgq${uniq()}`;
    const connection = { url: gw.stack.REDIS_URL, maxRetriesPerRequest: null };
    const queues = createQueues(connection, prefix);
    let runs = 0;
    const worker = new Worker('intake', async () => {
      runs++;
      throw new UnrecoverableError('poison mail');
    }, { connection, prefix });
    try {
      const q = queues.queues.intake;
      const failed = async () => (await (await q.getJob('m1'))?.getState()) === 'failed';
      await queues.intake(['m1']);
      await until('first run failed', failed);
      await queues.intake(['m1']);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(runs, 1, 'adding a failed job\'s id again is a no-op in BullMQ');
      await queues.forgetEndedIntake(['m1']);
      await queues.intake(['m1']);
      await until('second run', async () => runs === 2 && (await failed()));
      assert.equal((await q.getJob('m1'))!.attemptsMade, 1, 'the new job starts its attempts afresh');
    } finally {
      await worker.close();
      await queues.close();
    }
  });
});
