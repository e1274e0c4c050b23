/**
 * Acknowledgement latency at a steady rate: the time from a mail landing in
 * the support INBOX (its IMAP APPEND completing) to the gateway's
 * acknowledgement landing in the customer's INBOX. APPEND rather than SMTP
 * keeps Postfix and LMTP delivery out of the start of the clock; the ack
 * still travels through SMTP, as it does in production.
 */
import { randomBytes } from 'node:crypto';
import type { ExistsEvent, ImapFlow } from 'imapflow';
import { imapFor } from '../test/support/mail';
import type { Stack } from '../test/support/stack';

export interface LatencyResult {
  sent: number;
  received: number;
  /** Nearest-rank percentiles over the received acks; NaN when none arrived. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  missing: number;
}

export interface LatencyOptions {
  support: string;
  customer: string;
  /** Mails per second. */
  rate: number;
  seconds: number;
  /** The raw mail i, From `customer`, carrying `Message-ID: <messageId>`. */
  makeRaw: (i: number, messageId: string) => Buffer;
  /** How long to wait for outstanding acks after the last append (default 30 s). */
  settleMs?: number;
}

const DEFAULT_SETTLE_MS = 30_000;
const SETTLE_POLL_MS = 50;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Notes when each acknowledgement reaches the customer's INBOX, keyed by the
 * Message-ID it answers (its In-Reply-To).
 */
class AckWatcher {
  /** Epoch ms of the first sighting per answered Message-ID. */
  readonly arrivals = new Map<string, number>();
  /** Fetches one after another: imapflow queues commands, but overlapping ranges would double-count work. */
  private chain: Promise<void> = Promise.resolve();
  private seen = 0;
  private latest = 0;

  constructor(private readonly client: ImapFlow) {}

  async start(): Promise<void> {
    await this.client.connect();
    const box = await this.client.mailboxOpen('INBOX');
    // Acks from earlier runs are already there; only what arrives from now on counts.
    this.seen = this.latest = box.exists;
    this.client.on('exists', (e: ExistsEvent) => {
      this.latest = e.count;
      this.chain = this.chain.then(() => this.fetchNew()).then(() => this.idle());
    });
    this.idle();
  }

  /** Everything in the INBOX once more, for acks whose EXISTS never reached us; failures here do matter. */
  async catchUp(): Promise<void> {
    await this.chain;
    const box = this.client.mailbox;
    if (box && box.exists > 0) await this.fetchRange('1:*');
  }

  get usable(): boolean {
    return this.client.usable;
  }

  /**
   * imapflow only starts auto-IDLE after 15 s without commands, and outside
   * IDLE Dovecot does not push EXISTS: without this every ack after the
   * first fetch would wait those 15 s. A later fetch breaks the IDLE itself.
   */
  private idle(): void {
    this.client.idle({ whenFree: true }).catch(() => undefined);
  }

  /** A failed fetch is not fatal: catchUp() rereads everything at the end. */
  private async fetchNew(): Promise<void> {
    if (this.latest < this.seen) this.seen = this.latest; // something was expunged
    if (this.latest === this.seen) return;
    const range = `${this.seen + 1}:${this.latest}`;
    const upTo = this.latest;
    try {
      await this.fetchRange(range);
      this.seen = Math.max(this.seen, upTo);
    } catch {
      // left to the next EXISTS or to catchUp()
    }
  }

  private async fetchRange(range: string): Promise<void> {
    for await (const msg of this.client.fetch(range, { uid: true, headers: ['in-reply-to'] })) {
      const id = msg.headers ? inReplyTo(msg.headers) : undefined;
      if (id && !this.arrivals.has(id)) this.arrivals.set(id, Date.now());
    }
  }
}

/** The first Message-ID in an In-Reply-To header block, without its angle brackets. */
function inReplyTo(headers: Buffer): string | undefined {
  const unfolded = headers.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  const value = /^in-reply-to:[ \t]*(.*)$/im.exec(unfolded)?.[1]?.trim();
  if (!value) return undefined;
  return /<([^>]+)>/.exec(value)?.[1] ?? value;
}

/**
 * Appends mail i at start + i/rate s. A late append goes out as soon as the
 * previous one is done, so the schedule catches up without sending ahead of it.
 */
async function appendOnSchedule(client: ImapFlow, opts: LatencyOptions, domain: string): Promise<Map<string, number>> {
  const tag = randomBytes(4).toString('hex');
  const total = Math.round(opts.rate * opts.seconds);
  const appendedAt = new Map<string, number>();
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / opts.rate - Date.now();
    if (wait > 0) await sleep(wait);
    const messageId = `lat-${tag}-${i}@customer.${domain}`;
    const res = await client.append('INBOX', opts.makeRaw(i, messageId));
    if (!res) throw new Error(`latency: APPEND of mail ${i} into ${opts.support}/INBOX was refused`);
    appendedAt.set(messageId, Date.now());
  }
  return appendedAt;
}

async function waitForAcks(watcher: AckWatcher, ids: string[], settleMs: number): Promise<void> {
  const deadline = Date.now() + settleMs;
  // A dead watcher connection would only make us sit out the whole settle time.
  while (Date.now() < deadline && watcher.usable && ids.some((id) => !watcher.arrivals.has(id))) {
    await sleep(SETTLE_POLL_MS);
  }
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function summarise(appendedAt: Map<string, number>, arrivals: Map<string, number>): LatencyResult {
  const latencies: number[] = [];
  for (const [id, at] of appendedAt) {
    const ack = arrivals.get(id);
    if (ack !== undefined) latencies.push(ack - at);
  }
  latencies.sort((a, b) => a - b);
  return {
    sent: appendedAt.size,
    received: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? latencies[latencies.length - 1] : NaN,
    missing: appendedAt.size - latencies.length,
  };
}

async function closeQuietly(client: ImapFlow): Promise<void> {
  await client.logout().catch(() => client.close());
}

/** Needs a running gateway that polls `opts.support` and acknowledges to `opts.customer`. */
export async function measureLatency(stack: Stack, opts: LatencyOptions): Promise<LatencyResult> {
  const watchClient = imapFor(stack, opts.customer);
  const sendClient = imapFor(stack, opts.support);
  // Without a listener an 'error' event would throw; the failure shows up as a rejected command instead.
  watchClient.on('error', () => undefined);
  sendClient.on('error', () => undefined);
  try {
    const watcher = new AckWatcher(watchClient);
    await watcher.start();
    await sendClient.connect();
    const appendedAt = await appendOnSchedule(sendClient, opts, stack.MAIL_DOMAIN);
    await waitForAcks(watcher, [...appendedAt.keys()], opts.settleMs ?? DEFAULT_SETTLE_MS);
    await watcher.catchUp();
    return summarise(appendedAt, watcher.arrivals);
  } finally {
    await closeQuietly(sendClient);
    await closeQuietly(watchClient);
  }
}
