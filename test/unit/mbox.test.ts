import assert from 'node:assert/strict';
import { createReadStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { looksLikeMbox, MboxSplitter, NotMboxError, splitMbox, splitMboxStream } from '../../src/cli/mbox';
import { collectEmlFiles, isMboxFile } from '../../src/cli/replay';

const b = (s: string) => Buffer.from(s, 'latin1');
const texts = (msgs: Buffer[]) => msgs.map((m) => m.toString('latin1'));

/** Feeds the splitter `size`-byte chunks and collects every message. */
function splitInChunks(bytes: Buffer, size: number): Buffer[] {
  const splitter = new MboxSplitter();
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(...splitter.push(bytes.subarray(at, at + size)));
  return [...out, ...splitter.end()];
}

async function collect(gen: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const m of gen) out.push(m);
  return out;
}

// "Привет, мир" in KOI8-R: 8-bit bytes that are not valid UTF-8.
const KOI8R = Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x2c, 0x20, 0xcd, 0xc9, 0xd2]);

const MIXED = Buffer.concat([
  b('From a@example.test Mon Jan  1 00:00:00 2024\r\nSubject: one\r\n\r\n>From here\r\n>>From there\r\n\r\n'),
  b('From b@example.test Mon Jan  1 00:00:01 2024\r\nSubject: two\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n'),
  KOI8R,
  b('\r\nFrom the start, not a From_ line\r\n\r\n'),
  b('From c@example.test Mon Jan  1 00:00:02 2024\r\n\r\nFrom d@example.test Mon Jan  1 00:00:03 2024\r\nSubject: four\r\n\r\nlast line without LF'),
]);

describe('mbox (RFC 4155)', () => {
  it('splits two LF messages, dropping the From_ lines and the separating empty line', () => {
    const mbox = b('From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody one\n\nFrom b@x Mon Jan  1 00:00:01 2024\nSubject: two\n\nbody two\n\n');
    assert.deepEqual(texts(splitMbox(mbox)), ['Subject: one\n\nbody one\n', 'Subject: two\n\nbody two\n']);
  });

  it('splits CRLF messages and keeps their CRLF line endings', () => {
    const mbox = b('From a@x Mon Jan  1 00:00:00 2024\r\nSubject: one\r\n\r\nbody one\r\n\r\nFrom b@x Mon Jan  1 00:00:01 2024\r\nSubject: two\r\n\r\nbody two\r\n\r\n');
    assert.deepEqual(texts(splitMbox(mbox)), ['Subject: one\r\n\r\nbody one\r\n', 'Subject: two\r\n\r\nbody two\r\n']);
  });

  it('drops only the one separator line: empty lines that end a body stay', () => {
    const mbox = b('From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\n\n\nFrom b@x Mon Jan  1 00:00:01 2024\nSubject: two\n\nbody\n');
    assert.deepEqual(texts(splitMbox(mbox)), ['Subject: one\n\nbody\n\n\n', 'Subject: two\n\nbody\n']);
  });

  it('unquotes mboxrd lines: >From and >>From lose one >, other > lines stay', () => {
    const mbox = b('From a@x Mon Jan  1 00:00:00 2024\nSubject: q\n\n>From here\n>>From there\n>>>From far\n> From quoted\n>Fromage\n>\n\n');
    assert.equal(splitMbox(mbox)[0].toString('latin1'), 'Subject: q\n\nFrom here\n>From there\n>>From far\n> From quoted\n>Fromage\n>\n');
  });

  it('keeps a "From " line that follows a non-empty line in the body (unquoting writers)', () => {
    const mbox = b('From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nsee below\nFrom the desk of Dana\n\nFrom b@x Mon Jan  1 00:00:01 2024\nSubject: two\n\nx\n');
    assert.deepEqual(texts(splitMbox(mbox)), ['Subject: one\n\nsee below\nFrom the desk of Dana\n', 'Subject: two\n\nx\n']);
  });

  it('keeps 8-bit bytes (a KOI8-R body) byte for byte', () => {
    const message = Buffer.concat([b('Subject: koi8\nContent-Type: text/plain; charset=koi8-r\n\n'), KOI8R, b('\n'), Buffer.from([0x80, 0xff, 0x00, 0x0d, 0x0a])]);
    const mbox = Buffer.concat([b('From a@x Mon Jan  1 00:00:00 2024\n'), message, b('\n')]);
    const [out] = splitMbox(mbox);
    assert.ok(out.equals(message), `got ${out.toString('hex')}`);
  });

  it('gives identical messages whether fed whole, in 1-byte chunks or in 7-byte chunks', () => {
    const whole = splitMbox(MIXED);
    assert.equal(whole.length, 4);
    for (const size of [1, 7]) {
      const chunked = splitInChunks(MIXED, size);
      assert.equal(chunked.length, whole.length, `${size}-byte chunks`);
      chunked.forEach((m, i) => assert.ok(m.equals(whole[i]), `${size}-byte chunks, message ${i + 1}`));
    }
    assert.equal(whole[0].toString('latin1'), 'Subject: one\r\n\r\nFrom here\r\n>From there\r\n');
    assert.ok(whole[1].subarray(whole[1].indexOf(KOI8R)).equals(Buffer.concat([KOI8R, b('\r\nFrom the start, not a From_ line\r\n')])));
    assert.equal(whole[3].toString('latin1'), 'Subject: four\r\n\r\nlast line without LF');
  });

  it('hands an empty message between two From_ lines on, rather than dropping it', () => {
    assert.deepEqual(texts(splitMbox(MIXED)).slice(2), ['', 'Subject: four\r\n\r\nlast line without LF']);
  });

  it('reads an empty input as zero messages', () => {
    assert.deepEqual(splitMbox(Buffer.alloc(0)), []);
  });

  it('refuses input whose first line is not a From_ line', () => {
    assert.equal(looksLikeMbox(b('Subject: hi\n')), false);
    assert.equal(looksLikeMbox(b('From a@x Mon Jan  1 00:00:00 2024\n')), true);
    assert.throws(() => splitMbox(b('Subject: hi\n\nFrom a@x Mon Jan  1 00:00:00 2024\n')), NotMboxError);
  });

  it('streams a file read in small chunks into the same messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-mbox-'));
    writeFileSync(join(dir, 'all.mbox'), MIXED);
    const streamed = await collect(splitMboxStream(createReadStream(join(dir, 'all.mbox'), { highWaterMark: 7 })));
    assert.deepEqual(streamed, splitMbox(MIXED));
  });

  it('tells mbox files from .eml files by name and content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-mbox-'));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    write('a.eml', 'From a@x Mon Jan  1 00:00:00 2024\nSubject: x\n\nx\n');
    write('b.mbox', '');
    write('c.MBX', 'From a@x Mon Jan  1 00:00:00 2024\n');
    write('Inbox', 'From a@x Mon Jan  1 00:00:00 2024\nSubject: x\n\nx\n');
    write('Inbox.msf', 'From a@x');
    write('notes', 'Subject: not mail\n');
    mkdirSync(join(dir, 'Inbox.sbd'));
    write('Inbox.sbd/Archive', 'From a@x Mon Jan  1 00:00:00 2024\n');
    assert.deepEqual([isMboxFile(join(dir, 'a.eml')), isMboxFile(join(dir, 'b.mbox')), isMboxFile(join(dir, 'c.MBX')), isMboxFile(join(dir, 'Inbox')), isMboxFile(join(dir, 'notes'))], [false, true, true, true, false]);
    assert.deepEqual(collectEmlFiles([dir]), ['Inbox', 'Inbox.sbd/Archive', 'a.eml', 'b.mbox', 'c.MBX'].map((n) => join(dir, n)));
  });
});
