import assert from 'node:assert/strict';
import { createRenderer } from '../../src/mail/render';
import { LANGUAGES } from '../../src/domain/types';
import type { Language } from '../../src/domain/types';
import { allParts, sampleData } from './render-fixtures';

describe('mail renderer', () => {
  const renderer = createRenderer();

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

  describe('status', () => {
    it('falls back to desk labels from status and priority codes', () => {
      const mail = renderer.render('status', 'ro', { deskName: 'Acme', ticketNumber: 'TG-000123', status: 'pending', priority: 'P4', updatedAt: 'azi', originalSubject: 'x' });
      assert.ok(mail.text.includes('în așteptarea informațiilor'));
      assert.ok(mail.text.includes('planificat'));
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

  describe('acknowledgement after hours', () => {
    const afterHours = { resumesAt: '2 Dec 2025, 09:00', workingHours: 'Mon–Fri 09:00–18:00, Europe/Chisinau', onCall: false };
    const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('acknowledgement', lang, { ...sampleData(renderer, 'acknowledgement', lang), ...over });
    const onCallSentence: Record<Language, string> = {
      en: 'Because it is urgent, we have alerted our on-call engineer right away.',
      ru: 'Поскольку запрос срочный, мы сразу оповестили дежурного инженера.',
      ro: 'Deoarece solicitarea este urgentă, am alertat imediat inginerul de serviciu.',
    };

    it('says when work starts, with the working hours, only when afterHours is given', () => {
      const outside: Record<Language, string> = {
        en: 'We received your request outside our working hours (Mon–Fri 09:00–18:00, Europe/Chisinau). We will start working on it when we reopen on 2 Dec 2025, 09:00.',
        ru: 'Мы получили Ваш запрос в нерабочее время (наши часы работы: Mon–Fri 09:00–18:00, Europe/Chisinau). Мы приступим к работе над ним с началом рабочего времени — 2 Dec 2025, 09:00.',
        ro: 'Am primit solicitarea dumneavoastră în afara programului nostru de lucru (Mon–Fri 09:00–18:00, Europe/Chisinau). Vom începe să lucrăm la ea la reluarea programului: 2 Dec 2025, 09:00.',
      };
      for (const lang of LANGUAGES) {
        const mail = render(lang, { afterHours });
        assert.ok(mail.text.includes(`${outside[lang]}\n\n`), lang);
        assert.ok(mail.html.includes('<strong>2 Dec 2025, 09:00</strong>'), lang);
        assert.ok(!mail.text.includes(onCallSentence[lang]) && !mail.html.includes(onCallSentence[lang]), `${lang}: no on-call sentence`);
        const plain = render(lang);
        assert.ok(!allParts(plain).includes('2 Dec 2025, 09:00') && !allParts(plain).includes('Europe/Chisinau'), `${lang}: nothing without afterHours`);
      }
    });

    it('says the on-call engineer was alerted, instead of the reopening time, only when onCall is true', () => {
      for (const lang of LANGUAGES) {
        const mail = render(lang, { afterHours: { ...afterHours, onCall: true } });
        assert.ok(mail.text.includes(onCallSentence[lang]), lang);
        assert.ok(mail.html.includes(`<strong>${onCallSentence[lang]}</strong>`), lang);
        assert.ok(mail.text.includes('Europe/Chisinau'), lang);
        assert.ok(!allParts(mail).includes('2 Dec 2025, 09:00'), `${lang}: no reopening time when on-call works on it`);
      }
    });

    it('leaves the mail unchanged without afterHours', () => {
      for (const lang of LANGUAGES) {
        const data = sampleData(renderer, 'acknowledgement', lang);
        assert.deepEqual(renderer.render('acknowledgement', lang, { ...data, afterHours: undefined }), renderer.render('acknowledgement', lang, data));
        assert.deepEqual(renderer.render('acknowledgement', lang, { ...data, afterHours: null }), renderer.render('acknowledgement', lang, data));
      }
      const en = render('en');
      assert.ok(en.text.includes('  Expected first response: 1 Dec 2025, 10:30\n\nTo add anything, simply reply to this email.'));
    });

    it('escapes the working hours in HTML', () => {
      const mail = render('en', { afterHours: { ...afterHours, workingHours: '<b>9–18</b> & more' } });
      assert.ok(mail.html.includes('(&lt;b&gt;9–18&lt;/b&gt; &amp; more)'));
      assert.ok(mail.text.includes('(<b>9–18</b> & more)'));
    });

    it('names what is missing in afterHours', () => {
      const data = sampleData(renderer, 'acknowledgement', 'en');
      assert.throws(() => render('en', { afterHours: { onCall: true } }), /missing data afterHours\.resumesAt, afterHours\.workingHours$/);
      assert.throws(() => render('en', { afterHours: { ...afterHours, onCall: 'yes' } }), /afterHours\.onCall \(true or false\)$/);
      assert.throws(() => renderer.render('acknowledgement', 'en', { ...data, afterHours: 'tonight' }), /missing data afterHours$/);
    });
  });
});
