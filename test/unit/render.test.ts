import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENT_EVENTS, createRenderer, findTemplatesDir, TEMPLATE_NAMES } from '../../src/mail/render';
import type { TemplateName } from '../../src/mail/render';
import { CATEGORIES, LANGUAGES, PRIORITIES, TICKET_STATUSES, TIERS } from '../../src/domain/types';
import type { Language } from '../../src/domain/types';
import { allParts, CYRILLIC, ROMANIAN_DIACRITIC, sampleData } from './render-fixtures';

/** The subject every template gets from its sample data, per language. */
const SUBJECTS: Record<TemplateName, Record<Language, string>> = {
  acknowledgement: {
    en: '[TG-000123] [TG-000124] Re: Printer broken',
    ru: '[TG-000123] [TG-000124] Re: Printer broken',
    ro: '[TG-000123] [TG-000124] Re: Printer broken',
  },
  'agent-reply': { en: '[TG-000123] Re: Printer broken', ru: '[TG-000123] Re: Printer broken', ro: '[TG-000123] Re: Printer broken' },
  status: { en: '[TG-000123] Re: Printer broken', ru: '[TG-000123] Re: Printer broken', ro: '[TG-000123] Re: Printer broken' },
  'agent-notification': {
    en: '[TG-000123] Customer replied: Printer broken',
    ru: '[TG-000123] Ответ клиента: Printer broken',
    ro: '[TG-000123] Răspuns de la client: Printer broken',
  },
  'command-error': {
    en: '[TG-000123] Commands not applied',
    ru: '[TG-000123] Команды не выполнены',
    ro: '[TG-000123] Comenzile nu au fost aplicate',
  },
  'status-list': { en: 'Your open tickets', ru: 'Ваши открытые заявки', ro: 'Tichetele dumneavoastră deschise' },
  resolved: { en: '[TG-000123] Resolved: Printer broken', ru: '[TG-000123] Решено: Printer broken', ro: '[TG-000123] Rezolvat: Printer broken' },
  'manager-alert': { en: '[Acme Support] Queue over limit', ru: '[Acme Support] Queue over limit', ro: '[Acme Support] Queue over limit' },
  'check-in': {
    en: '[TG-000123] Update on your request: Printer broken',
    ru: '[TG-000123] Ход работ по Вашей заявке: Printer broken',
    ro: '[TG-000123] Stadiul solicitării dumneavoastră: Printer broken',
  },
  'pending-reminder': {
    en: '[TG-000123] Waiting for your reply: Printer broken',
    ru: '[TG-000123] Ждём Вашего ответа: Printer broken',
    ro: '[TG-000123] Așteptăm răspunsul dumneavoastră: Printer broken',
  },
  'pending-closed': { en: '[TG-000123] Closed: Printer broken', ru: '[TG-000123] Закрыто: Printer broken', ro: '[TG-000123] Închis: Printer broken' },
  survey: {
    en: '[TG-000123] How did we do? Printer broken',
    ru: '[TG-000123] Оцените нашу работу: Printer broken',
    ro: '[TG-000123] Cum ne-am descurcat? Printer broken',
  },
  'sla-warning': {
    en: '[TG-000123] SLA warning: first response due 1 Dec 2025, 11:15',
    ru: '[TG-000123] Предупреждение SLA: первый ответ до 1 Dec 2025, 11:15',
    ro: '[TG-000123] Avertizare SLA: primul răspuns până la 1 Dec 2025, 11:15',
  },
  digest: { en: '[Acme Support] Daily digest: 1 Dec 2025', ru: '[Acme Support] Ежедневная сводка: 1 Dec 2025', ro: '[Acme Support] Raport zilnic: 1 Dec 2025' },
  'problem-resolved': { en: '[TG-000123] Resolved: Printer broken', ru: '[TG-000123] Решено: Printer broken', ro: '[TG-000123] Rezolvat: Printer broken' },
  'files-held': { en: '[TG-000123] Files not sent to the customer', ru: '[TG-000123] Файлы не отправлены клиенту', ro: '[TG-000123] Fișiere netrimise clientului' },
};

/** Mails about one ticket name its tag in the footer; a ticket list and a desk alert do not. */
const FOOTER_TAG: Record<TemplateName, boolean> = {
  acknowledgement: true,
  'agent-reply': true,
  status: true,
  'agent-notification': true,
  'command-error': true,
  'status-list': false,
  resolved: true,
  'manager-alert': false,
  'check-in': true,
  'pending-reminder': true,
  'pending-closed': true,
  survey: true,
  'sla-warning': true,
  digest: false,
  'problem-resolved': true,
  'files-held': true,
};

describe('mail renderer', () => {
  const renderer = createRenderer();

  it('finds the templates directory from dist/', () => {
    assert.equal(findTemplatesDir(), path.resolve(__dirname, '../../../src/templates'));
  });

  describe('every template in every language', () => {
    for (const name of TEMPLATE_NAMES) {
      for (const lang of LANGUAGES) {
        it(`${name} / ${lang}`, () => {
          const mail = renderer.render(name, lang, sampleData(renderer, name, lang));
          assert.equal(mail.subject, SUBJECTS[name][lang]);
          assert.ok(!mail.subject.includes('\n'));
          assert.ok(mail.text.includes('Acme Support'));
          assert.match(mail.html, /^<!DOCTYPE html>/);
          assert.ok(mail.html.includes('max-width:600px'));
          assert.ok(mail.html.includes(`lang="${lang}"`));
          assert.ok(!allParts(mail).includes('{{'), 'unrendered handlebars left');
          assert.ok(!allParts(mail).includes('}}'), 'unrendered handlebars left');
          if (FOOTER_TAG[name]) assert.ok(mail.text.includes('[TG-000123]'), 'footer names the tag to keep');
          assert.ok(mail.text.endsWith('\n') && !mail.text.includes('\n\n\n'), 'tidy text part');
          if (lang === 'ru') assert.match(mail.text, CYRILLIC);
          if (lang === 'ro') assert.match(mail.text, ROMANIAN_DIACRITIC);
        });
      }
    }
  });

  describe('escaping', () => {
    const hostile = {
      deskName: 'R&D <Desk>',
      agentName: 'Eve <script>alert(1)</script>',
      ticketNumber: 'TG-000123',
      originalSubject: 'Q&A "help"',
      text: 'Use <b>A & B</b>\nthen <script>alert(2)</script>',
    };

    it('HTML part escapes data', () => {
      const mail = renderer.render('agent-reply', 'en', hostile);
      assert.ok(!mail.html.includes('<script>'));
      assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(mail.html.includes('Use &lt;b&gt;A &amp; B&lt;/b&gt;<br>'));
      assert.ok(mail.html.includes('R&amp;D &lt;Desk&gt;'));
    });

    it('text part and subject do not HTML-escape', () => {
      const mail = renderer.render('agent-reply', 'en', hostile);
      assert.ok(mail.text.includes('Use <b>A & B</b>\nthen <script>alert(2)</script>'));
      assert.ok(mail.text.includes('R&D <Desk>'));
      assert.ok(!mail.text.includes('&amp;'));
      assert.equal(mail.subject, '[TG-000123] Re: Q&A "help"');
    });

    it('agent, manager and customer mails escape data in HTML and leave text alone', () => {
      const evil = 'Eve <script>alert(1)</script> & Co';
      const mails = [
        renderer.render('agent-notification', 'en', {
          ...sampleData(renderer, 'agent-notification', 'en'),
          deskName: 'R&D <Desk>', customerName: evil, subject: evil, message: `Hi\n${evil}`,
          details: [{ label: evil, value: evil }], history: [{ at: 'now', actor: evil, action: evil }], relatedTickets: [{ number: 'TG-000001', subject: evil }],
        }),
        renderer.render('command-error', 'en', { deskName: 'R&D <Desk>', ticketNumber: 'TG-000123', errors: [{ line: 1, text: evil, problem: evil }], commandHelp: evil }),
        renderer.render('status-list', 'en', { deskName: 'R&D <Desk>', customerName: evil, tickets: [{ number: 'TG-000123', subject: evil, statusLabel: evil, priorityLabel: evil, updatedAt: evil, nextStep: evil }] }),
        renderer.render('resolved', 'en', { deskName: 'R&D <Desk>', ticketNumber: 'TG-000123', originalSubject: evil, agentName: evil, reopenDays: 7 }),
        renderer.render('manager-alert', 'en', { deskName: 'R&D <Desk>', title: evil, lines: [evil, `two\n${evil}`], ticketNumber: 'TG-000123' }),
      ];
      for (const mail of mails) {
        assert.ok(!mail.html.includes('<script>'), mail.subject);
        assert.ok(mail.html.includes('Eve &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co'), mail.subject);
        assert.ok(mail.html.includes('R&amp;D &lt;Desk&gt;'), mail.subject);
        assert.ok(!mail.html.includes('<Desk>'), `${mail.subject}: desk name escaped everywhere, footer too`);
        assert.ok(mail.text.includes(evil), mail.subject);
        assert.ok(mail.text.includes('R&D <Desk>'), mail.subject);
        assert.ok(!mail.text.includes('&amp;') && !mail.text.includes('&lt;'), mail.subject);
      }
      assert.ok(mails[0].text.includes(`> ${evil}`), 'quoted message is not escaped');
      assert.ok(mails[0].subject.endsWith(`: ${evil}`));
      assert.ok(mails[4].subject.startsWith('[TG-000123] [R&D <Desk>] '));
    });
  });

  describe('subject', () => {
    const base = { deskName: 'Acme', ticketNumber: 'TG-000123', statusLabel: 'open', priorityLabel: 'normal', updatedAt: 'now' };

    it('collapses newlines (header injection guard)', () => {
      const mail = renderer.render('status', 'en', { ...base, originalSubject: 'Hello\r\nBcc: victim@example.com\n\nX' });
      assert.equal(mail.subject, '[TG-000123] Re: Hello Bcc: victim@example.com X');
    });

    it('does not repeat Re: or the ticket tag', () => {
      const mail = renderer.render('status', 'ru', { ...base, originalSubject: 'RE: Re: [TG-000123] Принтер' });
      assert.equal(mail.subject, '[TG-000123] Re: Принтер');
    });

    it('falls back to a localised subject when the original is empty', () => {
      assert.equal(renderer.render('status', 'ru', { ...base, originalSubject: '' }).subject, '[TG-000123] Статус заявки');
      assert.equal(renderer.render('agent-reply', 'en', { ...base, agentName: 'Al', text: 'Hi', originalSubject: 'Re:' }).subject, '[TG-000123] Your request');
    });
  });

  describe('labels', () => {
    it('has every priority, category and status in every language', () => {
      for (const lang of LANGUAGES) {
        const labels = renderer.labels(lang);
        for (const p of PRIORITIES) assert.ok(labels.priority[p]);
        for (const c of CATEGORIES) assert.ok(labels.category[c]);
        for (const s of TICKET_STATUSES) assert.ok(labels.status[s]);
      }
      assert.equal(renderer.labels('ru').priority.P2, 'критический');
      assert.equal(renderer.labels('ro').priority.P1, 'întrerupere');
    });

    it('has tier, event and next-step labels in every language; tiers keep their codes', () => {
      for (const lang of LANGUAGES) {
        const labels = renderer.labels(lang);
        for (const t of TIERS) assert.ok(labels.tier[t].startsWith(`${t} (`), `${lang}.tier.${t}`);
        for (const e of AGENT_EVENTS) assert.ok(labels.event[e]);
        for (const s of TICKET_STATUSES) assert.ok(labels.nextStep[s]);
      }
      assert.equal(renderer.labels('en').tier.L2, 'L2 (second line)');
      assert.equal(renderer.labels('ru').tier.L2, 'L2 (вторая линия)');
      assert.equal(renderer.labels('ro').tier.L2, 'L2 (linia a doua)');
      assert.equal(renderer.labels('ru').nextStep.pending, 'Мы ждём Вашего ответа.');
      assert.equal(renderer.labels('ro').event.assigned, 'Atribuit dumneavoastră');
    });

    it('fail start-up when a new kind is missing', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-labels-'));
      try {
        const src = findTemplatesDir();
        fs.cpSync(src, dir, { recursive: true });
        const raw = JSON.parse(fs.readFileSync(path.join(src, 'labels.json'), 'utf8')) as Record<string, Record<string, Record<string, string>>>;
        delete raw.ro.nextStep.pending;
        fs.writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(raw));
        assert.throws(() => createRenderer({ templatesDir: dir }), /missing label ro\.nextStep\.pending/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('are read-only', () => {
      assert.throws(() => {
        (renderer.labels('en').priority as Record<string, string>).P1 = 'x';
      }, TypeError);
    });
  });
});
