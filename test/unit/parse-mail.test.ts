import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { InboundMail } from '../../src/domain/inbound-mail';
import { parseMail } from '../../src/mail/parse';

/** Fixtures written as exact bytes by test/fixtures/charsets/generate.mjs. */
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/charsets');

function fixture(name: string): Promise<InboundMail> {
  return parseMail(fs.readFileSync(path.join(FIXTURES, name)));
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

describe('parseMail', () => {
  describe('charsets', () => {
    it('decodes a windows-1251 text/plain body (Russian)', async () => {
      const mail = await fixture('cp1251-plain.eml');
      assert.equal(
        mail.text,
        'Здравствуйте!\nПринтер на втором этаже не печатает, ошибка «Замятие бумаги».\nЕщё вопрос: где взять картридж?\nСпасибо, Иван Петров\n',
      );
      assert.equal(mail.contentType, 'text/plain');
      assert.deepEqual(mail.contentTypeParams, { charset: 'windows-1251' });
    });

    it('decodes a koi8-r text/plain body (Russian)', async () => {
      const mail = await fixture('koi8r-plain.eml');
      assert.equal(mail.text, 'Добрый день!\nНе работает VPN: ошибка 809 при подключении.\nЁлка, ёж, съешь же ещё этих мягких французских булок.\n');
      assert.deepEqual(mail.contentTypeParams, { charset: 'koi8-r' });
    });

    it('decodes an iso-8859-2 text/plain body (Romanian ş ţ cedilla forms, ă â î)', async () => {
      const mail = await fixture('iso-8859-2-plain.eml');
      assert.equal(
        mail.text,
        'Bună ziua,\nimprimanta de la etajul doi nu funcţionează.\nAş vrea să ştiu când vine tehnicianul; îmi pare rău pentru deranj.\nMulţumesc, Ştefan Ţurcanu\nÎNCĂ O ÎNTREBARE: ÂŞŢ\n',
      );
      // The cedilla forms of 8859-2 (U+015F, U+0163), not the comma-below forms.
      assert.ok(mail.text.includes('\u015f') && mail.text.includes('\u0163'));
      assert.ok(!mail.text.includes('\u0219') && !mail.text.includes('\u021b'));
    });

    it('decodes a UTF-8 quoted-printable body, joining soft line breaks', async () => {
      const mail = await fixture('utf8-quoted-printable.eml');
      assert.equal(
        mail.text,
        'Salut! Mulțumesc pentru răspuns — problema „ș/ț” e rezolvată.\n' +
          'Спасибо за быстрый ответ, всё работает.\n' +
          'A long line that is longer than seventy-six characters so that quoted-printable has to wrap it = twice, with soft line breaks.\n',
      );
    });
  });

  describe('encoded words (RFC 2047)', () => {
    it('decodes a windows-1251 B-encoded subject split over two folded encoded words', async () => {
      const mail = await fixture('cp1251-plain.eml');
      assert.equal(mail.subject, 'Не печатает принтер на втором этаже');
    });

    it('decodes an iso-8859-2 Q-encoded subject', async () => {
      const mail = await fixture('iso-8859-2-plain.eml');
      assert.equal(mail.subject, 'Imprimanta nu funcţionează, Ştefan îţi scrie');
    });

    it('decodes a koi8-r B-encoded subject and a UTF-8 Q-encoded word after plain text', async () => {
      assert.equal((await fixture('koi8r-plain.eml')).subject, 'Проблема с VPN');
      assert.equal((await fixture('utf8-quoted-printable.eml')).subject, 'Re: [TG-000123] Mulțumesc');
    });

    it('decodes the display name of From from an encoded word and lower-cases the address', async () => {
      assert.deepEqual((await fixture('cp1251-plain.eml')).from, { name: 'Иван Петров', address: 'ivan.petrov@client.example' });
      assert.deepEqual((await fixture('koi8r-plain.eml')).from, { name: 'Ольга Смирнова', address: 'olga@client.example' });
      assert.deepEqual((await fixture('iso-8859-2-plain.eml')).from, { name: 'Ştefan Ţurcanu', address: 'stefan@client.example.ro' });
    });
  });

  describe('MIME structure', () => {
    it('derives the text of an HTML-only mail from its HTML, without the style sheet', async () => {
      const mail = await fixture('html-only.eml');
      assert.equal(mail.contentType, 'text/html');
      assert.equal(mail.text, 'Bună ziua,\n\nImprimanta & scanerul nu merg.\nMulțumesc');
      assert.equal(
        mail.html,
        '<html><head><style>p { color: red; }</style></head><body>\n<p>Bună ziua,</p>\n<p>Imprimanta &amp; scanerul nu merg.<br>Mulțumesc</p>\n</body></html>\n',
      );
    });

    it('takes the text from the text/plain part and the HTML from the text/html part of multipart/alternative', async () => {
      const mail = await fixture('multipart-alternative.eml');
      assert.equal(mail.contentType, 'multipart/alternative');
      assert.deepEqual(mail.contentTypeParams, { boundary: 'alt-boundary-1' });
      assert.equal(mail.text, 'Plain: imprimanta nu merge.');
      assert.equal(mail.html, '<p>HTML: <b>imprimanta</b> nu merge.</p>');
      assert.deepEqual(mail.attachments, []);
    });

    it('lists attachments with filename, size, lower-case content type, checksum and inline flag', async () => {
      const pdf = Buffer.alloc(1500);
      for (let i = 0; i < pdf.length; i++) pdf[i] = (i * 7 + 3) % 256;
      pdf.write('%PDF-1.4\n', 0, 'latin1');
      const invoice = Buffer.from('Счёт № 42\n', 'utf8');
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

      const mail = await fixture('attachment.eml');
      assert.equal(mail.contentType, 'multipart/mixed');
      assert.equal(mail.text, 'See the attached report.');
      assert.deepEqual(mail.attachments, [
        { filename: 'raport.pdf', contentType: 'application/pdf', size: 1500, checksum: md5(pdf), inline: false },
        { filename: 'Счёт.txt', contentType: 'text/plain', size: invoice.length, checksum: md5(invoice), inline: false },
        { filename: 'pixel.png', contentType: 'image/png', size: png.length, checksum: md5(png), inline: true },
      ]);
    });
  });

  describe('headers', () => {
    it('maps header names to lower case and keeps every Received value in order, unfolded', async () => {
      const mail = await fixture('headers.eml');
      assert.deepEqual(mail.headers.received, [
        'from mx2.acme.example (mx2.acme.example [192.0.2.2])\tby imap.acme.example with LMTP; Mon, 08 Dec 2025 09:00:05 +0200',
        'from mail.client.example.ro (mail.client.example.ro [198.51.100.7])\tby mx2.acme.example with ESMTPS; Mon, 08 Dec 2025 09:00:04 +0200',
        'from [10.0.0.5] by mail.client.example.ro; Mon, 08 Dec 2025 09:00:03 +0200',
      ]);
      assert.deepEqual(mail.headers['return-path'], ['<ana.pop@client.example.ro>']);
      for (const name of Object.keys(mail.headers)) assert.equal(name, name.toLowerCase());
      assert.equal(mail.headers.Received, undefined);
    });

    it('unfolds a folded header by removing only the line breaks', async () => {
      const mail = await fixture('headers.eml');
      assert.deepEqual(mail.headers['x-folded-note'], ['part one   part two']);
      assert.deepEqual(mail.headers.subject, ['Printer on the second floor  does not print anymore']);
    });

    it('returns a folded subject on one line', async () => {
      assert.equal((await fixture('headers.eml')).subject, 'Printer on the second floor does not print anymore');
    });

    it('yields no address for the empty group "Undisclosed recipients:;" and the members of a non-empty group', async () => {
      const mail = await fixture('headers.eml');
      assert.deepEqual(mail.to, []);
      assert.deepEqual(mail.cc, [{ address: 'support@acme.example' }, { name: 'Help Desk', address: 'help@acme.example' }, { address: 'ion@acme.example' }]);
    });

    it('reads a quoted display name with a comma, and Reply-To', async () => {
      const mail = await fixture('headers.eml');
      assert.deepEqual(mail.from, { name: 'Pop, Ana', address: 'ana.pop@client.example.ro' });
      assert.deepEqual(mail.replyTo, [{ name: 'Ana', address: 'ana.personal@client.example.ro' }]);
    });

    it('extracts Message-ID, In-Reply-To and References without brackets, skipping a comment in References', async () => {
      const mail = await fixture('headers.eml');
      assert.equal(mail.messageId, '20251208090003.1234@mail.client.example.ro');
      assert.equal(mail.inReplyTo, 'tg.AbC_12-x@acme.example');
      assert.deepEqual(mail.references, ['root.1@client.example.ro', 'tg.AbC_12-x@acme.example']);
    });

    it('has no In-Reply-To and an empty References list when the headers are absent', async () => {
      const mail = await fixture('cp1251-plain.eml');
      assert.equal(mail.messageId, 'cp1251.1@client.example');
      assert.equal(mail.inReplyTo, undefined);
      assert.deepEqual(mail.references, []);
    });

    it('parses the Date header with its offset', async () => {
      assert.equal((await fixture('headers.eml')).date?.toISOString(), '2025-12-08T07:00:03.000Z');
      assert.equal((await fixture('cp1251-plain.eml')).date?.toISOString(), '2025-12-01T06:00:00.000Z');
    });
  });

  it('parses a mail given with bare LF line endings like the CRLF original', async () => {
    const crlf = fs.readFileSync(path.join(FIXTURES, 'cp1251-plain.eml'));
    const lf = Buffer.from(crlf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    const [a, b] = await Promise.all([parseMail(crlf), parseMail(lf)]);
    assert.equal(b.subject, a.subject);
    assert.equal(b.text, a.text);
    assert.deepEqual(b.from, a.from);
  });

  it('records the name, size and checksum of a big attachment without keeping its bytes', async () => {
    const bytes = Buffer.alloc(5 * 1024 * 1024, 7);
    const b64 = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(`From: a@example.test\r\nTo: s@example.test\r\nSubject: dump\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: application/zip; name=dump.zip\r\nContent-Disposition: attachment; filename=dump.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b--\r\n`);
    const mail = await parseMail(raw);
    assert.equal(mail.text.trim(), 'See attached.');
    assert.deepEqual(mail.attachments.map((a) => [a.filename, a.contentType, a.size, a.checksum]), [['dump.zip', 'application/zip', bytes.length, createHash('md5').update(bytes).digest('hex')]]);
  });
});

