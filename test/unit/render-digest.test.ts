import assert from 'node:assert/strict';
import { createDigestAccumulator } from '../../src/domain/digest-stats';
import type { DigestFigures, DigestTicket } from '../../src/domain/digest-stats';
import { formatDuration, formatShare } from '../../src/domain/digest-format';
import { digestView } from '../../src/domain/digest-view';
import { createRenderer } from '../../src/mail/render';
import { LANGUAGES } from '../../src/domain/types';
import type { Language } from '../../src/domain/types';
import { allParts, CYRILLIC, ROMANIAN_DIACRITIC } from './render-fixtures';

const ZONE = 'Europe/Bucharest';
const L = (local: string) => new Date(`${local.replace(' ', 'T')}+02:00`);
const HOSTILE = 'Printer <script>alert(1)</script> & toner';
const MIN = 60_000;

function sampleFigures(): DigestFigures {
  const acc = createDigestAccumulator({ from: L('2025-03-10 00:00'), to: L('2025-03-14 00:00'), timeZone: ZONE, now: L('2025-03-14 08:00') });
  const base = { requester: 'c@example.com', tier: 'L1' } as const;
  const tickets: DigestTicket[] = [
    { ...base, number: 'TG-000100', subject: HOSTILE, priority: 'P1', category: 'hardware', status: 'open', assignee: 'ana@acme.example', createdAt: L('2025-03-01 09:00'), resolutionBreachedAt: L('2025-03-11 09:00') },
    { ...base, number: 'TG-000101', subject: 'VPN', priority: 'P2', tier: 'L2', category: 'network', status: 'resolved', assignee: 'bob@acme.example', createdAt: L('2025-03-10 09:00'), firstRespondedAt: L('2025-03-10 11:15'), firstResponseDueAt: L('2025-03-10 11:00'), resolvedAt: L('2025-03-11 12:00'), resolutionDueAt: L('2025-03-12 09:00'), satisfaction: { score: 4, at: L('2025-03-11 13:00') } },
    { ...base, number: 'TG-000102', subject: 'Invoice', priority: 'P3', status: 'new', createdAt: L('2025-03-12 14:30'), lastEscalatedAt: L('2025-03-12 15:00') },
    { ...base, number: 'TG-000103', subject: 'Password', priority: 'P3', category: 'access', status: 'closed', assignee: 'ana@acme.example', createdAt: L('2025-03-11 08:00'), firstRespondedAt: L('2025-03-11 08:20'), resolvedAt: L('2025-03-11 09:00'), satisfaction: { score: 3, at: L('2025-03-11 10:00') } },
  ];
  for (const t of tickets) acc.add(t);
  return acc.result();
}

const FIGURES = sampleFigures();
const CHARTS = [
  { cid: 'by-day@ticketgate', title: 'Tickets per day', alt: 'Column chart: new and resolved tickets per day', section: 'days' },
  { cid: 'by-hour@ticketgate', title: 'Tickets by hour', alt: 'Column chart: new tickets by hour of day', section: 'hours' },
  { cid: 'overview@ticketgate', title: 'Overview' },
];
const TARGETS = { P1: { firstResponse: '1 h', resolution: '4 h' }, P2: { firstResponse: '2 h', resolution: '8 h' } };

/** Section headings in the order the template shows them. */
const HEADINGS: Record<Language, string[]> = {
  en: ['Summary', 'By day', 'Tickets by priority', 'By support line', 'By category', 'Response and resolution times', 'SLA breaches and escalations', 'Oldest open tickets', 'Most repeated problems', 'Customer satisfaction', 'Agents’ load', 'New tickets by hour of day'],
  ru: ['Итоги', 'По дням', 'Заявки по приоритетам', 'По линиям поддержки', 'По категориям', 'Время реакции и решения', 'Нарушения SLA и эскалации', 'Самые давние открытые заявки', 'Самые частые проблемы', 'Удовлетворённость клиентов', 'Загрузка специалистов', 'Новые заявки по часам суток'],
  ro: ['Rezumat', 'Pe zile', 'Tichete după prioritate', 'După linia de suport', 'După categorie', 'Timpi de răspuns și de rezolvare', 'Încălcări SLA și escaladări', 'Cele mai vechi tichete deschise', 'Cele mai frecvente probleme', 'Satisfacția clienților', 'Încărcarea specialiștilor', 'Tichete noi pe ore'],
};
const HEADING = /border-bottom:2px solid #1f4e79;font-size:16px;font-weight:bold;color:#1f4e79;">([^<]*)<\/p>/g;
const headingsOf = (html: string) => [...html.matchAll(HEADING)].map((m) => m[1]);
const columnsOf = (html: string) => [...html.matchAll(/<th [^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);

describe('digest mail', () => {
  const renderer = createRenderer();
  const data = (lang: Language, over: Record<string, unknown> = {}) => {
    const view = digestView(FIGURES, lang, renderer.labels(lang), ZONE);
    return { deskName: 'Acme Support', kind: 'weekly', from: view.fromText, to: view.toText, targets: TARGETS, problems: [], charts: CHARTS, ...view, ...over };
  };
  const render = (lang: Language, over: Record<string, unknown> = {}) => renderer.render('digest', lang, data(lang, over));

  it('renders in every language with every section, in order', () => {
    for (const lang of LANGUAGES) {
      const mail = render(lang);
      assert.deepEqual(headingsOf(mail.html), HEADINGS[lang], lang);
      for (const heading of HEADINGS[lang]) assert.ok(mail.text.includes(`\n${heading}`), `${lang} text: ${heading}`);
      assert.ok(!allParts(mail).includes('{{') && !allParts(mail).includes('}}'), lang);
      assert.match(mail.html, /^<!DOCTYPE html>/);
      assert.ok(mail.text.endsWith('\n') && !mail.text.includes('\n\n\n'), `${lang}: tidy text`);
      assert.ok(allParts(mail).includes('#escalate TG-000123'), `${lang}: reply command`);
      if (lang === 'ru') assert.match(mail.text, CYRILLIC);
      if (lang === 'ro') assert.match(mail.text, ROMANIAN_DIACRITIC);
    }
  });

  it('names the kind and period in the subject', () => {
    assert.equal(render('en').subject, '[Acme Support] Weekly digest: 10 Mar 2025 – 13 Mar 2025');
    assert.equal(render('en', { kind: 'daily', to: '10 Mar 2025', from: '10 Mar 2025' }).subject, '[Acme Support] Daily digest: 10 Mar 2025');
    assert.equal(render('en', { kind: undefined }).subject, '[Acme Support] Digest: 10 Mar 2025 – 13 Mar 2025');
    assert.ok(render('ru').subject.startsWith('[Acme Support] Еженедельная сводка: 10 мар'));
    assert.ok(render('ro', { kind: 'daily' }).subject.startsWith('[Acme Support] Raport zilnic: 10 mar'));
  });

  it('leaves no English words in Russian and Romanian headings and columns', () => {
    const en = render('en').html;
    const english = new Set([...headingsOf(en), ...columnsOf(en)].flatMap((h) => h.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => w !== 'sla'));
    for (const lang of ['ru', 'ro'] as const) {
      const html = render(lang).html;
      for (const text of [...headingsOf(html), ...columnsOf(html)]) {
        const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
        assert.deepEqual(words.filter((w) => english.has(w)), [], `${lang}: "${text}"`);
        if (lang === 'ru') assert.match(text, CYRILLIC, text);
      }
    }
  });

  it('shows every chart as a cid image with alt text, right above its table', () => {
    const { html, text } = render('en');
    const img = (cid: string, alt: string) => `<img src="cid:${cid}" width="552" alt="${alt}" style="display:block;width:100%;max-width:552px;height:auto;border:0;margin:0 0 8px 0;">`;
    for (const c of CHARTS.slice(0, 2)) assert.ok(html.includes(img(c.cid, c.alt ?? '')), c.cid);
    assert.ok(html.includes(img('overview@ticketgate', 'Overview')), 'alt falls back to the title');
    const at = (s: string) => html.indexOf(s);
    assert.ok(at('cid:overview@ticketgate') < at('>By day<'), 'a chart without a section goes under the summary');
    assert.ok(at('>By day<') < at('cid:by-day@ticketgate') && at('cid:by-day@ticketgate') < at('>Mon 10 Mar<'));
    assert.ok(at('>New tickets by hour of day<') < at('cid:by-hour@ticketgate'));
    assert.ok(!text.includes('cid:'));
    assert.deepEqual([...html.matchAll(/src="([^"]*)"/g)].map((m) => m[1].split(':')[0]), ['cid', 'cid', 'cid']);
  });

  it('keeps to mail-safe HTML: inline styles, tables, nothing external', () => {
    const { html } = render('en', { deskName: 'R&D <Desk>' });
    for (const banned of [/<script/i, /<style/i, /\sclass=/i, /<link/i, /https?:\/\//i, /<div style="[^"]*(?:display:flex|grid)/i]) assert.doesNotMatch(html, banned);
    const widths = [...html.matchAll(/\swidth="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(widths.length > 0 && widths.every((w) => w <= 600), `widths ${widths.join(', ')}`);
    assert.ok(html.includes('max-width:600px'));
    assert.ok(html.includes('R&amp;D &lt;Desk&gt;') && !html.includes('<Desk>'));
  });

  it('escapes a ticket subject in HTML and keeps it as is in text', () => {
    const mail = render('en');
    assert.ok(mail.html.includes('Printer &lt;script&gt;alert(1)&lt;/script&gt; &amp; toner'));
    assert.ok(!mail.html.includes('<script>'));
    assert.ok(mail.text.includes(`  TG-000100 ${HOSTILE} | P1 outage | age: 12 d 23 h | ana@acme.example\n`));
  });

  it('shows every figure of the view in both parts', () => {
    for (const lang of LANGUAGES) {
      const view = digestView(FIGURES, lang, renderer.labels(lang), ZONE);
      const { text, html } = render(lang);
      for (const row of [...view.byPriority, ...view.byTier, ...view.byCategory]) {
        assert.ok(text.includes(`  ${row.label}: ${row.created} / ${row.resolved} / ${row.open}\n`), `${lang} text ${row.label}`);
        assert.ok(html.includes(`>${row.label}</td><td align="right" style="padding:4px 6px;border-bottom:1px solid #eef0f3;white-space:nowrap;">${row.created}</td>`), `${lang} html ${row.label}`);
      }
      for (const row of [...view.firstResponse, ...view.resolution]) assert.ok(text.includes(`  ${row.label}: `) && text.includes(row.median) && html.includes(row.compliance), `${lang} ${row.label}`);
      for (const cell of view.hours.flatMap((r) => r.cells)) assert.ok(text.includes(`${cell.hour}: ${cell.count}`), `${lang} hour ${cell.hour}`);
      for (const day of view.days) assert.ok(text.includes(`  ${day.label}: ${day.created} / ${day.resolved}\n`), `${lang} ${day.date}`);
    }
  });

  it('shows the figures as computed, with targets from the caller', () => {
    const { text } = render('en');
    assert.ok(text.includes('  New: 3\n  Resolved: 2\n  Open now: 2 (new 1, in progress 1, waiting for information 0)\n  SLA breaches: 1\n  Escalated: 1\n  Average rating: 3.5 of 5 (ratings: 2)\n'));
    assert.ok(text.includes('  P2 critical: tickets: 1; median: 2 h 15 min; 90th percentile: 2 h 15 min; target: 2 h; met target: 0% (0 / 1)\n'));
    assert.ok(text.includes('  P3 normal: tickets: 1; median: 20 min; 90th percentile: 20 min; target: —; met target: —\n'));
    assert.ok(text.includes('  P2 critical: tickets: 1; median: 1 d 3 h; 90th percentile: 1 d 3 h; target: 8 h; met target: 100% (1 / 1)\n'));
    assert.ok(text.includes('  ana@acme.example: 1 / 1\n  unassigned: 1 / 0\n  bob@acme.example: 0 / 1\n'));
    assert.ok(text.includes('  5: 0 (0%)\n  4: 1 (50%)\n  3: 1 (50%)\n'));
    assert.ok(text.includes('For staffing: when tickets arrive, by the hour in Europe/Bucharest.'));
  });

  it('lists the most repeated problems, or says there are none', () => {
    const problems = [{ number: 'PR-000007', title: 'VPN down <b>', category: 'network', size: 12 }, { number: 'PR-000008', title: 'Mail slow', size: 3 }];
    const mail = render('ru', { problems });
    assert.ok(mail.text.includes('  PR-000007 VPN down <b> (сеть): заявки: 12\n  PR-000008 Mail slow: заявки: 3\n'));
    assert.ok(mail.html.includes('VPN down &lt;b&gt;'));
    assert.ok(render('en').text.includes('Most repeated problems\n  None.\n'));
    assert.ok(render('ru').text.includes('Самые частые проблемы\n  Нет.\n'));
    assert.ok(render('ro').text.includes('Cele mai frecvente probleme\n  Niciuna.\n'));
  });

  it('refuses data that would make a broken digest', () => {
    const fails = (over: Record<string, unknown>, pattern: RegExp) => assert.throws(() => render('en', over), pattern);
    fails({ from: undefined, to: ' ' }, /template "digest": missing data from, to/);
    fails({ kind: 'monthly' }, /kind \(one of daily, weekly, custom\)/);
    fails({ charts: [{ cid: 'a b', title: '' }, { cid: 'x', title: 'X', section: 'nowhere' }] }, /charts\[\]\.cid .*charts\[\]\.title.*charts\[\]\.section/);
    fails({ problems: [{ number: 'PR-1', title: 'x', size: -1 }] }, /problems\[\]\.size/);
    assert.throws(() => renderer.render('digest', 'en', { deskName: 'Acme', from: 'a', to: 'b' }), /summary \(spread digestView\(\) into the data\)/);
  });
});

describe('digest view', () => {
  const renderer = createRenderer();

  it('writes durations with the language units', () => {
    const units = (lang: Language) => renderer.labels(lang).digest;
    assert.equal(formatDuration(2 * 3_600_000 + 15 * MIN, units('en')), '2 h 15 min');
    assert.equal(formatDuration(2 * 3_600_000 + 15 * MIN, units('ru')), '2 ч 15 мин');
    assert.equal(formatDuration(2 * 3_600_000 + 15 * MIN, units('ro')), '2 h 15 min');
    assert.equal(formatDuration(45 * MIN, units('en')), '45 min');
    assert.equal(formatDuration(3 * 3_600_000, units('en')), '3 h');
    assert.equal(formatDuration((3 * 24 + 4) * 3_600_000, units('ru')), '3 д 4 ч');
    assert.equal(formatDuration(48 * 3_600_000, units('ro')), '2 z');
    assert.equal(formatDuration(20_000, units('en')), '< 1 min');
    assert.equal(formatDuration(undefined, units('en')), '—');
  });

  it('writes shares as whole percents, never rounding to a perfect or empty score', () => {
    assert.equal(formatShare(0.93), '93%');
    assert.equal(formatShare(0.996), '99%');
    assert.equal(formatShare(1), '100%');
    assert.equal(formatShare(0.004), '1%');
    assert.equal(formatShare(0), '0%');
    assert.equal(formatShare(undefined), '—');
  });

  it('formats numbers for the language and uses "—" for figures that do not exist', () => {
    const figures = { ...FIGURES, created: { ...FIGURES.created, total: 12345 }, satisfaction: { ...FIGURES.satisfaction, average: 4.25 } };
    assert.equal(digestView(figures, 'en', renderer.labels('en'), ZONE).summary.created, '12,345');
    assert.match(digestView(figures, 'ru', renderer.labels('ru'), ZONE).summary.created, /^12\s345$/);
    assert.equal(digestView(figures, 'ro', renderer.labels('ro'), ZONE).summary.created, '12.345');
    assert.equal(digestView(figures, 'ru', renderer.labels('ru'), ZONE).summary.rating, '4,3');
    const none = digestView({ ...FIGURES, satisfaction: { count: 0, byScore: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } } }, 'en', renderer.labels('en'), ZONE);
    assert.equal(none.summary.rating, '—');
    assert.equal(none.satisfaction.rated, false);
    const p4 = digestView(FIGURES, 'en', renderer.labels('en'), ZONE).firstResponse.find((r) => r.code === 'P4');
    assert.deepEqual(p4, { code: 'P4', label: 'P4 planned', count: '0', median: '—', p90: '—', hasTarget: false, met: '—', compliance: '—' });
  });

  it('takes looser label tables, falling back to codes and English words', () => {
    const labels = renderer.labels('ru');
    const view = digestView(FIGURES, 'ru', { priority: labels.priority, category: labels.category, status: labels.status }, ZONE);
    assert.deepEqual(view.byTier.map((r) => r.label), ['L1', 'L2', 'L3']);
    assert.equal(view.byCategory[5].label, 'no category');
    assert.equal(view.byPriority[0].label, 'P1 авария');
  });
});

describe('problem-resolved mail', () => {
  const renderer = createRenderer();
  const base = { deskName: 'Acme Support', ticketNumber: 'TG-000123', originalSubject: 'Re: VPN down', customerName: 'Ana Pop', problemNumber: 'PR-000007', text: 'The VPN gateway was replaced.\n#status closed <b>' };
  const SUBJECTS: Record<Language, string> = { en: '[TG-000123] Resolved: VPN down', ru: '[TG-000123] Решено: VPN down', ro: '[TG-000123] Rezolvat: VPN down' };

  it('tells the customer in every language and quotes the explanation', () => {
    for (const lang of LANGUAGES) {
      const mail = renderer.render('problem-resolved', lang, base);
      assert.equal(mail.subject, SUBJECTS[lang]);
      assert.ok(mail.text.includes('PR-000007') && mail.text.includes('TG-000123') && mail.text.includes('Ana Pop'), lang);
      assert.ok(mail.text.includes('\n> The VPN gateway was replaced.\n> #status closed <b>\n'), `${lang}: quoted`);
      assert.ok(!/^#/m.test(mail.text), `${lang}: a command in the explanation stays quoted`);
      assert.match(mail.html, /<blockquote[^>]*>The VPN gateway was replaced\.<br>\n#status closed &lt;b&gt;<\/blockquote>/);
      assert.ok(mail.text.includes('[TG-000123]'), `${lang}: footer names the tag`);
      assert.ok(!allParts(mail).includes('{{'), lang);
      if (lang === 'ru') assert.match(mail.text, CYRILLIC);
      if (lang === 'ro') assert.match(mail.text, ROMANIAN_DIACRITIC);
    }
  });

  it('leaves out the quote without an explanation and needs the problem number', () => {
    for (const lang of LANGUAGES) {
      const mail = renderer.render('problem-resolved', lang, { ...base, text: undefined, originalSubject: '' });
      assert.ok(!mail.text.includes('\n>') && !mail.html.includes('<blockquote'), lang);
      assert.ok(!mail.subject.endsWith(': '), lang);
    }
    assert.equal(renderer.render('problem-resolved', 'en', { ...base, originalSubject: '' }).subject, '[TG-000123] The problem you reported has been resolved');
    assert.throws(() => renderer.render('problem-resolved', 'en', { ...base, problemNumber: '' }), /missing data problemNumber/);
    assert.throws(() => renderer.render('problem-resolved', 'en', { ...base, text: 42 }), /missing data text/);
  });
});
