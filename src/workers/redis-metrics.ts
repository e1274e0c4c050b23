import type { RedisClient } from './redis-connection';
import { COUNTERS, SUMMARIES, type MetricSeries, type Metrics, type MetricsSource } from '../app/metrics';
import type { Logger } from '../app/ports';

export interface RedisMetrics extends Metrics, MetricsSource {
  /** Writes what is buffered now; never rejects (a failure keeps the counts for the next try). */
  flush(): Promise<void>;
  /** Stops the timer and flushes once more; counts after close are dropped. The Redis connection stays the caller's. */
  close(): Promise<void>;
}

const FLUSH_MS = 1000;
const WARN_EVERY_MS = 60_000;

/** Per hash field: the amount to add, and whether it needs HINCRBYFLOAT (summary sums) rather than HINCRBY. */
type Pending = Map<string, { by: number; float: boolean }>;

/**
 * Cluster-wide counters in one Redis hash, `${prefix}:metrics`, one field per
 * series: every ingest and worker process adds to the same totals, so the
 * /metrics of any one process shows the whole gateway.
 *
 * Counting only touches a Map; a timer flushes the map with one pipelined
 * round trip at most once a second, so the hot path never waits on Redis. A
 * failed flush puts its increments back. If Redis applied a pipeline but the
 * reply was lost, that batch is counted twice: acceptable for metrics, and
 * better than losing counts on every blip.
 */
export function redisMetrics(redis: RedisClient, prefix: string, log: Pick<Logger, 'warn'>, opts: { flushMs?: number } = {}): RedisMetrics {
  const key = `${prefix}:metrics`;
  const batch = new Batcher(redis, key, log, opts.flushMs ?? FLUSH_MS);
  return {
    count(name, labels, by = 1) {
      try {
        // Counters only go up by whole events; HINCRBY would also refuse a fraction.
        if (!Number.isSafeInteger(by) || by <= 0 || !(name in COUNTERS)) return;
        batch.add(seriesField(name, labels), by, false);
      } catch {
        // A label object with a throwing getter must not fail the mail being counted.
      }
    },
    observe(name, value, labels) {
      try {
        if (!Number.isFinite(value) || !(name in SUMMARIES)) return;
        // Clock skew between the mail server and us can make a lag negative; a sum must not go down.
        batch.add(seriesField(`${name}_sum`, labels), Math.max(0, value), true);
        batch.add(seriesField(`${name}_count`, labels), 1, false);
      } catch {
        // As in count.
      }
    },
    flush: () => batch.flush(),
    async snapshot() {
      await batch.flush();
      return parseHash(await redis.hgetall(key));
    },
    close: () => batch.close(),
  };
}

/** The in-memory increments and the timer that writes them. */
class Batcher {
  private pending: Pending = new Map();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private lastWarnAt = 0;

  constructor(private readonly redis: RedisClient, private readonly key: string, private readonly log: Pick<Logger, 'warn'>, private readonly flushMs: number) {}

  add(field: string, by: number, float: boolean): void {
    if (this.closed) return;
    this.merge([[field, { by, float }]]);
    this.schedule();
  }

  flush(): Promise<void> {
    if (this.running) return this.running.then(() => this.flush());
    if (this.pending.size === 0) return Promise.resolve();
    this.running = this.flushOnce().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private schedule(): void {
    if (this.timer || this.closed || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A flush still waiting on Redis reschedules when it ends; no second one piles up behind it.
      if (!this.running) void this.flush();
    }, this.flushMs);
    // Counting must never keep a process alive that is otherwise done.
    this.timer.unref();
  }

  private async flushOnce(): Promise<void> {
    const batch = [...this.pending];
    this.pending = new Map();
    const failed = await writeBatch(this.redis, this.key, batch).catch((err: unknown) => ({ err, entries: batch }));
    if (!failed) return;
    this.merge(failed.entries);
    this.warn(failed.err);
  }

  private merge(entries: Array<[string, { by: number; float: boolean }]>): void {
    for (const [field, { by, float }] of entries) {
      const entry = this.pending.get(field);
      if (entry) entry.by += by;
      else this.pending.set(field, { by, float });
    }
  }

  private warn(err: unknown): void {
    if (Date.now() - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = Date.now();
    const error = err instanceof Error ? err.message : String(err);
    this.log.warn({ error, key: this.key, pendingSeries: this.pending.size }, 'metrics flush failed; counts kept for the next try');
  }
}

/** One pipelined round trip; resolves to the entries Redis refused (with the first error), or undefined when all went in. */
async function writeBatch(redis: RedisClient, key: string, batch: Array<[string, { by: number; float: boolean }]>) {
  if (batch.length === 0) return undefined;
  const pipe = redis.pipeline();
  for (const [field, { by, float }] of batch) {
    if (float) pipe.hincrbyfloat(key, field, by);
    else pipe.hincrby(key, field, by);
  }
  const results = await pipe.exec();
  if (!results) throw new Error('metrics pipeline was discarded');
  const entries = batch.filter((_, i) => results[i]?.[0]);
  return entries.length === 0 ? undefined : { err: results.find((r) => r[0])?.[0], entries };
}

/** The hash field of a series: JSON of the name and the labels sorted by name, so one series is always one field. */
export function seriesField(name: string, labels?: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => [k, String(v)] as const);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([name, pairs]);
}

const KNOWN = new Set<string>([...Object.keys(COUNTERS), ...Object.keys(SUMMARIES).flatMap((n) => [`${n}_sum`, `${n}_count`])]);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The hash back as series. Fields this version does not know (another
 * version during a rolling upgrade, or anything malformed) are skipped rather
 * than failing the scrape.
 */
export function parseHash(hash: Record<string, string>): MetricSeries[] {
  const out: MetricSeries[] = [];
  for (const [field, raw] of Object.entries(hash)) {
    const series = parseField(field);
    const value = Number(raw);
    if (series && Number.isFinite(value)) out.push({ ...series, value });
  }
  return out;
}

function parseField(field: string): Omit<MetricSeries, 'value'> | undefined {
  try {
    const parsed: unknown = JSON.parse(field);
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || !KNOWN.has(parsed[0]) || !Array.isArray(parsed[1])) return undefined;
    const labels: Record<string, string> = {};
    for (const pair of parsed[1] as unknown[]) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string' || !LABEL_NAME.test(pair[0])) return undefined;
      labels[pair[0]] = pair[1];
    }
    return { name: parsed[0], labels };
  } catch {
    return undefined;
  }
}
