import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRenderer, findTemplatesDir, TEMPLATE_NAMES } from '../../src/mail/render';
import type { RenderedMail, Renderer, TemplateName } from '../../src/mail/render';
import { CATEGORIES, LANGUAGES, PRIORITIES, TICKET_STATUSES } from '../../src/domain/types';
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
  }
}

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
          assert.match(mail.subject, /^\[TG-000123\]/);
          assert.match(mail.subject, /Re: Printer broken$/);
          assert.ok(!mail.subject.includes('\n'));
          assert.ok(mail.text.includes('Acme Support'));
          assert.match(mail.html, /^<!DOCTYPE html>/);
          assert.ok(mail.html.includes('max-width:600px'));
          assert.ok(mail.html.includes(`lang="${lang}"`));
          assert.ok(!allParts(mail).includes('{{'), 'unrendered handlebars left');
          assert.ok(!allParts(mail).includes('}}'), 'unrendered handlebars left');
          assert.ok(mail.text.includes('[TG-000123]'), 'footer names the tag to keep');
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
