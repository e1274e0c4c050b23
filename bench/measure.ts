/**
 * One measured run of a gateway: warm it up with one mail, send the corpus,
 * wait until every acknowledgement is sent (or quarantined), then read the
 * stage timestamps back from the database and sample customers' mailboxes.
 */
import { loadavg } from 'node:os';
import mongoose from 'mongoose';
import type { Stack } from '../test/support/stack';
import { imapFor, sendAsCustomer } from '../test/support/mail';
import type { BenchMail } from './corpus';
import type { BenchGateway } from './gateways';
import { daemonCpu, daemonPids, diff, machineCpu, type Daemon } from './procstat';
import { runSender, type SendReport } from './sender';
import { readStages } from './stages';
import { withTimeout } from './timeout';

export interface StageTimes {
  smtpAccepted: number;
  stored: number;
  tickets: number;
  acksSent: number;
  /** Every outbound mail of the run (acknowledgements and agent notifications) sent. */
  allOutboundSent: number;
}

export interface ModeResult {
  mode: string;
  n: number;
  send: SendReport;
  /** Epoch ms at which the last mail passed each stage (0: not all did). */
  last: StageTimes;
  counts: { stored: number; tickets: number; sent: number; quarantined: number; langMismatch: number; outboundByKind: Record<string, number> };
  /** Per-mail latency of each step, ms: [p50, p95, max]. */
  latency: Record<'postfixToStored' | 'storedToTicket' | 'ticketToSent' | 'endToEnd', [number, number, number]>;
  cpu: { gateway: Record<string, number>; sender: number; daemons: Record<Daemon, number>; machineBusy: number; machineTotal: number };
  peakRssMiB: Record<string, number>;
  loadavg: number[];
  inbox: { checked: number; found: number; tagged: number };
  timedOut: boolean;
  /** Epoch ms at which the measurement window closed (all done, stalled or timed out). */
  windowEnd: number;
  /** Acknowledgements sent per minute of the run, from the first send: shows a slowdown as the database grows. */
  acksPerMinute: number[];
  notes: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** [p50, p95, max] */
export function pct(xs: number[]): [number, number, number] {
  if (xs.length === 0) return [NaN, NaN, NaN];
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return [at(0.5), at(0.95), s[s.length - 1]];
}

export async function runMode(stack: Stack, gw: BenchGateway, corpus: BenchMail[], opts: { timeoutMs: number; sample: number; track(pid: number): void; onProgress(line: string): void; onStart?(): Promise<void>; onEnd?(): Promise<void> }): Promise<ModeResult> {
  const n = corpus.length;
  const conn = await mongoose.createConnection(gw.mongoUrl, { maxPoolSize: 2 }).asPromise();
  const db = conn.db!;
  const notes: string[] = [];
  try {
    // Warm-up: one mail through the whole pipeline proves ingest and workers are up.
    await sendAsCustomer(stack, { from: `bench-warmup@${stack.MAIL_DOMAIN}`, to: gw.support, subject: 'Printer question', text: 'Hello, my printer does not print. Can you help me please?', messageId: `<warmup-${Date.now()}@customer.example.test>` });
    const warmDeadline = Date.now() + 60_000;
    while ((await withTimeout(db.collection('outbox').countDocuments({ status: 'sent', kind: 'acknowledgement' }), 15_000, 'warm-up: counting sent acknowledgements')) < 1) {
      if (Date.now() > warmDeadline) throw new Error(`${gw.mode}: the warm-up mail was not acknowledged within 60 s`);
      await sleep(200);
    }

    const pids = daemonPids(stack.STACK_DIR);
    const d0 = daemonCpu(pids);
    const m0 = machineCpu();
    const g0 = gw.cpu();
    const peak: Record<string, number> = {};
    const sampleRss = () => {
      for (const [k, v] of Object.entries(gw.memory())) peak[k] = Math.max(peak[k] ?? 0, v.rss);
    };
    let report: SendReport | undefined;
    let sendError: Error | undefined;
    await opts.onStart?.();
    const t0 = Date.now();
    runSender({ host: stack.SMTP_HOST, port: Number(stack.SMTP_PORT), to: gw.support, mails: corpus, maxConnections: 5 }, opts.track).then(
      (r) => (report = r),
      (e: Error) => (sendError = e),
    );
    let sent = 0;
    let quarantined = 0;
    let timedOut = false;
    let lastPrint = 0;
    let progress = { at: Date.now(), count: -1 };
    for (;;) {
      await sleep(500);
      sampleRss();
      try {
        sent = (await withTimeout(db.collection('outbox').countDocuments({ status: 'sent', kind: 'acknowledgement' }), 15_000, 'counting sent acknowledgements')) - 1;
        quarantined = await withTimeout(db.collection('quarantine').countDocuments({}), 15_000, 'counting quarantined mails');
      } catch (err) {
        timedOut = true;
        notes.push(`the database stopped answering: ${(err as Error).message} (acks sent so far: ${sent})`);
        break;
      }
      if (Date.now() - lastPrint >= 5000) {
        lastPrint = Date.now();
        opts.onProgress(`  ${gw.mode}: ${((Date.now() - t0) / 1000).toFixed(0)} s, acks sent ${sent}/${n}, quarantined ${quarantined}${report ? ', all handed to Postfix' : ''}`);
      }
      if (sendError) throw sendError;
      if (report && sent + quarantined >= n) {
        // Let the rest of the outbound mail (agent notifications) finish too, so its CPU is counted.
        const drain = Date.now() + 30_000;
        while (Date.now() < drain && (await withTimeout(db.collection('outbox').countDocuments({ status: { $in: ['queued', 'sending'] } }), 15_000, 'counting unsent mail').catch(() => 0)) > 0) await sleep(250);
        break;
      }
      if (sent + quarantined !== progress.count) progress = { at: Date.now(), count: sent + quarantined };
      else if (report && Date.now() - progress.at > 30_000) {
        timedOut = true;
        notes.push(`stalled: no acknowledgement sent or mail quarantined for 30 s (${sent}/${n} sent, ${quarantined} quarantined)`);
        break;
      }
      if (Date.now() - t0 > opts.timeoutMs) {
        timedOut = true;
        notes.push(`timed out after ${opts.timeoutMs / 1000} s with ${sent}/${n} acknowledgements sent`);
        break;
      }
    }
    const windowEnd = Date.now();
    const g1 = gw.cpu();
    const d1 = daemonCpu(pids);
    const m1 = machineCpu();
    const load = loadavg();
    await opts.onEnd?.();
    while (!report && !sendError) await sleep(100);
    if (sendError) throw sendError;
    const send = report!;
    if (send.failures.length > 0) notes.push(`${send.failures.length} SMTP send failures, e.g. ${send.failures[0]}`);

    // Stage timestamps, straight from the gateway's records.
    const { storedAt, ticketAt, sentAt, langMismatch, outboundByKind, allOutboundSent } = await readStages(db, corpus, send.firstSendAt, notes);
    const lastOf = (m: Map<number, number>) => (m.size >= n ? Math.max(...m.values()) : 0);
    const steps = (from: (i: number) => number | undefined, to: (i: number) => number | undefined) =>
      pct(corpus.map((m) => [from(m.i), to(m.i)]).filter((p): p is [number, number] => !!p[0] && !!p[1]).map(([a, b]) => b - a));
    const accepted = (i: number) => send.acceptedAt[i] || undefined;

    const inbox = await sampleInboxes(stack, corpus.filter((m) => sentAt.has(m.i)), opts.sample);
    if (inbox.found < inbox.checked) notes.push(`only ${inbox.found}/${inbox.checked} sampled acknowledgements were found in the customers' INBOX`);
    if (quarantined > 0) notes.push(`${quarantined} mails were quarantined instead of acknowledged`);

    const gateway = diff(g0, g1);
    return {
      mode: gw.mode,
      n,
      send,
      last: { smtpAccepted: send.lastAcceptAt, stored: lastOf(storedAt), tickets: lastOf(ticketAt), acksSent: lastOf(sentAt), allOutboundSent: lastOf(sentAt) ? allOutboundSent : 0 },
      counts: { stored: storedAt.size, tickets: ticketAt.size, sent: sentAt.size, quarantined, langMismatch, outboundByKind },
      latency: {
        postfixToStored: steps(accepted, (i) => storedAt.get(i)),
        storedToTicket: steps((i) => storedAt.get(i), (i) => ticketAt.get(i)),
        ticketToSent: steps((i) => ticketAt.get(i), (i) => sentAt.get(i)),
        endToEnd: steps(accepted, (i) => sentAt.get(i)),
      },
      cpu: { gateway, sender: send.cpu, daemons: diff(d0, d1), machineBusy: m1.busy - m0.busy, machineTotal: m1.total - m0.total },
      peakRssMiB: Object.fromEntries(Object.entries(gw.memory()).map(([k, v]) => [k, gw.mode === 'cli' ? v.peak : Math.max(peak[k] ?? 0, v.rss)])),
      loadavg: load,
      inbox,
      timedOut,
      windowEnd,
      acksPerMinute: perMinute([...sentAt.values()], send.firstSendAt),
      notes,
    };
  } finally {
    await withTimeout(conn.close(), 5_000, 'closing the bench database connection').catch(() => undefined);
  }
}

function perMinute(times: number[], from: number): number[] {
  const out: number[] = [];
  for (const t of times) {
    const m = Math.floor((t - from) / 60_000);
    while (out.length <= m) out.push(0);
    out[m]++;
  }
  return out;
}

/** Looks for the acknowledgement in `count` random customers' INBOX, by In-Reply-To. */
async function sampleInboxes(stack: Stack, candidates: BenchMail[], count: number) {
  const picked = [...candidates].sort(() => Math.random() - 0.5).slice(0, count);
  let found = 0;
  let tagged = 0;
  for (const m of picked) {
    const client = imapFor(stack, m.from.address);
    await client.connect();
    try {
      const box = await client.mailboxOpen('INBOX').catch(() => undefined);
      if (!box || box.exists === 0) continue;
      const uids = await client.search({ header: { 'in-reply-to': m.messageId } }, { uid: true });
      if (!uids || uids.length === 0) continue;
      found++;
      const msg = await client.fetchOne(String(uids[0]), { envelope: true }, { uid: true });
      if (msg && /\[[A-Z][A-Z0-9]*-\d+\]/.test(msg.envelope?.subject ?? '')) tagged++;
    } finally {
      await client.logout().catch(() => client.close());
    }
  }
  return { checked: picked.length, found, tagged };
}
