import assert from 'node:assert/strict';
import { AGENT_EVENTS, createRenderer } from '../../src/mail/render';
import type { Renderer } from '../../src/mail/render';
import { CATEGORIES, LANGUAGES } from '../../src/domain/types';
import type { Language } from '../../src/domain/types';
import { sampleData } from './render-fixtures';

describe('mail renderer', () => {
  const renderer = createRenderer();

  describe('agent-notification', () => {
    const data = (renderer: Renderer, over: Record<string, unknown> = {}) => ({ ...sampleData(renderer, 'agent-notification', 'en'), ...over });

    it('shows the reason of an escalation above the customer\'s words, in every language', () => {
      const renderer = createRenderer();
      const label = { en: 'Reason', ru: 'Причина', ro: 'Motiv' } as const;
      for (const lang of ['en', 'ru', 'ro'] as const) {
        const mail = renderer.render('agent-notification', lang, data(renderer, { event: 'escalated', reason: 'SLA breached <now>' }));
        assert.ok(mail.text.indexOf(`${label[lang]}: SLA breached <now>`) >= 0, mail.text);
        assert.ok(mail.text.indexOf(label[lang]) < mail.text.indexOf('the printer still jams'), 'the reason comes first, then the customer');
        assert.match(mail.html, new RegExp(`<strong>${label[lang]}:</strong> SLA breached &lt;now&gt;`));
      }
      assert.ok(!/Reason/.test(renderer.render('agent-notification', 'en', data(renderer)).text), 'no reason, no line');
    });

    it('lists the files in every language: passed on, too large, or a program type held back; the name is escaped', () => {
      const renderer = createRenderer();
      const held = { en: /over the size limit[\s\S]*program files/, ru: /больше допустимого[\s\S]*исполняемые файлы/, ro: /depășește mărimea[\s\S]*executabile/ } as const;
      for (const lang of ['en', 'ru', 'ro'] as const) {
        const mail = renderer.render('agent-notification', lang, data(renderer));
        assert.match(mail.text, /jam\.jpg \(340 KB\)\n/);
        assert.match(mail.text, held[lang]);
        assert.match(mail.html, /jam\.jpg/);
        assert.ok(!mail.html.includes('fix<script>'), 'the file name is escaped in HTML');
      }
      const none = renderer.render('agent-notification', 'en', data(renderer, { attachments: undefined }));
      assert.ok(!/Attachments/.test(none.text));
    });

    it('has a localised subject prefix for every event, without Re: or a second tag', () => {
      const expected: Record<string, [string, string, string]> = {
        new: ['New ticket', 'Новая заявка', 'Tichet nou'],
        'customer-reply': ['Customer replied', 'Ответ клиента', 'Răspuns de la client'],
        escalated: ['Escalated', 'Эскалация', 'Escaladat'],
        reopened: ['Reopened', 'Открыта повторно', 'Redeschis'],
        assigned: ['Assigned to you', 'Назначена Вам', 'Atribuit dumneavoastră'],
        problem: ['Part of a problem', 'Часть проблемы', 'Parte dintr-o problemă'],
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
});
