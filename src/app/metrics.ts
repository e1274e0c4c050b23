/**
 * The metrics port: what use cases and adapters count. No I/O here; the Redis
 * adapter (workers/redis-metrics) batches the counts, the ops server
 * (web/ops-server) renders them.
 *
 * The list of names is closed so that a typo is a compile error rather than a
 * new time series nobody watches, and label values must come from closed sets
 * (mailbox addresses of the config, priorities, kinds): never put a ticket
 * number, a sender or a subject in a label, every value is a series for ever.
 */

interface MetricSpec {
  readonly help: string;
  readonly labels: readonly string[];
}

/** Counters: Prometheus names end in `_total`. */
export const COUNTERS = {
  mails_ingested_total: { help: 'Mails taken from a support mailbox and stored for intake.', labels: ['mailbox'] },
  mails_quarantined_total: { help: 'Mails set aside instead of becoming tickets, by reason.', labels: ['reason'] },
  tickets_opened_total: { help: 'Tickets opened, by priority.', labels: ['priority'] },
  outbound_sent_total: { help: 'Mails handed to the SMTP relay, by kind.', labels: ['kind'] },
  outbound_failed_total: { help: 'Mails the relay did not take, by kind; permanent="yes" when it refused for good.', labels: ['kind', 'permanent'] },
  sla_breaches_total: { help: 'SLA targets missed, by kind (first-response or resolution) and priority.', labels: ['kind', 'priority'] },
  escalations_total: { help: 'Tickets moved up a tier, by the tier reached.', labels: ['tier'] },
  jobs_failed_total: { help: 'Job attempts that threw, by queue (retried or not).', labels: ['queue'] },
} as const satisfies Record<string, MetricSpec>;

/** Summaries without quantiles: a `_sum` and a `_count` series each, so a rate of one over the other is the mean. */
export const SUMMARIES = {
  ingest_lag_seconds: { help: 'Seconds from a mail reaching the mailbox to its being stored by the gateway.', labels: ['mailbox'] },
} as const satisfies Record<string, MetricSpec>;

export type CounterName = keyof typeof COUNTERS;
export type SummaryName = keyof typeof SUMMARIES;

/** The label set of a metric, keyed by exactly the names the table gives it. */
export type CounterLabels<N extends CounterName> = { readonly [K in (typeof COUNTERS)[N]['labels'][number]]: string };
export type SummaryLabels<N extends SummaryName> = { readonly [K in (typeof SUMMARIES)[N]['labels'][number]]: string };

export interface Metrics {
  /** Adds `by` (a whole number, default 1). Never throws, never waits: counting must not slow or fail the work counted. */
  count<N extends CounterName>(name: N, labels?: CounterLabels<N>, by?: number): void;
  /** Adds one observation (a finite value, e.g. seconds) to a summary. Never throws, never waits. */
  observe<N extends SummaryName>(name: N, value: number, labels?: SummaryLabels<N>): void;
}

/** Counts nothing: for tests and in-memory runs. */
export const noMetrics: Metrics = {
  count() {},
  observe() {},
};

/** One stored series: a counter, or the `_sum` / `_count` half of a summary. */
export interface MetricSeries {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Where the ops server reads the cluster-wide totals from. */
export interface MetricsSource {
  snapshot(): Promise<MetricSeries[]>;
}
