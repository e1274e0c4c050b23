import { loadDevSet } from '../support/dev-set';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { classifyAutomation, type AutoKind } from '../../src/domain/auto-reply';
import type { InboundMail } from '../../src/domain/inbound-mail';
import type { Mailbox } from '../../src/domain/types';
import { loadEml, inboundMail } from '../support/eml';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/mail-gem');
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/auto');

/** A minimal human-looking mail; tests override what they need. */
function mail(over: Partial<InboundMail> = {}): InboundMail {
  return inboundMail(over);
}

function expectAuto(m: InboundMail, kind: AutoKind, reason?: RegExp): void {
  const v = classifyAutomation(m);
  assert.ok(v.auto, `expected ${kind}, got human`);
  assert.equal(v.kind, kind, v.reason);
  if (reason) assert.match(v.reason, reason);
}

function expectHuman(m: InboundMail, opts?: Parameters<typeof classifyAutomation>[1]): void {
  const v = classifyAutomation(m, opts);
  assert.equal(v.auto, false, v.auto ? `${v.kind}: ${v.reason}` : '');
}

describe('classifyAutomation', () => {
  describe('real corpus (mail-gem)', () => {
    const reports: Record<string, RegExp> = {
      'multi_address_bounce1.eml': /report-type=delivery-status/,
      'multi_address_bounce2.eml': /report-type=delivery-status/,
      'multipart_report_multiple_status.eml': /report-type=delivery-status/,
      'report_422.eml': /report-type=delivery-status/, // a delay warning is a DSN too (RFC 3464 Action: delayed)
      'report_530.eml': /report-type=delivery-status/,
    };
    it('has the five delivery reports', () => {
      assert.deepEqual(readdirSync(path.join(CORPUS, 'multipart_report_emails')).sort(), Object.keys(reports).sort());
    });
    for (const [file, reason] of Object.entries(reports)) {
      it(`multipart_report_emails/${file} is a bounce`, async () => {
        expectAuto(await loadEml(path.join(CORPUS, 'multipart_report_emails', file)), 'bounce', reason);
      });
    }
    // Checked one by one: none carries an automation header. raw_email_trailing_dot
    // (a RubyForge forum post from noreply@) and raw_email_multiple_from (an svn
    // commit mail) are machine-relayed but have no marker; a noreply address is
    // deliberately not a rule, so they count as human.
    for (const dir of ['plain_emails', 'rfc2822']) {
      for (const file of readdirSync(path.join(CORPUS, dir)).filter((f) => f.endsWith('.eml'))) {
        it(`${dir}/${file} is human`, async () => expectHuman(await loadEml(path.join(CORPUS, dir, file))));
      }
    }
    // Outside the required folders the corpus holds three more automated mails.
    const others: [string, AutoKind, RegExp][] = [
      ['mime_emails/raw_email_with_mimepart_without_content_type.eml', 'bounce', /report-type=delivery-status/], // sendmail delay DSN
      ['error_emails/bad_date_header.eml', 'bulk', /^Precedence: junk$/], // spam
      ['error_emails/empty_in_reply_to.eml', 'list', /^List-Id present$/], // a person writing through a list: caller decides
    ];
    for (const [file, kind, reason] of others) {
      it(`${file} is ${kind}`, async () => expectAuto(await loadEml(path.join(CORPUS, file)), kind, reason));
    }
  });

  describe('own fixtures', () => {
    const cases: [string, AutoKind | 'human', RegExp?][] = [
      ['outlook-oof-en.eml', 'auto-reply', /^Auto-Submitted: auto-generated$/],
      ['exchange-oof-legacy-en.eml', 'auto-reply', /out-of-office prefix "Out of Office AutoReply"/],
      ['gmail-vacation-en.eml', 'auto-reply', /^Auto-Submitted: auto-replied$/],
      ['yandex-autoreply-ru.eml', 'auto-reply', /^Auto-Submitted: auto-replied$/],
      ['outlook-autoreply-ro.eml', 'auto-reply', /out-of-office prefix "Răspuns automat"/],
      ['postfix-bounce.eml', 'bounce', /multipart\/report; report-type=delivery-status/],
      ['exim-bounce.eml', 'bounce', /^From: mailer-daemon with failure subject/],
      ['read-receipt.eml', 'auto-reply', /report-type=disposition-notification/],
      ['newsletter-bulk.eml', 'bulk', /^Precedence: bulk with List-Unsubscribe$/],
      ['mailing-list-human.eml', 'list', /^Precedence: list with List-Id$/],
      // Outlook asks recipients not to auto-reply; that says nothing about the author.
      ['outlook-human-xars.eml', 'human'],
      ['customer-en.eml', 'human'],
      ['customer-ru.eml', 'human'],
      ['customer-ro.eml', 'human'],
    ];
    for (const [file, kind, reason] of cases) {
      it(`${file} → ${kind}`, async () => {
        const m = await loadEml(path.join(FIXTURES, file));
        if (kind === 'human') expectHuman(m);
        else expectAuto(m, kind, reason);
      });
    }
    it('decodes the ru/ro customer subjects (the rules see decoded text)', async () => {
      assert.equal((await loadEml(path.join(FIXTURES, 'customer-ru.eml'))).subject, 'Не работает интернет во всём офисе');
      assert.equal((await loadEml(path.join(FIXTURES, 'customer-ro.eml'))).subject, 'Sistemul de facturare nu funcționează');
    });
  });

  describe('loop', () => {
    it('flags mail from one of the own addresses, case-insensitively', async () => {
      const m = await loadEml(path.join(FIXTURES, 'customer-en.eml'));
      const v = classifyAutomation(m, { ownAddresses: ['Mark.Ellis@Northwind.example'] });
      assert.deepEqual(v, { auto: true, kind: 'loop', reason: "From: mark.ellis@northwind.example is the gateway's own address" });
    });
    it('flags a Message-ID minted by the gateway', () => {
      const v = classifyAutomation(mail({ messageId: 'tg-1.ack@TicketGate.example' }), { ownMessageIdDomain: 'ticketgate.example' });
      assert.equal(v.auto && v.kind, 'loop');
    });
    it('flags X-Loop carrying an own address', () => {
      const v = classifyAutomation(mail({ headers: { 'x-loop': ['support@ticketgate.example'] } }), { ownAddresses: ['support@ticketgate.example'] });
      assert.equal(v.auto && v.kind, 'loop');
    });
    it('wins over list, so a list can never echo the gateway back as human', () => {
      const m = mail({ from: { address: 'support@ticketgate.example' }, headers: { 'list-id': ['<x.lists.example>'] } });
      const v = classifyAutomation(m, { ownAddresses: ['support@ticketgate.example'] });
      assert.equal(v.auto && v.kind, 'loop');
    });
    it('ignores blank own addresses', () => {
      expectHuman(mail({ headers: { 'x-loop': ['crm@client.example'] } }), { ownAddresses: ['  '] });
    });
    it('leaves other senders and other Message-ID domains alone', () => {
      expectHuman(mail({ messageId: 'abc@client.example' }), { ownAddresses: ['support@ticketgate.example'], ownMessageIdDomain: 'ticketgate.example' });
    });
  });

  describe('rule details', () => {
    it('Auto-Submitted: no is a person (RFC 3834 section 5)', () => {
      expectHuman(mail({ headers: { 'auto-submitted': ['no'] } }));
      expectAuto(mail({ headers: { 'auto-submitted': ['Auto-Generated (daily report)'] } }), 'auto-reply', /^Auto-Submitted: auto-generated$/);
    });
    it('X-Auto-Response-Suppress alone is a person, with "Auto:" it is an auto-reply', () => {
      expectHuman(mail({ headers: { 'x-auto-response-suppress': ['All'] } }));
      expectHuman(mail({ subject: 'Auto: car park access card' }));
      expectAuto(mail({ subject: 'Auto: Re: TG-7', headers: { 'x-auto-response-suppress': ['All'] } }), 'auto-reply');
      expectAuto(mail({ subject: 'Auto: Re: TG-7', inReplyTo: 'tg-7@ticketgate.example' }), 'auto-reply');
    });
    it('recognises vendor autoresponder headers and Precedence: auto_reply', () => {
      expectAuto(mail({ headers: { 'x-autoreply': ['yes'] } }), 'auto-reply', /^X-Autoreply: yes$/);
      expectAuto(mail({ headers: { 'x-autorespond': ['Sunt in concediu'] } }), 'auto-reply');
      expectAuto(mail({ headers: { 'x-precedence': ['auto_reply'] } }), 'auto-reply', /^X-Precedence: auto_reply$/);
      expectAuto(mail({ headers: { 'x-ms-exchange-inbox-rules-loop': ['a@b.example'] } }), 'auto-reply');
      expectHuman(mail({ headers: { 'x-autoreply': ['no'] } }));
    });
    const ooo = [
      'Out of Office: Re: TG-5', 'Automatic reply: TG-5', 'Autoreply: TG-5', 'Auto-Reply: TG-5', 'OOO: back Monday',
      'Автоответ: Re: заявка', 'Автоматический ответ: Ваше обращение', 'Абонент отсутствует', 'АВТООТВЕТ',
      'Răspuns automat: Solicitarea dvs.', 'Raspuns automat', 'Absent de la birou: TG-5', 'Sunt în concediu',
    ];
    for (const subject of ooo) {
      it(`subject "${subject}" is an auto-reply`, () => expectAuto(mail({ subject }), 'auto-reply', /out-of-office prefix/));
    }
    const people = [
      'Out of office laptop will not charge', 'Re: automatic backups fail', 'Как настроить автоответ в Outlook?',
      'Vreau să configurez un răspuns automat', 'Returned goods invoice', 'Недоставленное письмо клиенту — что делать?',
      'Autoreply not working in Outlook', 'Автоответ не работает', 'Sunt în concediu și nu pot accesa VPN',
    ];
    for (const subject of people) {
      it(`subject "${subject}" from a person is human`, () => expectHuman(mail({ subject })));
    }
    it('needs a daemon sender or the null sender before trusting a failure subject', () => {
      expectHuman(mail({ subject: 'Undeliverable: invoice 2291' }));
      expectAuto(mail({ subject: 'Не доставлено: Счёт', headers: { 'return-path': ['<>'] } }), 'bounce', /Return-Path: <>/);
      expectAuto(mail({ subject: 'Mesaj nelivrat', from: { address: 'postmaster@mx.example' } }), 'bounce', /^From: postmaster/);
      expectHuman(mail({ subject: 'Re: quota question', from: { address: 'postmaster@client.example' } }));
      expectAuto(mail({ subject: 'Hello', headers: { 'return-path': ['<>'] } }), 'auto-reply', /^Return-Path: <>$/);
      expectAuto(mail({ subject: 'Hello', headers: { 'return-path': ['<<>>'] } }), 'auto-reply', /^Return-Path: <>$/);
    });
    it('finds a delivery-status part even without multipart/report', () => {
      const attachments = [{ contentType: 'message/delivery-status', size: 300, inline: false }];
      expectAuto(mail({ contentType: 'multipart/mixed', attachments }), 'bounce', /MIME part message\/delivery-status/);
    });
    it('reports feedback reports (RFC 5965) as auto-reply', () => {
      const m = mail({ contentType: 'multipart/report', contentTypeParams: { 'report-type': 'feedback-report' } });
      expectAuto(m, 'auto-reply', /report-type=feedback-report/);
    });
    it('tells list from bulk', () => {
      expectAuto(mail({ headers: { 'list-id': ['<users.lists.example>'] } }), 'list', /^List-Id present$/);
      expectAuto(mail({ headers: { precedence: ['junk'] } }), 'bulk', /^Precedence: junk$/);
      expectAuto(mail({ headers: { 'list-unsubscribe': ['<mailto:u@x.example>'], 'x-auto-response-suppress': ['OOF'] } }), 'bulk');
      expectAuto(mail({ headers: { 'list-unsubscribe-post': ['List-Unsubscribe=One-Click'] } }), 'bulk');
    });
  });

  describe('triage dev set', () => {
    interface DevRecord {
      id: string;
      from: string;
      subject: string;
      body: string;
      headers?: Record<string, string>;
      expect: { autoReply: boolean };
    }
    const records = loadDevSet<DevRecord>();
    it('has 36 records', () => assert.equal(records.length, 36));
    for (const r of records) {
      it(`${r.id} autoReply=${r.expect.autoReply}`, () => {
        const v = classifyAutomation(devMail(r));
        assert.equal(v.auto, r.expect.autoReply, v.auto ? `${v.kind}: ${v.reason}` : 'human');
      });
    }

    function devMail(r: DevRecord): InboundMail {
      const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), [v]]));
      return mail({ from: parseMailbox(r.from), subject: r.subject, text: r.body, headers });
    }
    function parseMailbox(value: string): Mailbox {
      const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
      if (!m) return { address: value.trim().toLowerCase() };
      const name = (m[1] ?? '').replace(/^"|"$/g, '');
      return name ? { name, address: (m[2] ?? '').trim().toLowerCase() } : { address: (m[2] ?? '').trim().toLowerCase() };
    }
  });
});
