/** The tables printed at the end of a bench run. */
import type { BaselineResult } from './baseline';
import type { ModeResult } from './measure';
import { DAEMON_LABEL, DAEMONS } from './procstat';

export interface ModeOutcome {
  label: string;
  baseline?: BaselineResult;
  result?: ModeResult;
  error?: string;
  profile?: string[];
}

export const GOAL_FRACTION = 0.5;

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

export function baselineRate(b: BaselineResult): number {
  return b.allDelivered ? b.n / ((b.allDelivered - b.send.firstSendAt) / 1000) : NaN;
}

export function endToEndRate(r: ModeResult): number {
  return r.last.acksSent ? r.n / ((r.last.acksSent - r.send.firstSendAt) / 1000) : NaN;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join(' | ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

/** Time from the first send until the stage was done for all mails, or how far it got in the window. */
function stage(r: ModeResult, at: number, count?: number): string {
  if (!at) {
    if (count === undefined) return 'not all';
    const s = (r.windowEnd - r.send.firstSendAt) / 1000;
    return `only ${count}/${r.n} in ${f1(s)} s  ${f1(count / s)}/s`;
  }
  const s = (at - r.send.firstSendAt) / 1000;
  return `${f1(s)} s  ${f1(r.n / s)}/s`;
}

/** Mails/s end to end; when not all were acknowledged in the window, the partial rate. */
function partialRate(r: ModeResult): number {
  return r.last.acksSent ? endToEndRate(r) : r.counts.sent / ((r.windowEnd - r.send.firstSendAt) / 1000);
}

export function render(outcomes: ModeOutcome[], n: number): string {
  const out: string[] = [];
  const withBase = outcomes.filter((o) => o.baseline);
  if (withBase.length > 0) {
    out.push('', `Mail servers alone (no gateway): ${n} mails via Postfix SMTP (pooled x5) to sink@example.test, until all are in its INBOX`);
    const cols = withBase.map((o) => `stack of ${o.label}`);
    const b = withBase.map((o) => o.baseline!);
    const rows: string[][] = [
      ['accepted by Postfix', ...b.map((x) => `${f1((x.send.lastAcceptAt - x.send.firstSendAt) / 1000)} s  ${f1(x.n / ((x.send.lastAcceptAt - x.send.firstSendAt) / 1000))}/s`)],
      ['all in INBOX (mails/s)', ...b.map((x) => (x.allDelivered ? `${f1((x.allDelivered - x.send.firstSendAt) / 1000)} s  ${f1(baselineRate(x))}/s` : `timed out (${x.delivered})`))],
      ...DAEMONS.map((d) => [`CPU s ${DAEMON_LABEL[d]}`, ...b.map((x) => f1(x.cpu.daemons[d]))]),
      ['CPU s sender (nodemailer)', ...b.map((x) => f1(x.cpu.sender))],
      ['machine busy (2 cores)', ...b.map((x) => `${f1((100 * x.cpu.machineBusy) / x.cpu.machineTotal)} %`)],
    ];
    out.push(table(['', ...cols], rows));
  }
  const done = outcomes.filter((o) => o.result);
  if (done.length > 0) {
    const r = done.map((o) => o.result!);
    out.push('', `Gateway: ${n} customer mails (en/ru/ro), Postfix → Dovecot → gateway → Postfix → customer INBOX; times from the first send`);
    const ratio = (o: ModeOutcome) => (o.baseline ? partialRate(o.result!) / baselineRate(o.baseline) : NaN);
    const lat = (k: keyof ModeResult['latency']) => r.map((x) => x.latency[k].map((v) => f2(v / 1000)).join(' / '));
    const procs = [...new Set(r.flatMap((x) => Object.keys(x.cpu.gateway)))];
    const rssKeys = [...new Set(r.flatMap((x) => Object.keys(x.peakRssMiB)))];
    const rows: string[][] = [
      ['SMTP accepted by Postfix', ...r.map((x) => stage(x, x.last.smtpAccepted))],
      ['all stored (rawmails)', ...r.map((x) => stage(x, x.last.stored, x.counts.stored))],
      ['all tickets exist', ...r.map((x) => stage(x, x.last.tickets, x.counts.tickets))],
      ['all acks sent (outbox)', ...r.map((x) => stage(x, x.last.acksSent, x.counts.sent))],
      ['all outbound sent (acks + agent notices)', ...r.map((x) => stage(x, x.last.allOutboundSent))],
      ['END TO END mails/s (first send → last ack sent)', ...r.map((x) => (x.last.acksSent ? f1(endToEndRate(x)) : `${f1(partialRate(x))} (partial: ${x.counts.sent}/${x.n})`))],
      ['acks sent per minute, minute 1, 2, ...', ...r.map((x) => x.acksPerMinute.join(' '))],
      ['mail servers alone, same stack', ...done.map((o) => (o.baseline ? `${f1(baselineRate(o.baseline))}/s` : '–'))],
      [`gateway / servers alone (goal ≥ ${GOAL_FRACTION})`, ...done.map((o) => `${f2(ratio(o))} ${ratio(o) >= GOAL_FRACTION ? 'MET' : 'not met'}`)],
      ['latency s p50/p95/max: accepted→stored', ...lat('postfixToStored')],
      ['  stored→ticket', ...lat('storedToTicket')],
      ['  ticket→ack sent', ...lat('ticketToSent')],
      ['  accepted→ack sent', ...lat('endToEnd')],
      ...procs.map((p) => [`CPU s ${p}`, ...r.map((x) => (p in x.cpu.gateway ? f1(x.cpu.gateway[p]) : '–'))]),
      ['CPU ms per acknowledged mail, gateway', ...r.map((x) => f1((1000 * sum(x.cpu.gateway)) / Math.max(1, x.counts.sent)))],
      ['CPU ms per acknowledged mail, FerretDB', ...r.map((x) => f1((1000 * x.cpu.daemons.mongo) / Math.max(1, x.counts.sent)))],
      ['CPU s sender (nodemailer)', ...r.map((x) => f1(x.cpu.sender))],
      ...DAEMONS.map((d) => [`CPU s ${DAEMON_LABEL[d]}`, ...r.map((x) => f1(x.cpu.daemons[d]))]),
      ['CPU s other (bench, OS, other processes)', ...r.map((x) => f1(x.cpu.machineBusy - sum(x.cpu.gateway) - x.cpu.sender - sum(x.cpu.daemons)))],
      ['machine busy (2 cores)', ...r.map((x) => `${f1((100 * x.cpu.machineBusy) / x.cpu.machineTotal)} %`)],
      ['load average 1/5/15 min', ...r.map((x) => x.loadavg.map(f2).join(' '))],
      ...rssKeys.map((k) => [`peak RSS MiB ${k}`, ...r.map((x) => (k in x.peakRssMiB ? f1(x.peakRssMiB[k]) : '–'))]),
      ['stored / tickets / sent / quarantined', ...r.map((x) => `${x.counts.stored} / ${x.counts.tickets} / ${x.counts.sent} / ${x.counts.quarantined}`)],
      ['ack language ≠ mail language', ...r.map((x) => String(x.counts.langMismatch))],
      ['sampled customer INBOXes: ack found (tagged)', ...r.map((x) => `${x.inbox.found}/${x.inbox.checked} (${x.inbox.tagged})`)],
    ];
    out.push(table(['', ...done.map((o) => o.label)], rows));
    for (const o of done) out.push(`outbox records (${o.label}): ${Object.entries(o.result!.counts.outboundByKind).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    for (const o of done) for (const note of o.result!.notes) out.push(`note (${o.label}): ${note}`);
  }
  for (const o of outcomes) if (o.error) out.push(`ERROR (${o.label}): ${o.error}`);
  for (const o of outcomes) if (o.profile) out.push('', `CPU profile, ${o.label}:`, ...o.profile);
  return out.join('\n');
}
