import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { imapFor, readMailbox, until, waitForMail } from '../support/mail';
import { appendRaw, assertFinal, drain, keyOf, movedCount, settle, waitForOutcomes } from './helpers';

/** Appends mails and waits until each has a final status; returns the rawmails records. */
async function handle(gw: TestGateway, raws: Buffer[]) {
  const before = await movedCount(gw);
  const { accepted, refused } = await appendRaw(gw, raws);
  const moved = await drain(gw, accepted.length, before, 120_000);
  // The moved copies are what the poller stored; keep only the ones from this batch.
  const keys = new Set(accepted.map(keyOf));
  const all = await waitForOutcomes(gw, moved.map(keyOf), 120_000);
  return { refused, accepted: keys.size, rows: all.filter((r) => keys.has(r.key)), all };
}

/** Raw bytes of every message in a user's INBOX (header checks need the bytes, not a parsed view). */
async function rawInbox(gw: TestGateway, user: string): Promise<string[]> {
  const client = imapFor(gw.stack, user);
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return (await client.fetchAll('1:*', { source: true })).map((m) => m.source!.toString('latin1'));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

const b64 = (s: string) => `=?utf-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;

describe('hostile: odd shapes, charsets, injection and attachment names', function () {
  this.timeout(180_000);
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({ id: `sh${uniq()}` });
  });
  after(async () => gw?.stop());

  it('an empty (0-byte) mail is refused by IMAP or ends done/quarantined; a headers-only mail ends done/quarantined', async () => {
    const headersOnly = Buffer.from(`From: Only Headers <hdr-${uniq()}@example.test>\r\nTo: ${gw.support}\r\nSubject: headers only\r\nMessage-ID: <hdr-${uniq()}@example.test>\r\n`);
    const { refused, accepted, rows, all } = await handle(gw, [Buffer.alloc(0), headersOnly]);
    // An IMAP server may refuse an empty APPEND: then nothing arrived and nothing can be lost.
    for (const r of refused) assert.equal(r.raw.length, 0, `only the empty mail may be refused: ${r.error}`);
    assert.equal(rows.length, accepted, 'every accepted mail was stored');
    await assertFinal(gw, all);
  });

  it('a multipart nested 100 deep ends done or quarantined (no crash, no give-up)', async () => {
    const depth = 100;
    let body = `Content-Type: text/plain; charset=utf-8\r\n\r\nThe innermost text: my VPN drops every 5 minutes.\r\n`;
    for (let i = depth; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
    const raw = Buffer.from(`From: Deep <deep-${uniq()}@example.test>\r\nTo: ${gw.support}\r\nSubject: deep nesting\r\nMessage-ID: <deep-${uniq()}@example.test>\r\nMIME-Version: 1.0\r\n${body}`);
    const { rows } = await handle(gw, [raw]);
    assert.equal(rows.length, 1);
    await assertFinal(gw, rows);
    assert.doesNotMatch(rows[0].outcome?.reason ?? '', /^processing-failed/);
  });

  const charsets = [
    { name: 'unknown charset x-unknown-123', ct: 'text/plain; charset=x-unknown-123', body: Buffer.from('Hello, my printer does not print anything since Monday.', 'utf8') },
    // "Привет, принтер не печатает" in windows-1251 bytes, declared utf-8.
    { name: 'utf-8 declared on windows-1251 bytes', ct: 'text/plain; charset=utf-8', body: Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xef, 0xf0, 0xe8, 0xed, 0xf2, 0xe5, 0xf0, 0x20, 0xed, 0xe5, 0x20, 0xef, 0xe5, 0xf7, 0xe0, 0xf2, 0xe0, 0xe5, 0xf2]) },
    { name: 'koi8-r declared on utf-8 text', ct: 'text/plain; charset=koi8-r', body: Buffer.from('Здравствуйте, принтер не печатает с утра.', 'utf8') },
  ];
  for (const c of charsets) {
    it(`${c.name}: a ticket is opened and acknowledged`, async () => {
      const customer = `cs-${uniq()}@example.test`;
      const head = `From: Customer <${customer}>\r\nTo: ${gw.support}\r\nSubject: Printer problem\r\nMessage-ID: <cs-${uniq()}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: ${c.ct}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`;
      const { rows } = await handle(gw, [Buffer.concat([Buffer.from(head), c.body, Buffer.from('\r\n')])]);
      assert.deepEqual(rows.map((r) => [r.status, r.outcome?.kind]), [['done', 'ticket']]);
      const [ack] = await waitForMail(gw.stack, customer, 1, 30_000);
      assert.match(ack.subject ?? '', /\[TG-\d{6}\]/);
    });
  }

  it('CR/LF injection in an encoded Subject and display name: the ack has one Subject, no Bcc; the victim gets nothing', async () => {
    const customer = `crlf-${uniq()}@example.test`;
    const victim = `victim-${uniq()}@example.test`;
    const inject = `Hi\r\nBcc: ${victim}`;
    const raw = Buffer.from(
      `From: ${b64(inject)} <${customer}>\r\nTo: ${gw.support}\r\nSubject: ${b64(inject)}\r\nMessage-ID: <crlf-${uniq()}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMy mouse is broken, please help.\r\n`,
    );
    const { rows } = await handle(gw, [raw]);
    assert.equal(rows[0].status, 'done');
    await waitForMail(gw.stack, customer, 1, 30_000);
    const [ack] = await rawInbox(gw, customer);
    const head = ack.slice(0, ack.search(/\r?\n\r?\n/));
    assert.equal(head.match(/^Subject:/gim)?.length, 1, 'exactly one Subject header');
    assert.doesNotMatch(head, /^Bcc:/im, 'no Bcc header');
    await settle(3000);
    assert.equal((await readMailbox(gw.stack, victim)).length, 0, 'the victim mailbox stays empty');
    // The brief's literal address too: it must never receive anything from the gateway.
    assert.equal((await readMailbox(gw.stack, 'victim@example.test')).length, 0);
  });

  it('path-traversal attachment names: the mail is handled (done) and no traversal target appears on disk', async () => {
    const names = ['../../../../etc/passwd', '..\\..\\win.ini', `/tmp/tg-hostile-abs-${uniq()}.txt`];
    // Where those names would land if something joined them to a working directory.
    const base = mkdtempSync(join(tmpdir(), 'tg-hostile-'));
    const deep = join(base, 'a', 'b', 'c', 'd');
    const targets = names.map((n) => resolve(deep, n.replace(/\\/g, '/')));
    const before = targets.map((t) => existsSync(t));
    const parts = names.map((n) => `--att\r\nContent-Type: application/octet-stream; name="${n}"\r\nContent-Disposition: attachment; filename="${n}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('root:x:0:0:hacked\n').toString('base64')}\r\n`);
    const customer = `trav-${uniq()}@example.test`;
    const raw = Buffer.from(
      `From: Customer <${customer}>\r\nTo: ${gw.support}\r\nSubject: Files attached\r\nMessage-ID: <trav-${uniq()}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="att"\r\n\r\n--att\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe export fails, logs attached.\r\n${parts.join('')}--att--\r\n`,
    );
    const { rows } = await handle(gw, [raw]);
    assert.deepEqual(rows.map((r) => r.status), ['done']);
    assert.deepEqual(targets.map((t) => existsSync(t)), before, 'no traversal target changed');
    assert.equal(existsSync(names[2]), false, 'the absolute path was not written');
    rmSync(base, { recursive: true, force: true });
    // The agent gets the files under their last path segment only.
    const agent = gw.desk.agents[0].email;
    const note = await until('agent notification with the files', async () => (await readMailbox(gw.stack, agent)).find((m) => /Files attached/.test(m.subject ?? '')), 30_000);
    assert.deepEqual(note.attachments.map((a) => a.filename), ['passwd', 'win.ini', names[2].split('/').pop()]);
  });
});
