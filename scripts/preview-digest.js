#!/usr/bin/env node
// Renders a sample digest (en, ru, ro) as a mail client would show it: the
// charts inlined as data: URLs in place of their cid: links. Writes
// OUT/digest-<lang>.html; scripts/preview-digest.sh screenshots them in
// headless Chromium. Needs `npm run build` first.
const fs = require('node:fs');
const path = require('node:path');
const { createDigestAccumulator } = require('../dist/src/domain/digest-stats');
const { digestView } = require('../dist/src/domain/digest-view');
const { createRenderer } = require('../dist/src/mail/render');
const { digestCharts } = require('../dist/src/reports/digest-charts');

const out = process.argv[2] || '/tmp/digest-preview';
fs.mkdirSync(out, { recursive: true });
const HOUR = 3_600_000;
const until = new Date('2026-11-30T06:00:00Z');
const from = new Date(until.getTime() - 7 * 24 * HOUR);
let seed = 7;
const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(r() * list.length)];

async function main() {
  const acc = createDigestAccumulator({ from, to: until, timeZone: 'Europe/Chisinau', now: until });
  for (let i = 0; i < 600; i++) {
    const createdAt = new Date(until.getTime() - r() * 9 * 24 * HOUR);
    const status = pick(['new', 'open', 'pending', 'resolved', 'resolved', 'closed']);
    const resolvedAt = status === 'resolved' || status === 'closed' ? new Date(Math.min(until.getTime() - 1, createdAt.getTime() + r() * 40 * HOUR)) : undefined;
    acc.add({
      number: `TG-${String(1000 + i).padStart(6, '0')}`, subject: pick(['VPN не подключается', 'Printer offline on floor 2', 'Factura lunară lipsește', 'Outlook asks for password']),
      priority: pick(['P1', 'P2', 'P3', 'P3', 'P4']), tier: pick(['L1', 'L1', 'L2', 'L3']), category: pick(['hardware', 'software', 'network', 'access', 'billing', undefined]),
      status, requester: `c${i}@example.com`, assignee: pick(['ana.popescu@example.com', 'dmitri.volkov@example.com', 'elena.rusu@example.com', undefined]), createdAt,
      firstRespondedAt: r() < 0.8 ? new Date(createdAt.getTime() + r() * 6 * HOUR) : undefined, resolvedAt,
      firstResponseDueAt: new Date(createdAt.getTime() + 4 * HOUR), resolutionDueAt: new Date(createdAt.getTime() + 16 * HOUR),
      firstResponseBreachedAt: r() < 0.1 ? new Date(createdAt.getTime() + 4 * HOUR) : undefined,
      lastEscalatedAt: r() < 0.1 ? new Date(createdAt.getTime() + HOUR) : undefined,
      satisfaction: resolvedAt && r() < 0.5 ? { score: 1 + Math.floor(r() * 5), at: new Date(Math.min(until.getTime() - 1, resolvedAt.getTime() + HOUR)) } : undefined,
    });
  }
  const figures = acc.result();
  const renderer = createRenderer();
  for (const lang of ['en', 'ru', 'ro']) {
    const labels = renderer.labels(lang);
    const charts = await digestCharts(figures, lang, labels);
    const mail = renderer.render('digest', lang, {
      ...digestView(figures, lang, labels, 'Europe/Chisinau'), deskName: 'Example Support', kind: 'weekly', from: '23 Nov 2026', to: '30 Nov 2026',
      targets: { P1: { firstResponse: '1 h (24/7)', resolution: '4 h (24/7)' }, P2: { firstResponse: '4 h', resolution: '16 h' }, P3: { firstResponse: '8 h', resolution: '40 h' }, P4: { firstResponse: '40 h', resolution: '120 h' } },
      problems: [{ number: 'PRB-000004', title: 'VPN не подключается', category: 'network', size: 7 }],
      charts: charts.map(({ cid, title, alt, section }) => ({ cid, title, alt, section })),
    });
    let html = mail.html;
    for (const c of charts) html = html.split(`cid:${c.cid}`).join(`data:image/png;base64,${c.png.toString('base64')}`);
    fs.writeFileSync(path.join(out, `digest-${lang}.html`), html);
    fs.writeFileSync(path.join(out, `digest-${lang}.txt`), `${mail.subject}\n\n${mail.text}`);
  }
  process.stdout.write(`${out}/digest-{en,ru,ro}.html\n`);
}
main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
