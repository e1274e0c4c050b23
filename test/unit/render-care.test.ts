import assert from 'node:assert/strict';
import { createRenderer, SLA_KINDS } from '../../src/mail/render';
import type { TemplateName } from '../../src/mail/render';
import { LANGUAGES } from '../../src/domain/types';
import type { Language } from '../../src/domain/types';
import { allParts, CARE_TEMPLATES, htmlUrl, sampleData, SURVEY_URL } from './render-fixtures';

describe('mail renderer', () => {
  const renderer = createRenderer();

  describe('check-in', () => {
    const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('check-in', lang, { ...sampleData(renderer, 'check-in', lang), ...over });

    it('gives status, priority, who works on it, the next step and the next update', () => {
      const en = render('en');
      assert.ok(en.text.includes('Dear Ana Pop,\n\nThis is a regular update on your ticket TG-000123 ("Printer broken").\n'));
      assert.ok(en.text.includes('  Status: in progress\n  Priority: critical\n  Opened: 1 Dec 2025, 09:15\n  Handled by: Ion Rusu\n  Next step: An agent is working on it and will answer you.\n'));
      assert.ok(en.text.includes('You will hear from us again by 3 Dec 2025, 12:00 at the latest.'));
      assert.ok(en.text.includes('If you have anything to add, simply reply to this email. To see the status of all your open tickets, send us an email containing just the word "status".'));
      assert.ok(en.html.includes('<strong>3 Dec 2025, 12:00</strong>'));
      assert.ok(en.html.includes('>Handled by</td><td style="padding:6px 0;vertical-align:top;">Ion Rusu</td>'));
      assert.ok(en.html.includes('the word &ldquo;status&rdquo;.'));
      const ru = render('ru');
      assert.ok(ru.text.includes('Это плановое сообщение о ходе работ по Вашей заявке TG-000123 «Printer broken».'));
      assert.ok(ru.text.includes('  Статус: в работе\n  Приоритет: критический\n'));
      assert.ok(ru.text.includes('  Специалист: Ion Rusu\n  Что дальше: Специалист работает над заявкой и ответит Вам.\n'));
      assert.ok(ru.text.includes('Следующее сообщение о ходе работ мы пришлём не позднее 3 Dec 2025, 12:00.'));
      assert.ok(ru.text.includes('отправьте нам письмо с одним словом «статус».'));
      const ro = render('ro');
      assert.ok(ro.text.includes('  Stare: în lucru\n  Prioritate: critic\n'));
      assert.ok(ro.text.includes('Vă vom trimite următoarea actualizare cel târziu până la 3 Dec 2025, 12:00.'));
      assert.ok(ro.text.includes('trimiteți-ne un e-mail care conține doar cuvântul „status”.'));
    });

    it('leaves out who works on it and the next update when they are not known', () => {
      for (const lang of LANGUAGES) {
        const mail = render(lang, { agentName: undefined, nextUpdateBy: undefined, customerName: undefined });
        assert.ok(!allParts(mail).includes('Ion Rusu'), lang);
        assert.ok(!allParts(mail).includes('3 Dec 2025'), lang);
        assert.ok(!/Handled by|Специалист:|Specialist:/.test(mail.text), lang);
      }
      assert.ok(render('en', { customerName: undefined }).text.startsWith('Acme Support\n\nHello,\n'));
      assert.equal(render('ru', { originalSubject: 'Re: [TG-000123]' }).subject, '[TG-000123] Ход работ по Вашей заявке');
      assert.equal(render('en', { originalSubject: 'RE: Fwd: [TG-000123] Printer' }).subject, '[TG-000123] Update on your request: Printer');
    });

    it('uses desk labels when only codes are given', () => {
      const mail = render('ro', { priorityLabel: undefined, priority: 'P4' });
      assert.ok(mail.text.includes('  Prioritate: planificat\n'));
    });
  });

  describe('pending-reminder', () => {
    const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('pending-reminder', lang, { ...sampleData(renderer, 'pending-reminder', lang), ...over });

    it('says we wait for a reply, quotes the last question and tells when the ticket closes', () => {
      const en = render('en');
      assert.ok(en.text.includes('We are still waiting for your reply so that we can continue working on your ticket TG-000123 ("Printer broken").'));
      assert.ok(en.text.includes('Our last message to you:\n\n> Which printer model is it?\n> Is it on the network?\n\n'));
      assert.ok(en.text.includes('Please simply reply to this email. If we do not hear from you by 8 Dec 2025, 09:00, the ticket will be closed.'));
      assert.match(en.html, /<blockquote[^>]*>Which printer model is it\?<br>\nIs it on the network\?<\/blockquote>/);
      assert.ok(en.html.includes('<strong>8 Dec 2025, 09:00</strong>'));
      const ru = render('ru');
      assert.ok(ru.text.includes('Наше последнее сообщение:\n\n> Which printer model is it?\n'));
      assert.ok(ru.text.includes('Если мы не получим от Вас ответа до 8 Dec 2025, 09:00, заявка будет закрыта.'));
      const ro = render('ro');
      assert.ok(ro.text.includes('Ultimul nostru mesaj către dumneavoastră:\n\n> Which printer model is it?\n'));
      assert.ok(ro.text.includes('Dacă nu primim un răspuns de la dumneavoastră până la 8 Dec 2025, 09:00, tichetul va fi închis.'));
    });

    it('a command in the quoted question stays quoted', () => {
      const mail = render('en', { question: '#status closed\nplease confirm' });
      assert.ok(mail.text.includes('> #status closed\n> please confirm\n'));
      assert.ok(!/^#/m.test(mail.text));
    });

    it('leaves out the quote without a question', () => {
      for (const lang of LANGUAGES) {
        for (const question of [undefined, '']) {
          const mail = render(lang, { question });
          assert.ok(!mail.text.includes('>') && !mail.html.includes('<blockquote'), lang);
          assert.ok(mail.text.includes('8 Dec 2025, 09:00'), lang);
        }
      }
      assert.ok(!render('en', { question: undefined }).text.includes('Our last message'));
      assert.throws(() => render('en', { question: 42 }), /missing data question$/);
    });
  });

  describe('pending-closed', () => {
    const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('pending-closed', lang, { ...sampleData(renderer, 'pending-closed', lang), ...over });

    it('says why the ticket was closed and that a reply opens a linked ticket', () => {
      const en = render('en');
      assert.ok(en.text.includes('We have closed your ticket TG-000123 ("Printer broken") because we did not hear back from you.'));
      assert.ok(en.text.includes('If you still need help, simply reply to this email and we will open a new ticket linked to this one.'));
      assert.ok(en.text.includes('If you reply to this email, please keep [TG-000123] in the subject line.'), 'footer of a finished ticket');
      assert.ok(!en.text.includes('are added to your ticket'));
      assert.ok(render('ru').text.includes('Мы закрыли Вашу заявку TG-000123 «Printer broken», так как не получили от Вас ответа.'));
      assert.ok(render('ru').text.includes('мы зарегистрируем новую заявку, связанную с этой.'));
      assert.ok(render('ro').text.includes('iar noi vom deschide un tichet nou, legat de acesta.'));
    });

    it('has a subject without the original', () => {
      assert.equal(render('en', { originalSubject: '' }).subject, '[TG-000123] Your request has been closed');
      assert.equal(render('ru', { originalSubject: undefined }).subject, '[TG-000123] Ваша заявка закрыта');
      assert.equal(render('ro', { originalSubject: 'Re:' }).subject, '[TG-000123] Solicitarea dumneavoastră a fost închisă');
    });
  });

  describe('survey', () => {
    const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('survey', lang, { ...sampleData(renderer, 'survey', lang), ...over });

    it('lists the five links in the text part, 5 first, with what each score means', () => {
      const en = render('en');
      assert.ok(en.text.includes('How satisfied are you with our help, on a scale from 1 (very dissatisfied) to 5 (very satisfied)?'));
      const list = [
        `  5 — very satisfied: ${SURVEY_URL(5)}`,
        `  4 — satisfied: ${SURVEY_URL(4)}`,
        `  3 — neither satisfied nor dissatisfied: ${SURVEY_URL(3)}`,
        `  2 — dissatisfied: ${SURVEY_URL(2)}`,
        `  1 — very dissatisfied: ${SURVEY_URL(1)}`,
      ].join('\n');
      assert.ok(en.text.includes(`To give your score, open one of these links:\n\n${list}\n\nOr simply reply to this email with just the number`));
      assert.ok(en.text.includes('If you like, add a comment on the lines below.'));
      assert.ok(render('ru').text.includes(`  5 — полностью удовлетворены: ${SURVEY_URL(5)}\n`));
      assert.ok(render('ru').text.includes(`  1 — совсем не удовлетворены: ${SURVEY_URL(1)}\n`));
      assert.ok(render('ro').text.includes(`  3 — nici mulțumit, nici nemulțumit: ${SURVEY_URL(3)}\n`));
    });

    it('shows the five links as a row of buttons in HTML, 1 to 5, without classes or images', () => {
      for (const lang of LANGUAGES) {
        const html = render(lang).html;
        const hrefs = [...html.matchAll(/<a href="([^"]*)"[^>]*>(\d)<\/a>/g)].map((m) => [m[1], m[2]]);
        assert.deepEqual(hrefs, [1, 2, 3, 4, 5].map((n) => [htmlUrl(SURVEY_URL(n)), String(n)]), lang);
        assert.ok(!html.includes('class=') && !html.includes('<img') && !html.includes('<style'), lang);
        assert.match(html, /<td align="center" bgcolor="#1f4e79" style="[^"]*"><a href="[^"]*" target="_blank" title="5 &mdash; [^"]+" style="display:inline-block;[^"]*">5<\/a><\/td>/);
      }
      assert.ok(render('en').html.includes('title="1 &mdash; very dissatisfied"'));
      assert.ok(render('en').html.includes('1 = very dissatisfied, 5 = very satisfied'));
    });

    it('without links asks for the number by reply', () => {
      for (const links of [undefined, []]) {
        const en = render('en', { links });
        assert.ok(en.text.includes('Simply reply to this email with just the number (for example, 5) on the first line. If you like, add a comment on the lines below.'));
        assert.ok(!en.text.includes('https://') && !en.html.includes('<a '));
        assert.ok(!en.text.includes('Or simply'));
      }
      assert.ok(render('ru', { links: undefined }).text.includes('Просто ответьте на это письмо, указав в первой строке только цифру (например, 5).'));
      assert.ok(render('ro', { links: undefined }).text.includes('Este suficient să răspundeți la acest e-mail, scriind pe primul rând doar cifra (de exemplu, 5).'));
    });

    it('refuses scores out of range and links that are not http(s)', () => {
      assert.throws(() => render('en', { links: [{ score: 6, url: SURVEY_URL(5) }] }), /missing data links\[\]\.score \(1 to 5\)$/);
      assert.throws(() => render('en', { links: [{ score: 5, url: 'javascript:alert(1)' }] }), /links\[\]\.url \(an http or https URL\)$/);
      assert.throws(() => render('en', { links: 'none' }), /missing data links$/);
    });

    it('has a subject without the original', () => {
      assert.equal(render('en', { originalSubject: '' }).subject, '[TG-000123] How did we do?');
      assert.equal(render('ro', { originalSubject: '' }).subject, '[TG-000123] Cum ne-am descurcat?');
    });
  });

  describe('sla-warning', () => {
    const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('sla-warning', lang, { ...sampleData(renderer, 'sla-warning', lang), ...over });

    it('names the target and its due time in the subject and the body', () => {
      assert.equal(render('en', { kind: 'resolution' }).subject, '[TG-000123] SLA warning: resolution due 1 Dec 2025, 11:15');
      assert.equal(render('ru', { kind: 'resolution' }).subject, '[TG-000123] Предупреждение SLA: решение до 1 Dec 2025, 11:15');
      assert.equal(render('ro', { kind: 'resolution' }).subject, '[TG-000123] Avertizare SLA: rezolvare până la 1 Dec 2025, 11:15');
      const en = render('en');
      assert.ok(en.text.startsWith('Acme Support\n\nSLA warning: TG-000123 — Printer broken\n\nThis ticket is close to its first-response target: the customer must receive a first answer by 1 Dec 2025, 11:15.\n'));
      assert.ok(en.text.includes('  Due: 1 Dec 2025, 11:15\n  Priority: critical\n  Customer: Ana Pop <ana@example.com>\n'));
      assert.ok(render('en', { kind: 'resolution' }).text.includes('This ticket is close to its resolution target: it must be resolved by 1 Dec 2025, 11:15.'));
      assert.ok(render('ru').text.includes('Приближается срок первого ответа по этой заявке: клиент должен получить первый ответ до 1 Dec 2025, 11:15.'));
      assert.ok(render('ro', { kind: 'resolution' }).text.includes('Se apropie termenul de rezolvare a acestui tichet: acesta trebuie rezolvat până la 1 Dec 2025, 11:15.'));
      assert.ok(en.html.includes('Ana Pop &lt;ana@example.com&gt;'));
    });

    it('tells the agent that a reply answers the customer and how #note works', () => {
      const how: Record<Language, string> = { en: 'How to answer', ru: 'Как ответить', ro: 'Cum răspundeți' };
      for (const lang of LANGUAGES) {
        const mail = render(lang);
        for (const part of [mail.text, mail.html]) {
          assert.ok(part.includes(how[lang]), lang);
          assert.ok(part.includes('#note') && part.includes('#status resolved'), lang);
        }
        for (const line of mail.text.split('\n')) assert.ok(!line.startsWith('#'), `a help line could be read as a command: ${line}`);
      }
      const en = render('en');
      assert.ok(en.text.includes('Reply to this email to answer the customer: your text is sent to them.'));
      assert.ok(en.text.endsWith('Your reply to this email is added to ticket [TG-000123] and, unless it starts with #note, sent to the customer. Please keep [TG-000123] in the subject line.\n'));
      assert.ok(render('ru').text.includes('Ваш текст будет отправлен клиенту'));
      assert.ok(render('ro').text.includes('textul dumneavoastră îi va fi trimis'));
    });

    it('copes without a subject, a customer name or a priority', () => {
      const mail = render('ro', { subject: '', customerName: undefined, priority: undefined });
      assert.ok(mail.text.includes('Avertizare SLA: TG-000123 — (fără subiect)\n'));
      assert.ok(mail.text.includes('  Client: ana@example.com\n'));
      assert.ok(!mail.text.includes('Prioritate'));
    });

    it('accepts only the known kinds', () => {
      for (const kind of SLA_KINDS) assert.doesNotThrow(() => render('en', { kind }));
      assert.throws(() => render('en', { kind: 'update' }), /missing data kind \(one of first-response, resolution\)$/);
      assert.throws(() => render('en', { kind: undefined, dueAt: '' }), /missing data kind, dueAt$/);
    });
  });

  describe('new templates', () => {
    const evil = 'Eve <script>alert(1)</script> & Co';

    it('escape data in HTML and leave subject and text alone', () => {
      for (const name of CARE_TEMPLATES) {
        const data = {
          ...sampleData(renderer, name, 'en'),
          deskName: 'R&D <Desk>', customerName: evil, originalSubject: evil, subject: evil, agentName: evil, nextStep: evil, question: evil, customerEmail: evil,
        };
        const mail = renderer.render(name, 'en', data);
        assert.ok(!mail.html.includes('<script>'), name);
        assert.ok(mail.html.includes('Eve &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co'), name);
        assert.ok(!mail.html.includes('<Desk>'), name);
        assert.ok(mail.text.includes(evil), name);
        assert.ok(!mail.text.includes('&amp;') && !mail.text.includes('&lt;'), name);
        assert.ok(mail.subject.startsWith('[TG-000123] '), name);
        if (name !== 'sla-warning') assert.ok(mail.subject.endsWith(evil), name);
      }
    });

    it('are translated: no English template words in Russian and Romanian bodies', () => {
      // Words of the English templates that no sample value contains.
      const english = /\b(?:reply|your|please|regards|ticket|update|waiting|closed|satisfied|customer|due|answer|hear|help)\b/i;
      const distinctive: Record<(typeof CARE_TEMPLATES)[number], Record<'ru' | 'ro', string>> = {
        'check-in': { ru: 'плановое сообщение', ro: 'mesaj periodic' },
        'pending-reminder': { ru: 'всё ещё ждём', ro: 'Încă așteptăm' },
        'pending-closed': { ru: 'не получили от Вас ответа', ro: 'nu am primit un răspuns' },
        survey: { ru: 'удовлетворены', ro: 'mulțumit' },
        'sla-warning': { ru: 'Приближается срок', ro: 'Se apropie termenul' },
      };
      for (const name of CARE_TEMPLATES) {
        for (const lang of ['ru', 'ro'] as const) {
          const mail = renderer.render(name, lang, sampleData(renderer, name, lang));
          const body = `${mail.text}\n${mail.html}`.replace(/https:\/\/\S+/g, '');
          assert.ok(!english.test(body), `${name}/${lang}: English left: ${english.exec(body)?.[0]}`);
          assert.ok(mail.text.includes(distinctive[name][lang]) && mail.html.includes(distinctive[name][lang]), `${name}/${lang}`);
          assert.ok(english.test(renderer.render(name, 'en', sampleData(renderer, name, 'en')).text), `${name}: the check would see English`);
        }
      }
    });

    it('name their missing data', () => {
      const fails = (name: TemplateName, data: Record<string, unknown>, pattern: RegExp) =>
        assert.throws(() => renderer.render(name, 'en', data), (err: Error) => err.message.startsWith(`template "${name}": missing data `) && pattern.test(err.message), `${name}: ${pattern}`);
      fails('check-in', { ...sampleData(renderer, 'check-in', 'en'), statusLabel: undefined, nextStep: '' }, /statusLabel, nextStep$/);
      fails('pending-reminder', { ...sampleData(renderer, 'pending-reminder', 'en'), closesAt: undefined }, /closesAt$/);
      fails('pending-closed', { deskName: 'A' }, /ticketNumber$/);
      fails('survey', { ticketNumber: 'TG-000123' }, /deskName$/);
      fails('sla-warning', { deskName: 'A', ticketNumber: 'TG-000123' }, /kind, dueAt$/);
    });
  });
});
