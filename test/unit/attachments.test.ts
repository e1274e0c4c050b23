import { strict as assert } from 'node:assert';
import { formatBytes, forwardedIndexes, planForward, safeFilename } from '../../src/domain/attachments';
import type { AttachmentInfo } from '../../src/domain/inbound-mail';
import { loadAttachments } from '../../src/mail/attachment-loader';
import { parseMail } from '../../src/mail/parse';

const file = (filename: string | undefined, contentType: string, size: number, inline = false): AttachmentInfo => ({ filename, contentType, size, inline });
const MB = 1024 * 1024;

describe('attachments passed on', () => {
  describe('planForward', () => {
    it('passes files on in order until the cap, then holds the rest as too large', () => {
      const plan = planForward([file('a.png', 'image/png', 4 * MB), file('b.pdf', 'application/pdf', 5 * MB), file('c.log', 'text/plain', 2 * MB)], 10 * MB);
      assert.deepEqual(plan.map((p) => [p.filename, p.held]), [['a.png', undefined], ['b.pdf', undefined], ['c.log', 'too-large']]);
      assert.deepEqual(forwardedIndexes(plan), [0, 1]);
    });

    it('a file that does not fit does not stop a smaller one after it', () => {
      const plan = planForward([file('big.zip', 'application/zip', 20 * MB), file('small.txt', 'text/plain', 100)], 10 * MB);
      assert.deepEqual(forwardedIndexes(plan), [1]);
    });

    it('holds program types back by extension or type, whatever the size', () => {
      const plan = planForward([file('setup.EXE', 'application/octet-stream', 10), file('run.ps1', 'text/plain', 10), file('x.bin', 'application/x-msdownload', 10), file('notes.txt', 'text/plain', 10)], MB);
      assert.deepEqual(plan.map((p) => p.held), ['blocked-type', 'blocked-type', 'blocked-type', undefined]);
    });

    it('leaves signatures and report parts out, and inline parts only when asked', () => {
      const list = [file('smime.p7s', 'application/pkcs7-signature', 5000), file('image001.png', 'image/png', 3000, true), file('report.pdf', 'application/pdf', 3000)];
      assert.deepEqual(planForward(list, MB).map((p) => p.filename), ['image001.png', 'report.pdf']);
      assert.deepEqual(planForward(list, MB, { includeInline: false }).map((p) => p.index), [2]);
    });

    it('a cap of 0 passes nothing on but still lists every file', () => {
      const plan = planForward([file('a.png', 'image/png', 1)], 0);
      assert.equal(plan.length, 1);
      assert.equal(plan[0].held, 'too-large');
    });
  });

  it('safeFilename keeps the last path segment, drops control characters and leading dots, and never returns empty', () => {
    assert.equal(safeFilename('../../etc/passwd', 0), 'passwd');
    assert.equal(safeFilename('C:\\Windows\\system32\\evil.dll', 0), 'evil.dll');
    assert.equal(safeFilename('a\r\nBcc: x@y.test.txt', 0), 'aBcc: x@y.test.txt');
    assert.equal(safeFilename('..', 2), 'attachment-3');
    assert.equal(safeFilename(undefined, 0), 'attachment-1');
    assert.equal(safeFilename('x'.repeat(500), 0).length, 120);
  });

  it('formatBytes', () => {
    assert.deepEqual([formatBytes(840), formatBytes(12 * 1024), formatBytes(2.4 * MB), formatBytes(31 * MB)], ['840 B', '12 KB', '2.4 MB', '31 MB']);
  });

  it('loadAttachments reads back exactly the chosen parts of a raw mail, byte for byte', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const raw = Buffer.from(
      [
        'From: a@example.test', 'To: b@example.test', 'Subject: files', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="m"', '',
        '--m', 'Content-Type: text/plain', '', 'See the files.', '',
        '--m', 'Content-Type: image/png; name="dot.png"', 'Content-Disposition: attachment; filename="../dot.png"', 'Content-Transfer-Encoding: base64', '', png.toString('base64'), '',
        '--m', 'Content-Type: text/plain; name="log.txt"', 'Content-Disposition: attachment; filename="log.txt"', '', 'line one', '',
        '--m--', '',
      ].join('\r\n'),
    );
    const parsed = await parseMail(raw);
    assert.deepEqual(parsed.attachments.map((a) => a.filename), ['../dot.png', 'log.txt']);
    const [only] = await loadAttachments(raw, [0]);
    assert.equal(only.filename, 'dot.png');
    assert.equal(only.contentType, 'image/png');
    assert.ok(only.content.equals(png));
    const both = await loadAttachments(raw, [0, 1]);
    assert.deepEqual(both.map((f) => f.filename), ['dot.png', 'log.txt']);
  });
});
