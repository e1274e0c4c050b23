import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyseBounce, type BounceInfo } from '../../src/domain/bounce';
import type { InboundMail } from '../../src/domain/inbound-mail';
import { parseMail } from '../../src/mail/parse';
import { loadEml, inboundMail } from '../support/eml';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/mail-gem');
const REPORTS = path.join(CORPUS, 'multipart_report_emails');
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/bounces');
const AUTO = path.resolve(__dirname, '../../../test/fixtures/auto');
const DEV_SET = path.resolve(__dirname, '../../../../shared/triage/dev.jsonl');

async function bounceOf(file: string): Promise<BounceInfo> {
  const info = analyseBounce(await loadEml(file));
  assert.ok(info, `${path.basename(file)} should be a bounce`);
  return info;
}

/** `address status action` per failed recipient, to compare in one assertion. */
function summary(info: BounceInfo): string[] {
  return info.failed.map((r) => `${r.address} ${r.status ?? '-'} ${r.action ?? '-'}`);
}

/** A minimal mail; tests override what they need. */
function mail(over: Partial<InboundMail> = {}): InboundMail {
  return inboundMail({ from: { address: 'mailer-daemon@mx.example' }, subject: 'Undelivered Mail Returned to Sender', text: '', ...over });
}

const DSN = (action: string, status: string): string =>
  `Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; ana@client.example\r\nAction: ${action}\r\nStatus: ${status}\r\n`;

describe('analyseBounce', () => {
  describe('mail-gem corpus', () => {
    for (const name of ['multi_address_bounce1.eml', 'multi_address_bounce2.eml']) {
      it(`${name}: five failed recipients (5.1.1), permanent, original Message-ID from message/rfc822`, async () => {
        const info = await bounceOf(path.join(REPORTS, name));
        assert.deepEqual(summary(info), [
          'bbbbvhvbbvkjbhfbvbvjhb@gmail.com 5.1.1 failed',
          'bscdbcjhasbcjhbdscbhbsdhcbj@gmail.com 5.1.1 failed',
          'egyfefsdvsfvvhjsd@gmail.com 5.1.1 failed',
          'kfhejkfbsjkjsbhds@gmail.com 5.1.1 failed',
          'qfvhgsvhgsduiohncdhcvhsdfvsfygusd@gmail.com 5.1.1 failed',
        ]);
        assert.equal(info.permanent, true);
        assert.equal(info.originalMessageId, '118707422.15521266992174819.JavaMail.root@lvmail01');
        assert.match(info.failed[0]?.diagnostic ?? '', /^550-5\.1\.1 The email account that you tried to reach does not exist\. Please try 550-5\.1\.1 double-checking/);
      });
    }

    it('multipart_report_multiple_status: reads the delivery-status part that has fields, strips <> from the address', async () => {
      const m = await loadEml(path.join(REPORTS, 'multipart_report_multiple_status.eml'));
      assert.match(m.report?.deliveryStatus ?? '', /^Reporting-MTA: dns; schemailmta04\.ci\.com/);
      const info = analyseBounce(m);
      assert.deepEqual(info && summary(info), ['u@ci.com 5.3.0 failed']);
      assert.equal(info?.permanent, true);
      assert.equal(info?.originalMessageId, '4c2a146147ac8_61ff157c4ec1652df@s.h.c.mail');
    });

    it('report_422: a delay (Action: delayed, 4.2.2) is not permanent; Message-ID from text/rfc822-headers', async () => {
      const info = await bounceOf(path.join(REPORTS, 'report_422.eml'));
      assert.deepEqual(summary(info), ['fraser@oooooooo.com.au 4.2.2 delayed']);
      assert.equal(info.failed[0]?.diagnostic, '452 4.2.2 <fraser@oooooooo.com.au>... Mailbox full');
      assert.equal(info.permanent, false);
      assert.equal(info.originalMessageId, '15655788.13.1200472642578.JavaMail.Administrator@mail.ttttt.com.au');
    });

    it('report_530: 5.3.0 failure is permanent; Message-Id (any case) from text/rfc822-headers, not Resent-Message-Id', async () => {
      const info = await bounceOf(path.join(REPORTS, 'report_530.eml'));
      assert.deepEqual(summary(info), ['edwin@zzzzzzz.com 5.3.0 failed']);
      assert.equal(info.failed[0]?.diagnostic, '553 5.3.0 <edwin@zzzzzzz.com>... Unknown E-Mail Address');
      assert.equal(info.permanent, true);
      assert.equal(info.originalMessageId, '200712232303.lBNN3jDq002941@mail12.rrrr.com.au');
    });

    it('raw_email_with_mimepart_without_content_type: a delay warning, empty Diagnostic-Code left out', async () => {
      const info = await bounceOf(path.join(CORPUS, 'mime_emails/raw_email_with_mimepart_without_content_type.eml'));
      assert.deepEqual(info.failed, [{ address: 'larose.julie@courrier.uqam.ca', status: '4.5.0', action: 'delayed' }]);
      assert.equal(info.permanent, false);
      assert.equal(info.originalMessageId, '89d7557c0610181510r6fa5ebd8n66a7deec71ade118@mail.gmail.com');
    });
  });

  describe('DSN fixtures (RFC 3464)', () => {
    it('Postfix: gateway Message-ID from the message/rfc822 headers, addresses lower-cased', async () => {
      const m = await loadEml(path.join(FIXTURES, 'postfix-dsn.eml'));
      // The header section only: a Message-ID line in the returned body is not read.
      assert.ok(m.report?.originalHeaders?.endsWith('Content-Transfer-Encoding: 8bit'));
      const info = analyseBounce(m);
      assert.ok(info);
      assert.equal(info.originalMessageId, 'tg.AbCdEfGhIjKlMnOpQrStUv@example.test');
      assert.deepEqual(summary(info), ['olga.ivanova@northwind.example 5.1.1 failed', 'it-desk@contoso.example 5.2.2 failed']);
      assert.equal(info.failed[0]?.diagnostic, '550 5.1.1 <Olga.Ivanova@Northwind.example>: Recipient address rejected: User unknown in virtual mailbox table');
      assert.equal(info.permanent, true);
    });

    it('Gmail: text/rfc822-headers, folded Diagnostic-Code unfolded', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'gmail-dsn.eml'));
      assert.equal(info.originalMessageId, 'tg.Gm41lDsnOriginal00001@example.test');
      assert.deepEqual(summary(info), ['andrei.popescu@gmail.com 5.1.1 failed']);
      assert.match(info.failed[0]?.diagnostic ?? '', /does not exist\. Please try double-checking the recipient's email address for typos or unnecessary spaces\./);
      assert.equal(info.permanent, true);
    });

    it('Exchange: three-digit detail status 5.1.10', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'exchange-ndr.eml'));
      assert.equal(info.originalMessageId, 'tg.Exch4ng3NdrOr1g1nal000@example.test');
      assert.deepEqual(summary(info), ['j.doe@contoso.example 5.1.10 failed']);
      assert.equal(info.permanent, true);
    });

    it('Postfix delay notice: delayed 4.4.1, not permanent', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'delayed-dsn.eml'));
      assert.deepEqual(summary(info), ['maria.lungu@moldtelecom-client.example 4.4.1 delayed']);
      assert.equal(info.failed[0]?.diagnostic, 'connect to mx.moldtelecom-client.example[192.0.2.77]:25: Connection timed out');
      assert.equal(info.permanent, false);
      assert.equal(info.originalMessageId, 'tg.D3l4y3dDsnOr1g1nal0000@example.test');
    });
  });

  describe('text bounces', () => {
    it('Exim: "The following address(es) failed", Message-ID quoted in the body', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'exim-text.eml'));
      assert.equal(info.originalMessageId, 'tg.Ex1mQu0t3dH3ad3rs0001@example.test');
      // An uncoded recipient of a bounce that says "This is a permanent error" gets 5.0.0.
      assert.deepEqual(summary(info), ['ion.rusu@balkan-trade.example 5.1.1 failed', 'old.office@balkan-trade.example 5.0.0 failed']);
      assert.match(info.failed[0]?.diagnostic ?? '', /^host mail\.balkan-trade\.example \[192\.0\.2\.44\] SMTP error .* 550 5\.1\.1 /);
      assert.equal(info.failed[1]?.diagnostic, 'Unrouteable address');
      assert.equal(info.permanent, true);
    });

    it('Exim: a basic reply code without enhanced status gives X.0.0', async () => {
      const info = await bounceOf(path.join(AUTO, 'exim-bounce.eml'));
      assert.deepEqual(summary(info), ['office@agro-sud.example 5.0.0 failed']);
      assert.equal(info.permanent, true);
    });

    it('qmail: "<addr>:" blocks, (#5.1.1) and "Remote host said: 550 5.7.1"', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'qmail.eml'));
      assert.equal(info.originalMessageId, 'tg.QmA1lB0unc3dM3ssage00@example.test');
      assert.deepEqual(summary(info), ['pavel.sokolov@vostok-stroy.example 5.1.1 failed', 'zakupki@partner-msk.example 5.7.1 failed']);
      assert.equal(info.failed[0]?.diagnostic, 'Sorry, no mailbox here by that name. (#5.1.1)');
      assert.equal(info.permanent, true);
    });

    it('Postfix plain text: a 4xx recipient is listed, the 5xx one makes the bounce permanent', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'postfix-text.eml'));
      assert.equal(info.originalMessageId, 'tg.P0stf1xT3xtOr1g1nal00@example.test');
      assert.deepEqual(summary(info), ['s.novak@dacia-logistic.example 5.1.1 failed', 'depozit@dacia-logistic.example 4.2.0 failed']);
      assert.equal(info.permanent, true);
    });

    it('Exchange 2003 NDR text: "addr on <date>" lines, <host #5.1.1>; no Message-ID to find', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'exchange-ndr-text.eml'));
      assert.deepEqual(summary(info), ['r.moore@fabrikam.example 5.1.1 failed', 'facilities@fabrikam.example 5.7.1 failed']);
      assert.match(info.failed[0]?.diagnostic ?? '', /^The e-mail account does not exist/);
      assert.equal(info.originalMessageId, undefined);
      assert.equal(info.permanent, true);
    });

    it('Russian: "Не удалось доставить", quoted original after "Исходное сообщение"', async () => {
      const info = await bounceOf(path.join(FIXTURES, 'ru-text.eml'));
      assert.deepEqual(summary(info), ['a.kuznetsova@ural-servis.example 5.2.2 failed']);
      assert.equal(info.failed[0]?.diagnostic, 'почтовый ящик переполнен (ответ сервера: 552 5.2.2 Mailbox size limit exceeded)');
      assert.equal(info.originalMessageId, 'tg.RuT3xtB0unc3Or1g1nal0@example.test');
      assert.equal(info.permanent, true);
    });

    it('Exchange 2010 text: the recipient named twice takes the code from its diagnostic block', () => {
      const text = [
        'Delivery has failed to these recipients or groups:',
        '',
        'j.doe@contoso.example<mailto:j.doe@contoso.example>',
        "The email address you entered couldn't be found.",
        '',
        'Diagnostic information for administrators:',
        '',
        'Generating server: EX01.corp.contoso.example',
        '',
        'j.doe@contoso.example',
        '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##',
        '',
        'Original message headers:',
        '',
        'To: <support@ticketgate.example>',
        'Message-ID: <tg.Exch2010Text000000000@example.test>',
      ].join('\n');
      const info = analyseBounce(mail({ from: { address: 'postmaster@contoso.example' }, subject: 'Undeliverable: Re: VPN', text }));
      assert.deepEqual(info?.failed, [{ address: 'j.doe@contoso.example', status: '5.1.1', action: 'failed', diagnostic: '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##' }]);
      assert.equal(info?.originalMessageId, 'tg.Exch2010Text000000000@example.test');
    });

    it('a delay warning in text: delayed, not permanent; addresses of the bounce itself are skipped', () => {
      const text = 'Warning: message still undelivered after 4 hours\n\n<support@ticketgate.example>: sender\n<ana@client.example>... Deferred: 451 4.4.0 timeout\n';
      const info = analyseBounce(mail({ subject: 'Warning: could not send message for past 4 hours', text }));
      assert.deepEqual(info && summary(info), ['ana@client.example 4.4.0 delayed']);
      assert.equal(info?.permanent, false);
    });

    describe('triage dev set bounces', () => {
      const records = new Map(
        readFileSync(DEV_SET, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as { id: string; from: string; subject: string; body: string })
          .map((r) => [r.id, r]),
      );
      const cases: Array<[string, string[]]> = [
        ['en-011', ['j.doe@old-domain.example 5.1.1 failed']], // Gmail: the code is a paragraph below the address
        ['ru-011', ['v.ivanov@old.example 5.1.1 failed']],
        ['ro-011', ['contabil@firma-veche.example 5.1.1 failed']],
      ];
      for (const [id, expected] of cases) {
        it(`${id}`, () => {
          const r = records.get(id);
          assert.ok(r, id);
          const address = (/<([^<>]+)>/.exec(r.from)?.[1] ?? r.from).toLowerCase();
          const info = analyseBounce(mail({ from: { address }, subject: r.subject, text: r.body }));
          assert.deepEqual(info && summary(info), expected);
          assert.equal(info?.permanent, true);
        });
      }
    });

    it('X-Failed-Recipients adds recipients the text does not name', () => {
      const info = analyseBounce(mail({ text: 'This is a permanent error.\n', headers: { 'x-failed-recipients': ['Ana@Client.example, <bob@client.example>'] } }));
      assert.deepEqual(info && summary(info), ['ana@client.example 5.0.0 failed', 'bob@client.example 5.0.0 failed']);
    });
  });

  describe('original Message-ID', () => {
    const report = { deliveryStatus: DSN('failed', '5.1.1'), originalHeaders: 'From: a@b.example\r\nMessage-ID:\r\n <tg.FromHeaders@example.test>\r\n' };

    it('the returned headers win over In-Reply-To and References', () => {
      const info = analyseBounce(mail({ report, inReplyTo: 'irt@example.test', references: ['ref@example.test'] }));
      assert.equal(info?.originalMessageId, 'tg.FromHeaders@example.test');
    });

    it('then In-Reply-To, then the last References entry, then the body', () => {
      const noHeaders = { deliveryStatus: report.deliveryStatus };
      const body = 'Returned message:\n\n  Message-ID: <tg.InBody@example.test>\n';
      assert.equal(analyseBounce(mail({ report: noHeaders, inReplyTo: 'irt@example.test', references: ['a@x', 'b@x'] }))?.originalMessageId, 'irt@example.test');
      assert.equal(analyseBounce(mail({ report: noHeaders, references: ['a@x', 'b@x'], text: body }))?.originalMessageId, 'b@x');
      assert.equal(analyseBounce(mail({ report: noHeaders, text: body }))?.originalMessageId, 'tg.InBody@example.test');
    });

    it("never the bounce's own Message-ID", () => {
      const info = analyseBounce(mail({ report: { deliveryStatus: report.deliveryStatus }, messageId: 'own@mx.example', text: 'Message-ID: <own@mx.example>\n' }));
      assert.ok(info);
      assert.equal(info.originalMessageId, undefined);
    });
  });

  describe('delivery-status rules', () => {
    it('a 4.x.x failure is listed but not permanent', () => {
      const info = analyseBounce(mail({ report: { deliveryStatus: DSN('failed', '4.4.7') } }));
      assert.deepEqual(info && summary(info), ['ana@client.example 4.4.7 failed']);
      assert.equal(info?.permanent, false);
    });

    it('reads the fields from the text when the parser folded the part into it', () => {
      const info = analyseBounce(mail({ text: `The mail system\n\n${DSN('failed', '5.1.1 (bad destination mailbox)')}` }));
      assert.deepEqual(info && summary(info), ['ana@client.example 5.1.1 failed']);
    });

    it('a recipient group without Action takes it from the status class, else failed', () => {
      const group = (status: string): string => `Final-Recipient: rfc822; ana@client.example\r\n${status}`;
      assert.deepEqual(analyseBounce(mail({ report: { deliveryStatus: group('Status: 4.2.2\r\n') } }))?.failed, [{ address: 'ana@client.example', status: '4.2.2', action: 'delayed' }]);
      assert.deepEqual(analyseBounce(mail({ report: { deliveryStatus: group('') } }))?.failed, [{ address: 'ana@client.example', action: 'failed' }]);
    });

    it('a report where every recipient was delivered or relayed is not a bounce', () => {
      assert.equal(analyseBounce(mail({ report: { deliveryStatus: DSN('delivered', '2.0.0') } })), undefined);
      assert.equal(analyseBounce(mail({ report: { deliveryStatus: DSN('relayed', '2.0.0') } })), undefined);
    });
  });

  describe('not bounces', () => {
    for (const name of ['customer-en.eml', 'customer-ru.eml', 'gmail-vacation-en.eml', 'read-receipt.eml', 'newsletter-bulk.eml']) {
      it(`${name} gives undefined`, async () => {
        assert.equal(analyseBounce(await loadEml(path.join(AUTO, name))), undefined);
      });
    }

    it('a customer pasting a bounce into a request gives undefined', () => {
      const text = `Hi, my mail to you bounced:\n\n<ana@client.example>: host said: 550 5.1.1 User unknown\n\n${DSN('failed', '5.1.1')}`;
      const customer = mail({ from: { name: 'Ana Pop', address: 'ana.pop@client.example' }, subject: 'Your address bounces?', text });
      assert.equal(analyseBounce(customer), undefined);
    });
  });
});

describe('parseMail: report parts', () => {
  it('keeps text and attachments of a DSN as before, and adds the report parts', async () => {
    const m = await loadEml(path.join(FIXTURES, 'postfix-dsn.eml'));
    assert.match(m.text, /Final-Recipient: rfc822; it-desk@contoso\.example/);
    assert.deepEqual(m.attachments.map((a) => a.contentType), ['message/rfc822']);
    assert.match(m.report?.deliveryStatus ?? '', /^Reporting-MTA: dns; mx\.ticketgate\.example\r\n/);
    assert.match(m.report?.originalHeaders ?? '', /^Return-Path: <support@ticketgate\.example>\r\n/);
  });

  it('a message/rfc822 forwarded by a person is not a report', async () => {
    const raw = [
      'From: Ana Pop <ana.pop@client.example>\r\nTo: support@ticketgate.example\r\nSubject: Fw: invoice\r\nMessage-ID: <fw1@client.example>',
      'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n',
      '--b1\r\nContent-Type: text/plain\r\n\r\nSee the attached mail.',
      '--b1\r\nContent-Type: message/rfc822\r\n\r\nFrom: vendor@supplier.example\r\nMessage-ID: <inv@supplier.example>\r\nSubject: Invoice\r\n\r\nInvoice attached.',
      '--b1--\r\n',
    ].join('\r\n');
    const m = await parseMail(Buffer.from(raw));
    assert.equal(m.report, undefined);
    assert.equal(analyseBounce(m), undefined);
  });
});
