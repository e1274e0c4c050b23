import assert from 'node:assert/strict';
import { computeMailKey, extractMessageId } from '../../src/domain/mail-key';

/** Joins header lines and body lines into raw mail bytes with the given line ending. */
function mail(headers: string[], body: string[], eol = '\r\n'): Buffer {
  return Buffer.from([...headers, '', ...body].join(eol), 'latin1');
}

const HEADERS = [
  'From: Ana Pop <ana@client.example>',
  'To: support@acme.example',
  'Subject: Printer broken',
  'Date: Mon, 1 Dec 2025 09:00:00 +0200',
  'Message-ID: <abc.123@client.example>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
];
const BODY = ['Hello,', 'the printer on floor 2 is broken.', ''];

describe('mail-key', () => {
  describe('computeMailKey', () => {
    it('gives two deliveries of one mail the same key although their Received/Return-Path/Delivered-To/X-Original-To differ', () => {
      const first = mail(
        [
          'Return-Path: <ana@client.example>',
          'Delivered-To: support@acme.example',
          'X-Original-To: support@acme.example',
          'Received: from mx1.acme.example by imap.acme.example; Mon, 1 Dec 2025 09:00:05 +0200',
          'Received: from client.example by mx1.acme.example; Mon, 1 Dec 2025 09:00:04 +0200',
          ...HEADERS,
        ],
        BODY,
      );
      const second = mail(
        [
          'Return-Path: <bounces+ana@client.example>',
          'Delivered-To: help@acme.example',
          'X-Original-To: help@acme.example',
          'Received: from mx2.acme.example by imap.acme.example; Mon, 1 Dec 2025 09:07:00 +0200',
          ...HEADERS,
        ],
        BODY,
      );
      const plain = mail(HEADERS, BODY);
      const a = computeMailKey(first);
      assert.notDeepEqual(first, second);
      assert.equal(a.key, computeMailKey(second).key);
      assert.equal(a.key, computeMailKey(plain).key);
      assert.equal(a.contentHash, computeMailKey(second).contentHash);
    });

    it('gives a mail with a different body a different key', () => {
      const a = computeMailKey(mail(HEADERS, BODY));
      const b = computeMailKey(mail(HEADERS, ['Hello,', 'the printer on floor 3 is broken.', '']));
      assert.equal(a.messageId, b.messageId);
      assert.notEqual(a.contentHash, b.contentHash);
      assert.notEqual(a.key, b.key);
    });

    it('gives two different mails that reuse one Message-ID different keys', () => {
      const a = computeMailKey(mail(HEADERS, BODY));
      const otherHeaders = HEADERS.map((h) => (h.startsWith('Subject:') ? 'Subject: VPN does not connect' : h));
      const b = computeMailKey(mail(otherHeaders, ['The VPN client says error 809.', '']));
      assert.equal(a.messageId, 'abc.123@client.example');
      assert.equal(b.messageId, 'abc.123@client.example');
      assert.notEqual(a.key, b.key);
    });

    it('gives a mail without Message-ID a stable key that is not shared with a different mail', () => {
      const headers = HEADERS.filter((h) => !h.startsWith('Message-ID:'));
      const first = computeMailKey(mail(headers, BODY));
      const again = computeMailKey(mail(headers, BODY));
      const traced = computeMailKey(mail(['Received: from mx9.acme.example by imap.acme.example', ...headers], BODY));
      const other = computeMailKey(mail(headers, ['Something else.', '']));
      assert.equal(first.messageId, undefined);
      assert.match(first.key, /^[0-9a-f]{64}$/);
      assert.equal(first.key, again.key);
      assert.equal(first.key, traced.key);
      assert.notEqual(first.key, other.key);
    });

    it('gives a folded header the same key as the same header written on one line, and ignores folded trace headers', () => {
      const oneLine = mail(['Received: from a by b; Mon, 1 Dec 2025 09:00:05 +0200', ...HEADERS.filter((h) => !h.startsWith('Subject:')), 'Subject: Printer on the second floor broken'], BODY);
      const folded = mail(
        ['Received: from c', '\tby d;', '  Mon, 1 Dec 2025 09:01:00 +0200', ...HEADERS.filter((h) => !h.startsWith('Subject:')), 'Subject: Printer on the', '   second floor', '\tbroken'],
        BODY,
      );
      const other = mail([...HEADERS.filter((h) => !h.startsWith('Subject:')), 'Subject: Printer on the', ' third floor broken'], BODY);
      assert.equal(computeMailKey(oneLine).key, computeMailKey(folded).key);
      assert.notEqual(computeMailKey(folded).key, computeMailKey(other).key);
    });

    it('reads the Message-ID from a folded Message-ID header', () => {
      const headers = HEADERS.map((h) => (h.startsWith('Message-ID:') ? 'Message-ID:\r\n <abc.123@client.example>' : h));
      assert.equal(computeMailKey(mail(headers, BODY)).messageId, 'abc.123@client.example');
    });

    it('hashes the header the same for LF-only and CRLF input, the body byte for byte: same key without body, different keys with a multi-line body', () => {
      // The header is split on CRLF or bare LF and normalised, so line endings in
      // the header never matter. The body is hashed as raw bytes, so a body whose
      // line endings were rewritten counts as different content.
      const crlfNoBody = mail(HEADERS, [''], '\r\n');
      const lfNoBody = mail(HEADERS, [''], '\n');
      assert.equal(computeMailKey(crlfNoBody).key, computeMailKey(lfNoBody).key);

      const crlf = mail(HEADERS, BODY, '\r\n');
      const lf = mail(HEADERS, BODY, '\n');
      assert.notEqual(computeMailKey(crlf).key, computeMailKey(lf).key);
      assert.equal(computeMailKey(lf).messageId, 'abc.123@client.example');
    });

    it('is stable across repeated calls for LF-only and for CRLF input', () => {
      for (const eol of ['\r\n', '\n']) {
        const raw = mail(HEADERS, BODY, eol);
        const keys = new Set(Array.from({ length: 5 }, () => computeMailKey(raw).key));
        const copies = new Set(Array.from({ length: 5 }, () => computeMailKey(Buffer.from(raw)).key));
        assert.equal(keys.size, 1, `repeat with ${JSON.stringify(eol)}`);
        assert.deepEqual(copies, keys);
      }
    });

    it('ignores the whitespace layout inside header fields', () => {
      const spaced = HEADERS.map((h) => (h.startsWith('Subject:') ? 'Subject:   Printer    broken  ' : h));
      assert.equal(computeMailKey(mail(spaced, BODY)).key, computeMailKey(mail(HEADERS, BODY)).key);
    });

    it('uses the first Message-ID when the header appears twice', () => {
      const headers = [...HEADERS, 'Message-ID: <second@client.example>'];
      assert.equal(computeMailKey(mail(headers, BODY)).messageId, 'abc.123@client.example');
    });

    it('gives a header-only mail without an empty line a stable key', () => {
      const raw = Buffer.from(HEADERS.join('\r\n'), 'latin1');
      const a = computeMailKey(raw);
      assert.equal(a.messageId, 'abc.123@client.example');
      assert.equal(a.key, computeMailKey(raw).key);
    });
  });

  describe('extractMessageId', () => {
    it('strips angle brackets', () => {
      assert.equal(extractMessageId('<abc@host.example>'), 'abc@host.example');
      assert.equal(extractMessageId('  <abc@host.example>  '), 'abc@host.example');
    });

    it('accepts an id without brackets', () => {
      assert.equal(extractMessageId('abc@host.example'), 'abc@host.example');
      assert.equal(extractMessageId('  abc@host.example\r\n'), 'abc@host.example');
    });

    it('ignores comments around a bracketed id', () => {
      assert.equal(extractMessageId('(sent by Outlook) <abc@host.example>'), 'abc@host.example');
      assert.equal(extractMessageId('<abc@host.example> (Ana Pop)'), 'abc@host.example');
    });

    it('ignores comments around an unbracketed id', () => {
      assert.equal(extractMessageId('abc@host.example (Ana Pop)'), 'abc@host.example');
      assert.equal(extractMessageId('(sent by Outlook) abc@host.example'), 'abc@host.example');
    });

    it('returns undefined for a comment alone or a fragment of one', () => {
      assert.equal(extractMessageId('(no id here)'), undefined);
      assert.equal(extractMessageId('<(first>'), undefined);
      assert.equal(extractMessageId('<mail)>'), undefined);
    });

    it('returns undefined for an empty or blank value', () => {
      assert.equal(extractMessageId(''), undefined);
      assert.equal(extractMessageId('   '), undefined);
      assert.equal(extractMessageId('\r\n\t'), undefined);
      assert.equal(extractMessageId('<>'), undefined);
    });

    it('returns undefined for an id longer than 995 characters and keeps one of exactly 995', () => {
      const local995 = 'a'.repeat(995 - '@h.example'.length);
      const id995 = `${local995}@h.example`;
      assert.equal(id995.length, 995);
      assert.equal(extractMessageId(`<${id995}>`), id995);
      assert.equal(extractMessageId(`<a${id995}>`), undefined);
      assert.equal(extractMessageId(`a${id995}`), undefined);
    });
  });
});
