import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testEnv, uniq } from '../support/gateway';
import { getStack, ROOT } from '../support/stack';
import { waitForMail } from '../support/mail';

const run = promisify(execFile);

/** `ticketgate replay` as a person runs it: the built CLI, real servers, a desk config file. */
describe('ticketgate replay (CLI)', function () {
  this.timeout(90_000);

  it('prints one JSON object per mail with its ticket or quarantine reason, and is idempotent', async () => {
    const stack = await getStack();
    const id = uniq();
    const support = `support-${id}@example.test`;
    const customer = `replay-${id}@example.test`;
    const dir = mkdtempSync(join(tmpdir(), 'tg-replay-'));
    writeFileSync(join(dir, 'desk.yaml'), `desk:\n  name: Replay Desk\nmailboxes:\n  - address: ${support}\n`);
    writeFileSync(join(dir, 'a-request.eml'), `From: Dana <${customer}>\r\nTo: ${support}\r\nSubject: Cannot log in to the portal\r\nMessage-ID: <replay-${id}@client.test>\r\n\r\nMy password stopped working this morning.\r\n`);
    writeFileSync(join(dir, 'b-bounce.eml'), `From: MAILER-DAEMON@example.test\r\nTo: ${support}\r\nSubject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\n\r\nThis is the mail system.\r\n`);
    const env = { ...process.env, ...plain(testEnv(stack, id, support)), TICKETGATE_CONFIG: join(dir, 'desk.yaml'), LOG_LEVEL: 'silent' };
    const cli = join(ROOT, 'dist/src/cli/index.js');

    const first = await run('node', [cli, 'replay', '--json', dir], { env, timeout: 60_000 });
    const lines = first.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].outcome.kind, 'ticket');
    assert.match(lines[0].outcome.ticketNumbers[0], /^TG-\d{6}$/);
    assert.equal(lines[1].outcome.kind, 'quarantine');
    assert.match(lines[1].outcome.reason, /^(bounce|auto-reply)/);
    await waitForMail(stack, customer, 1);

    const again = await run('node', [cli, 'replay', join(dir, 'a-request.eml')], { env, timeout: 60_000 });
    assert.equal(again.stdout.trim(), `${join(dir, 'a-request.eml')}: ticket ${lines[0].outcome.ticketNumbers[0]} (already received)`);
  });

  it('replays each message of an mbox file as <file>#<n>, and finds them again as duplicates', async () => {
    const stack = await getStack();
    const id = uniq();
    const support = `support-${id}@example.test`;
    const customers = [1, 2, 3].map((n) => `mbox${n}-${id}@example.test`);
    const dir = mkdtempSync(join(tmpdir(), 'tg-replay-mbox-'));
    writeFileSync(join(dir, 'desk.yaml'), `desk:\n  name: Replay Desk\nmailboxes:\n  - address: ${support}\n`);
    const subjects = ['Invoice shows the wrong address', 'Export to CSV fails', 'Two-factor codes never arrive'];
    // An LF mbox as Thunderbird writes it (RFC 4155); the second body holds an mboxrd-quoted line.
    const mbox = customers
      .map((c, i) => `From ${c} Mon Jan  1 0${i}:00:00 2024\nFrom: Customer ${i + 1} <${c}>\nTo: ${support}\nSubject: ${subjects[i]}\nMessage-ID: <mbox-${i + 1}-${id}@client.test>\n\n${i === 1 ? '>From the export screen I get an error.\n' : 'Please have a look.\n'}\n`)
      .join('');
    const file = join(dir, 'takeout.mbox');
    writeFileSync(file, mbox);
    const env = { ...process.env, ...plain(testEnv(stack, id, support)), TICKETGATE_CONFIG: join(dir, 'desk.yaml'), LOG_LEVEL: 'silent' };
    const cli = join(ROOT, 'dist/src/cli/index.js');

    const first = await run('node', [cli, 'replay', '--json', file], { env, timeout: 60_000 });
    const lines = first.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.file), [`${file}#1`, `${file}#2`, `${file}#3`]);
    assert.deepEqual(lines.map((l) => l.outcome.kind), ['ticket', 'ticket', 'ticket']);
    const tickets = lines.map((l) => l.outcome.ticketNumbers[0] as string);
    assert.equal(new Set(tickets).size, 3);
    for (const c of customers) await waitForMail(stack, c, 1);

    const again = await run('node', [cli, 'replay', file], { env, timeout: 60_000 });
    assert.deepEqual(again.stdout.trim().split('\n'), tickets.map((t, i) => `${file}#${i + 1}: ticket ${t} (already received)`));
  });

  it('stops with a message naming the key when the configuration is wrong', async () => {
    const cli = join(ROOT, 'dist/src/cli/index.js');
    const err = await run('node', [cli, 'check-config'], { env: { PATH: process.env.PATH, MONGO_URL: 'http://nope', REDIS_URL: 'redis://x', IMAP_HOST: 'h', IMAP_PASSWORD: 'p', SMTP_HOST: 'h', TOKEN_SECRET: '0123456789abcdef', TICKETGATE_CONFIG: '/nonexistent.yaml' } }).then(
      () => assert.fail('check-config accepted a bad MONGO_URL'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(err.code, 78);
    assert.match(err.stderr, /env\.MONGO_URL: expected a URL starting with mongodb:\/\//);
  });
});

function plain(env: object): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}
