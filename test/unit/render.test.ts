import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENT_EVENTS, createRenderer, findTemplatesDir, TEMPLATE_NAMES } from '../../src/mail/render';
import type { RenderedMail, Renderer, TemplateName } from '../../src/mail/render';
import { CATEGORIES, LANGUAGES, PRIORITIES, TICKET_STATUSES, TIERS } from '../../src/domain/types';
import type { Language } from '../../src/domain/types';

const CYRILLIC = /\p{Script=Cyrillic}/u;
const ROMANIAN_DIACRITIC = /[ăâîșț]/i;

function sampleData(renderer: Renderer, name: TemplateName, lang: Language): Record<string, unknown> {
  const labels = renderer.labels(lang);
  const common = { deskName: 'Acme Support', originalSubject: 'Printer broken' };
  switch (name) {
    case 'acknowledgement':
      return {
        ...common,
        customerName: 'Ana Pop',
        supportAddress: 'support@acme.example',
        tickets: [
          { number: 'TG-000123', priority: 'P3', priorityLabel: labels.priority.P3, category: 'hardware', categoryLabel: labels.category.hardware, firstResponseBy: '2 Dec 2025, 12:00' },
          { number: 'TG-000124', priority: 'P1', priorityLabel: labels.priority.P1, firstResponseBy: '1 Dec 2025, 10:30' },
        ],
      };
    case 'agent-reply':
      return { ...common, agentName: 'Ion Rusu', ticketNumber: 'TG-000123', text: 'Hello,\nplease restart the printer.\nRegards' };
    case 'status':
      return { ...common, ticketNumber: 'TG-000123', statusLabel: labels.status.open, priorityLabel: labels.priority.P2, updatedAt: '1 Dec 2025, 09:15' };
    case 'agent-notification':
      return {
        deskName: 'Acme Support',
        ticketNumber: 'TG-000123',
        subject: 'Re: [TG-000123] Printer broken',
        event: 'customer-reply',
        priority: 'P2',
        status: 'open',
        tier: 'L2',
        category: 'hardware',
        customerName: 'Ana Pop',
        customerEmail: 'ana@example.com',
        message: 'Hello,\nthe printer still jams.\n\n#status closed\nAna',
        details: [{ label: 'Device', value: 'HP LaserJet 1020' }, { label: 'Office', value: 'Chisinau, 3rd floor' }],
        history: [
          { at: '1 Dec 2025, 09:15', actor: 'system', action: 'ticket opened' },
          { at: '1 Dec 2025, 10:02', actor: 'ion@acme.example', action: 'replied to the customer' },
        ],
        relatedTickets: [{ number: 'TG-000100', subject: 'Printer jams again' }],
      };
    case 'command-error':
      return {
        deskName: 'Acme Support',
        ticketNumber: 'TG-000123',
        errors: [
          { line: 1, text: '#status done', problem: 'expected one of open, pending, resolved, closed, got "done"' },
          { line: 3, text: '#assign bob', problem: 'not an agent e-mail address' },
        ],
        commandHelp: 'Commands go on the first lines of your reply:\n  #status open|pending|resolved|closed\n  #assign <agent e-mail>',
      };
    case 'status-list':
      return {
        deskName: 'Acme Support',
        customerName: 'Ana Pop',
        tickets: [
          { number: 'TG-000123', subject: 'Printer broken', statusLabel: labels.status.open, priorityLabel: labels.priority.P2, updatedAt: '1 Dec 2025, 09:15', nextStep: labels.nextStep.open },
          { number: 'TG-000124', subject: 'VPN', statusLabel: labels.status.pending, priorityLabel: labels.priority.P3, updatedAt: '30 Nov 2025, 17:40', nextStep: labels.nextStep.pending },
        ],
      };
    case 'resolved':
      return { ...common, ticketNumber: 'TG-000123', agentName: 'Ion Rusu', reopenDays: 7 };
    case 'manager-alert':
      return { deskName: 'Acme Support', title: 'Queue over limit', lines: ['12 tickets wait for a first answer.', 'Oldest: TG-000100 (5 hours)'] };
  }
}

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
};

function allParts(mail: RenderedMail): string {
  return `${mail.subject}\n${mail.text}\n${mail.html}`;
}

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

  describe('acknowledgement', () => {
    it('subject carries every ticket tag', () => {
      const mail = renderer.render('acknowledgement', 'en', sampleData(renderer, 'acknowledgement', 'en'));
      assert.equal(mail.subject, '[TG-000123] [TG-000124] Re: Printer broken');
    });

    it('lists every ticket with labels and first response in the body', () => {
      const mail = renderer.render('acknowledgement', 'en', sampleData(renderer, 'acknowledgement', 'en'));
      for (const part of [mail.text, mail.html]) {
        for (const expected of ['TG-000123', 'TG-000124', 'normal', 'outage', 'hardware', '2 Dec 2025, 12:00', '1 Dec 2025, 10:30']) {
          assert.ok(part.includes(expected), `missing ${expected}`);
        }
      }
      assert.ok(mail.text.startsWith('Acme Support\n\nDear Ana Pop,'));
      assert.ok(mail.text.includes('reply to this email'));
    });

    it('Russian is in Cyrillic with formal Вы, Romanian has diacritics and dumneavoastră', () => {
      const ru = renderer.render('acknowledgement', 'ru', sampleData(renderer, 'acknowledgement', 'ru'));
      assert.match(ru.text, /Здравствуйте, Ana Pop!/);
      assert.match(ru.text, /Вы /);
      assert.match(ru.text, /обычный/);
      assert.match(ru.text, /авария/);
      assert.match(ru.text, /оборудование/);
      const ro = renderer.render('acknowledgement', 'ro', sampleData(renderer, 'acknowledgement', 'ro'));
      assert.match(ro.text, /dumneavoastră/);
      assert.match(ro.text, /întrerupere/);
      assert.match(ro.html, /Vă mulțumim/);
    });

    it('uses a neutral greeting and desk labels when name and labels are missing', () => {
      const data = {
        deskName: 'Acme Support',
        originalSubject: '',
        tickets: [{ number: 'TG-000200', priority: 'P2', category: 'network', firstResponseBy: 'today 14:00' }],
      };
      const ro = renderer.render('acknowledgement', 'ro', data);
      assert.equal(ro.subject, '[TG-000200] Am primit solicitarea dumneavoastră');
      assert.ok(ro.text.includes('Bună ziua,\n'));
      assert.ok(ro.text.includes('critic'));
      assert.ok(ro.text.includes('rețea'));
      assert.ok(ro.text.includes('am deschis un tichet:'), 'singular for one ticket');
      assert.ok(!ro.text.includes('următoarele'));
      const en = renderer.render('acknowledgement', 'en', { ...data, tickets: [{ number: 'TG-000201', priority: 'P4', firstResponseBy: 'Monday' }] });
      assert.ok(en.text.includes('Hello,\n'));
      assert.ok(en.text.includes('planned'));
      assert.ok(!en.text.includes('Category'), 'no category line without a category');
    });
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

  describe('status', () => {
    it('falls back to desk labels from status and priority codes', () => {
      const mail = renderer.render('status', 'ro', { deskName: 'Acme', ticketNumber: 'TG-000123', status: 'pending', priority: 'P4', updatedAt: 'azi', originalSubject: 'x' });
      assert.ok(mail.text.includes('în așteptarea informațiilor'));
      assert.ok(mail.text.includes('planificat'));
    });
  });

  describe('agent-notification', () => {
    const data = (renderer: Renderer, over: Record<string, unknown> = {}) => ({ ...sampleData(renderer, 'agent-notification', 'en'), ...over });

    it('has a localised subject prefix for every event, without Re: or a second tag', () => {
      const expected: Record<string, [string, string, string]> = {
        new: ['New ticket', 'Новая заявка', 'Tichet nou'],
        'customer-reply': ['Customer replied', 'Ответ клиента', 'Răspuns de la client'],
        escalated: ['Escalated', 'Эскалация', 'Escaladat'],
        reopened: ['Reopened', 'Открыта повторно', 'Redeschis'],
        assigned: ['Assigned to you', 'Назначена Вам', 'Atribuit dumneavoastră'],
      };
      for (const event of AGENT_EVENTS) {
        LANGUAGES.forEach((lang, i) => {
          const mail = renderer.render('agent-notification', lang, data(renderer, { event }));
          assert.equal(mail.subject, `[TG-000123] ${expected[event][i]}: Printer broken`);
          assert.ok(mail.text.startsWith(`Acme Support\n\n${expected[event][i]}: TG-000123 — Printer broken\n`));
        });
      }
    });

    it('shows the ticket facts with labels, the customer, the quoted message, details, history and related tickets', () => {
      const mail = renderer.render('agent-notification', 'en', data(renderer));
      for (const expected of ['Priority: critical', 'Status: in progress', 'Tier: L2 (second line)', 'Category: hardware', 'Customer: Ana Pop <ana@example.com>']) {
        assert.ok(mail.text.includes(expected), `missing ${expected}`);
      }
      assert.ok(mail.text.includes('> Hello,\n> the printer still jams.\n>\n> #status closed\n> Ana\n'), 'message quoted line by line');
      assert.ok(!/^#status closed/m.test(mail.text), 'a command in the customer text stays quoted');
      assert.ok(mail.text.includes('  Device: HP LaserJet 1020\n  Office: Chisinau, 3rd floor\n'));
      assert.ok(mail.text.includes('  * 1 Dec 2025, 10:02 — ion@acme.example: replied to the customer\n'));
      assert.ok(mail.text.includes('  * TG-000100 — Printer jams again\n'));
      assert.match(mail.html, /<blockquote[^>]*>Hello,<br>\nthe printer still jams\.<br>\n<br>\n#status closed<br>\nAna<\/blockquote>/);
      assert.ok(mail.html.includes('>Device</td><td style="padding:6px 0;vertical-align:top;">HP LaserJet 1020</td>'));
      assert.ok(mail.html.includes('Ana Pop &lt;ana@example.com&gt;'));
      assert.ok(mail.html.includes('L2 (second line)'));
    });

    it('explains the commands in every language with English keywords', () => {
      const keywords = ['#note', '#status open|pending|resolved|closed', '#priority P1..P4', `#category ${CATEGORIES.join('|')}`, '#escalate [', '#assign ', '#merge TG-n'];
      const how: Record<Language, string> = { en: 'How to answer', ru: 'Как ответить', ro: 'Cum răspundeți' };
      for (const lang of LANGUAGES) {
        const mail = renderer.render('agent-notification', lang, data(renderer));
        for (const part of [mail.text, mail.html]) {
          assert.ok(part.includes(how[lang]));
          for (const keyword of keywords) assert.ok(part.includes(keyword), `${lang}: missing ${keyword}`);
        }
        for (const line of mail.text.split('\n')) assert.ok(!line.startsWith('#'), `a help line could be read as a command: ${line}`);
      }
      const ru = renderer.render('agent-notification', 'ru', data(renderer));
      assert.ok(ru.text.includes('Линия поддержки: L2 (вторая линия)'));
      assert.ok(ru.text.includes('Ваш текст будет отправлен клиенту'));
      assert.ok(ru.text.includes('Приоритет: критический'));
      const ro = renderer.render('agent-notification', 'ro', data(renderer));
      assert.ok(ro.text.includes('Nivel de suport: L2 (linia a doua)'));
      assert.ok(ro.text.includes('textul dumneavoastră'));
      assert.ok(ro.text.includes('Categorie: echipamente'));
    });

    it('tells the agent in the footer that a reply goes to the customer', () => {
      const mail = renderer.render('agent-notification', 'en', data(renderer));
      assert.ok(mail.text.endsWith('Your reply to this email is added to ticket [TG-000123] and, unless it starts with #note, sent to the customer. Please keep [TG-000123] in the subject line.\n'));
      assert.ok(!mail.text.includes('your ticket'));
    });

    it('leaves out empty sections and copes with an empty message and subject', () => {
      const mail = renderer.render('agent-notification', 'en', data(renderer, {
        subject: 'Re: [TG-000123]', customerName: undefined, category: undefined, message: '', details: [], history: [], relatedTickets: undefined,
      }));
      assert.equal(mail.subject, '[TG-000123] Customer replied: (no subject)');
      assert.ok(mail.text.includes('Customer: ana@example.com\n'));
      assert.ok(mail.text.includes('> (no text)'));
      for (const absent of ['Category', 'Details', 'History', 'Related tickets']) {
        assert.ok(!mail.text.includes(absent), `unexpected ${absent}`);
        assert.ok(!mail.html.includes(`<strong>${absent}</strong>`), `unexpected ${absent} in HTML`);
      }
      const ru = renderer.render('agent-notification', 'ru', data(renderer, { subject: '', message: '' }));
      assert.equal(ru.subject, '[TG-000123] Ответ клиента: (без темы)');
      assert.ok(ru.text.includes('> (без текста)'));
    });

    it('keeps a newline in the customer subject out of the header', () => {
      const mail = renderer.render('agent-notification', 'en', data(renderer, { subject: 'Printer\r\nBcc: victim@example.com' }));
      assert.equal(mail.subject, '[TG-000123] Customer replied: Printer Bcc: victim@example.com');
    });
  });

  describe('command-error', () => {
    it('says nothing was applied or sent, lists each error and the help', () => {
      const mail = renderer.render('command-error', 'en', sampleData(renderer, 'command-error', 'en'));
      assert.ok(mail.text.includes('none of the commands were applied and nothing was sent to the customer'));
      assert.ok(mail.text.includes('Problems found:'));
      assert.ok(mail.text.includes('  Line 1: #status done\n  → expected one of open, pending, resolved, closed, got "done"\n'));
      assert.ok(mail.text.includes('  Line 3: #assign bob\n  → not an agent e-mail address\n'));
      assert.ok(mail.text.includes('Commands go on the first lines of your reply:\n  #status open|pending|resolved|closed\n  #assign <agent e-mail>\n'), 'help as is in text');
      assert.match(mail.html, /<pre[^>]*>Commands go on the first lines of your reply:\n {2}#status open\|pending\|resolved\|closed\n {2}#assign &lt;agent e-mail&gt;<\/pre>/);
      assert.ok(mail.html.includes('got &quot;done&quot;'));
      assert.ok(mail.html.includes('>Line 3</td>'));
    });

    it('is localised, with singular for one error', () => {
      const one = { ...sampleData(renderer, 'command-error', 'ru'), errors: [{ line: 2, text: '#priority P9', problem: 'expected P1..P4' }] };
      const ru = renderer.render('command-error', 'ru', one);
      assert.ok(ru.text.includes('ни одна команда не выполнена, клиенту ничего не отправлено'));
      assert.ok(ru.text.includes('Найденная ошибка:'));
      assert.ok(ru.text.includes('  Строка 2: #priority P9\n'));
      assert.ok(ru.text.includes('Справка по командам (на английском языке):'));
      const ro = renderer.render('command-error', 'ro', one);
      assert.ok(ro.text.includes('nicio comandă nu a fost aplicată și nu s-a trimis nimic clientului'));
      assert.ok(ro.text.includes('Eroare găsită:'));
      assert.ok(ro.text.includes('  Rândul 2: #priority P9\n'));
    });
  });

  describe('status-list', () => {
    it('lists every ticket with status, priority, update time and next step', () => {
      const mail = renderer.render('status-list', 'en', sampleData(renderer, 'status-list', 'en'));
      assert.ok(mail.text.includes('Dear Ana Pop,\n\nHere is the current status of your open tickets:\n'));
      assert.ok(mail.text.includes('* TG-000123 — Printer broken\n  Status: in progress\n  Priority: critical\n  Last updated: 1 Dec 2025, 09:15\n  Next step: An agent is working on it and will answer you.\n'));
      assert.ok(mail.text.includes('* TG-000124 — VPN\n  Status: waiting for information\n'));
      assert.ok(mail.text.includes('Next step: We are waiting for your reply.'));
      assert.ok(!mail.subject.includes('['), 'no ticket tag in the subject of a list');
      assert.ok(mail.text.includes('please reply to the latest email about it'));
      for (const expected of ['TG-000123', 'TG-000124', 'in progress', 'waiting for information', 'We are waiting for your reply.']) assert.ok(mail.html.includes(expected));
    });

    it('says so when there are no open tickets', () => {
      const expected: Record<Language, string> = {
        en: 'You have no open tickets at the moment.',
        ru: 'Сейчас у Вас нет открытых заявок.',
        ro: 'În prezent nu aveți tichete deschise.',
      };
      for (const lang of LANGUAGES) {
        const mail = renderer.render('status-list', lang, { deskName: 'Acme Support', tickets: [] });
        assert.ok(mail.text.includes(expected[lang]), lang);
        assert.ok(mail.html.includes(expected[lang]), lang);
        assert.ok(!allParts(mail).includes('TG-'), lang);
      }
    });

    it('falls back to desk labels for status and next step from the status code', () => {
      const mail = renderer.render('status-list', 'ro', { deskName: 'Acme', tickets: [{ number: 'TG-000123', subject: 'x', status: 'resolved', priority: 'P1' }] });
      assert.ok(mail.text.includes('Stare: rezolvat'));
      assert.ok(mail.text.includes('Prioritate: întrerupere'));
      assert.ok(mail.text.includes('Pasul următor: Tichetul a fost rezolvat.'));
      assert.ok(mail.text.includes('tichetului dumneavoastră deschis:'), 'singular for one ticket');
    });
  });

  describe('resolved', () => {
    const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('resolved', lang, { ...sampleData(renderer, 'resolved', lang), ...over });

    it('says the ticket is resolved, by whom, and how long a reply reopens it', () => {
      const en = render('en');
      assert.ok(en.text.includes('Your ticket TG-000123 ("Printer broken") has been resolved by Ion Rusu.'));
      assert.ok(en.text.includes('reply to this email within 7 days and we will reopen the ticket. After that, a reply will open a new ticket.'));
      assert.ok(en.html.includes('(&ldquo;Printer broken&rdquo;)'));
      assert.ok(!en.text.includes('are added to your ticket'), 'footer does not promise the reply lands on the ticket');
      assert.ok(en.text.includes('please keep [TG-000123] in the subject line'));
      assert.ok(render('ru').text.includes('Ваша заявка TG-000123 «Printer broken» решена (специалист: Ion Rusu).'));
      assert.ok(render('ro').text.includes('a fost rezolvat de către Ion Rusu.'));
    });

    it('uses the plural rules of the language for the number of days', () => {
      const cases: Array<[Language, number, string]> = [
        ['en', 1, 'within 1 day '], ['en', 14, 'within 14 days '],
        ['ru', 1, 'сохраняется 1 день '], ['ru', 3, 'сохраняется 3 дня '], ['ru', 11, 'сохраняется 11 дней '], ['ru', 21, 'сохраняется 21 день '], ['ru', 7, 'сохраняется 7 дней '],
        ['ro', 1, 'în cel mult 1 zi,'], ['ro', 7, 'în cel mult 7 zile,'], ['ro', 20, 'în cel mult 20 de zile,'],
      ];
      for (const [lang, days, expected] of cases) {
        const mail = render(lang, { reopenDays: days });
        assert.ok(mail.text.includes(expected), `${lang} ${days}: ${expected}`);
        assert.ok(mail.html.includes(expected), `${lang} ${days} (HTML): ${expected}`);
      }
    });

    it('without a reopen window, a reply opens a new ticket', () => {
      const en = render('en', { reopenDays: 0 });
      assert.ok(en.text.includes('If the problem comes back, simply reply to this email and we will open a new ticket for you.'));
      assert.ok(!en.text.includes('reopen'));
      assert.ok(render('ru', { reopenDays: 0 }).text.includes('мы зарегистрируем новую заявку'));
      assert.ok(render('ro', { reopenDays: 0 }).text.includes('vom deschide un tichet nou'));
    });

    it('works without an agent name or an original subject', () => {
      const ru = render('ru', { agentName: undefined, originalSubject: 'Re: ' });
      assert.equal(ru.subject, '[TG-000123] Ваша заявка решена');
      assert.ok(ru.text.includes('Ваша заявка TG-000123 решена.'));
      assert.equal(render('en', { originalSubject: '' }).subject, '[TG-000123] Your request has been resolved');
      assert.equal(render('ro', { originalSubject: 'RE: [TG-000123] Imprimanta' }).subject, '[TG-000123] Rezolvat: Imprimanta');
    });
  });

  describe('manager-alert', () => {
    const alert = { deskName: 'Acme Support', title: 'Queue over limit', lines: ['12 tickets wait.', 'Oldest: 5 hours'] };

    it('has the desk in the subject, and the ticket tag only when there is a ticket', () => {
      assert.equal(renderer.render('manager-alert', 'en', alert).subject, '[Acme Support] Queue over limit');
      const withTicket = renderer.render('manager-alert', 'ru', { ...alert, ticketNumber: 'TG-000123' });
      assert.equal(withTicket.subject, '[TG-000123] [Acme Support] Queue over limit');
      assert.ok(withTicket.text.includes('Заявка: TG-000123'));
      assert.ok(withTicket.text.includes('руководителей службы поддержки Acme Support'));
    });

    it('prints the title and every line; the footer is for managers', () => {
      const mail = renderer.render('manager-alert', 'en', alert);
      assert.ok(mail.text.startsWith('Acme Support\n\nQueue over limit\n\n12 tickets wait.\nOldest: 5 hours\n'));
      assert.ok(mail.text.includes('This is an automatic notification for the managers of Acme Support.'));
      assert.ok(!mail.text.includes('ticket number in square brackets'));
      assert.ok(mail.html.includes('<p style="margin:0 0 8px 0;">Oldest: 5 hours</p>'));
    });

    it('keeps a newline in the title out of the header', () => {
      assert.equal(renderer.render('manager-alert', 'en', { ...alert, title: 'Alert\nBcc: x@example.com' }).subject, '[Acme Support] Alert Bcc: x@example.com');
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

  describe('errors', () => {
    it('unknown template names the template and language', () => {
      assert.throws(() => renderer.render('nope' as TemplateName, 'en', {}), /"nope".*"en"/);
    });

    it('unknown language names it', () => {
      assert.throws(() => renderer.render('status', 'de' as Language, {}), /"status".*"de"/);
    });

    it('missing data is reported', () => {
      assert.throws(() => renderer.render('acknowledgement', 'en', { deskName: 'A', originalSubject: 'x', tickets: [] }), /tickets/);
      assert.throws(() => renderer.render('agent-reply', 'en', { deskName: 'A', ticketNumber: 'TG-000001' }), /agentName, text/);
    });

    it('missing data of the agent, customer and manager mails is named', () => {
      const note = sampleData(renderer, 'agent-notification', 'en');
      const fails = (name: TemplateName, data: Record<string, unknown>, pattern: RegExp) =>
        assert.throws(() => renderer.render(name, 'en', data), (err: Error) => err.message.startsWith(`template "${name}": missing data `) && pattern.test(err.message), `${name}: ${pattern}`);
      fails('agent-notification', { ...note, ticketNumber: '', customerEmail: undefined }, /ticketNumber, customerEmail$/);
      fails('agent-notification', { ...note, tier: undefined }, /tier$/);
      fails('agent-notification', { ...note, event: 'closed' }, /event \(one of new, customer-reply, escalated, reopened, assigned\)/);
      fails('agent-notification', { ...note, message: undefined }, /message$/);
      fails('agent-notification', { ...note, details: 'none' }, /details$/);
      fails('agent-notification', { ...note, history: [{ at: 'now' }, { action: 'x' }] }, /history\[\]\.action, history\[\]\.at$/);
      fails('agent-notification', { ...note, relatedTickets: [{ subject: 'x' }] }, /relatedTickets\[\]\.number$/);
      const cmd = sampleData(renderer, 'command-error', 'en');
      fails('command-error', { ...cmd, errors: [] }, /errors$/);
      fails('command-error', { ...cmd, errors: [{ line: 0, text: '#x' }] }, /errors\[\]\.line, errors\[\]\.problem$/);
      fails('command-error', { ...cmd, commandHelp: undefined }, /commandHelp$/);
      fails('status-list', { deskName: 'A' }, /tickets$/);
      fails('status-list', { deskName: 'A', tickets: [{ subject: 'x' }] }, /tickets\[\]\.number, tickets\[\]\.statusLabel$/);
      const resolved = sampleData(renderer, 'resolved', 'en');
      for (const reopenDays of [undefined, -1, 1.5, '7']) fails('resolved', { ...resolved, reopenDays }, /reopenDays/);
      fails('resolved', { ...resolved, ticketNumber: undefined }, /ticketNumber$/);
      fails('manager-alert', { deskName: 'A', lines: [] }, /title$/);
      fails('manager-alert', { deskName: 'A', title: 'T' }, /lines$/);
      fails('manager-alert', { deskName: 'A', title: 'T', lines: ['ok', 3] }, /lines\[\] \(a string\)$/);
    });

    it('optional lists may be absent or null', () => {
      const note = { ...sampleData(renderer, 'agent-notification', 'en'), details: undefined, history: null, relatedTickets: undefined };
      assert.doesNotThrow(() => renderer.render('agent-notification', 'en', note));
      assert.doesNotThrow(() => renderer.render('command-error', 'en', { ...sampleData(renderer, 'command-error', 'en'), errors: [{ line: '4', text: '', problem: 'empty command' }] }));
    });

    describe('with a partial templates directory', () => {
      let dir: string;
      before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-templates-'));
        const src = findTemplatesDir();
        for (const file of ['labels.json', 'layout.html.hbs', 'layout.text.hbs']) fs.copyFileSync(path.join(src, file), path.join(dir, file));
        fs.mkdirSync(path.join(dir, 'status'));
        for (const part of ['subject', 'text', 'html']) {
          fs.copyFileSync(path.join(src, 'status', `en.${part}.hbs`), path.join(dir, 'status', `en.${part}.hbs`));
        }
      });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));

      it('renders what exists and names what is missing', () => {
        const partial = createRenderer({ templatesDir: dir });
        const data = { deskName: 'A', ticketNumber: 'TG-000001', statusLabel: 'open', originalSubject: 'x' };
        assert.match(partial.render('status', 'en', data).subject, /TG-000001/);
        assert.throws(() => partial.render('status', 'ru', data), /"status".*"ru"/);
        assert.throws(() => partial.render('acknowledgement', 'en', data), /"acknowledgement".*"en"/);
      });

      it('fails at creation on a half-written translation or a syntax error', () => {
        fs.writeFileSync(path.join(dir, 'status', 'ro.subject.hbs'), '[{{ticketNumber}}]');
        assert.throws(() => createRenderer({ templatesDir: dir }), /"status" \(ro\) is incomplete/);
        fs.rmSync(path.join(dir, 'status', 'ro.subject.hbs'));
        fs.writeFileSync(path.join(dir, 'status', 'en.text.hbs'), '{{#if x}}unclosed');
        assert.throws(() => createRenderer({ templatesDir: dir }), /en\.text\.hbs/);
      });
    });
  });
});
