import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, pathOf, send } from './listen';
import { escapeHtml } from './rating-pages';
import type { Queue } from 'bullmq';
import { COUNTERS, SUMMARIES, type MetricSeries, type MetricsSource } from '../app/metrics';
import type { Logger } from '../app/ports';
import { PROMETHEUS_CONTENT_TYPE, renderMetrics, type CounterFamily, type GaugeFamily, type Sample } from './prometheus';

/**
 * The operators' end of a process (ingest or worker alike).
 *
 *   GET  /metrics                          Prometheus text: the cluster-wide counters, queue depths, process gauges
 *   GET  /healthz                          200 ok while the event loop turns (liveness)
 *   GET  /readyz                           200 when every readiness probe passes, else 503 naming the failing ones
 *   GET  /queues                           queue dashboard: counts and the latest failed jobs (Basic auth)
 *   POST /queues/:queue/:jobId/retry       retries one failed job (Basic auth, same origin)
 *
 * /metrics, /healthz and /readyz have no authentication, and /metrics shows
 * mailbox addresses and volumes: bind to loopback or a private network that
 * only the scraper and the orchestrator reach; never expose this port
 * publicly. The dashboard is off (404) unless credentials are configured.
 *
 * The counters live in one Redis hash shared by all processes, so every
 * process serves the same totals: scrape one of them, or aggregate with
 * max (not sum) across instances.
 */

export interface ReadinessProbe {
  name: string;
  /** Resolves when the dependency answers; rejects (or takes over PROBE_TIMEOUT_MS) when not. */
  check(): Promise<void>;
}

export interface OpsServerDeps {
  /** What this process runs ('ingest', 'worker', ...): the label of ticketgate_up. */
  role: string;
  metrics: MetricsSource;
  /** The BullMQ queues to count and show, e.g. createQueues(...).queues. */
  queues: Readonly<Record<string, Queue>>;
  probes: readonly ReadinessProbe[];
  /** Credentials of the queue dashboard; without them (or with an empty one) it answers 404. */
  dashboard?: { user: string; password: string };
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export const PROBE_TIMEOUT_MS = 2000;
/** Below Prometheus' default scrape timeout (10 s): a hung Redis gives a partial page rather than a failed scrape. */
const SCRAPE_TIMEOUT_MS = 5000;
const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
const FAILED_SHOWN = 20;
const RETRY_PATH = /^\/queues\/([^/]+)\/([^/]+)\/retry$/;

interface Exchange {
  deps: OpsServerDeps;
  queues: Map<string, Queue>;
  req: IncomingMessage;
  res: ServerResponse;
}

export function startOpsServer(deps: OpsServerDeps, opts: { port: number; host?: string }): Promise<{ port: number; close(): Promise<void> }> {
  const queues = new Map(Object.values(deps.queues).map((q) => [q.name, q]));
  const server = createServer((req, res) => {
    // No route reads a body: discard it so that an early answer does not reset the connection.
    req.resume();
    handle({ deps, queues, req, res }).catch(() => res.destroy());
  });
  return listen(server, opts.port, opts.host ?? '127.0.0.1');
}

async function handle(ex: Exchange): Promise<void> {
  try {
    await route(ex);
  } catch (err) {
    ex.deps.log.error({ error: messageOf(err), method: ex.req.method, path: pathOf(ex.req.url) }, 'ops request failed');
    if (!ex.res.headersSent) sendText(ex.res, 500, 'internal error');
    else ex.res.destroy();
  }
}

async function route(ex: Exchange): Promise<void> {
  const path = pathOf(ex.req.url);
  const readOnly = ex.req.method === 'GET' || ex.req.method === 'HEAD';
  const known = path === '/healthz' || path === '/readyz' || path === '/metrics';
  if (known && !readOnly) return sendText(ex.res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  if (path === '/healthz') return sendText(ex.res, 200, 'ok');
  if (path === '/readyz') return ready(ex);
  if (path === '/metrics') return send(ex.res, 200, await scrape(ex), { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
  if (path === '/queues' || path.startsWith('/queues/')) return dashboard(ex, path, readOnly);
  sendText(ex.res, 404, 'not found');
}

// ---- readiness ----

async function ready(ex: Exchange): Promise<void> {
  const results = await Promise.all(ex.deps.probes.map(async (probe) => {
    try {
      await withTimeout(Promise.resolve().then(() => probe.check()), PROBE_TIMEOUT_MS);
      return { name: probe.name, ok: true as const };
    } catch (err) {
      // The detail goes to the log only: errors can name hosts, and this endpoint has no authentication.
      ex.deps.log.warn({ probe: probe.name, error: messageOf(err) }, 'readiness probe failed');
      return { name: probe.name, ok: false as const, error: err instanceof TimeoutError ? 'timed out' : 'failed' };
    }
  }));
  const failing = results.filter((r) => !r.ok).map(({ name, error }) => ({ name, error }));
  const body = failing.length === 0 ? { status: 'ready', probes: results.map((r) => r.name) } : { status: 'not ready', failing };
  send(ex.res, failing.length === 0 ? 200 : 503, JSON.stringify(body), { 'Content-Type': 'application/json' });
}

// ---- metrics ----

/** Each source on its own: Redis down still yields the process gauges, and a gauge saying which source failed. */
async function scrape(ex: Exchange): Promise<string> {
  const [series, depths] = await Promise.allSettled([withTimeout(ex.deps.metrics.snapshot(), SCRAPE_TIMEOUT_MS), withTimeout(queueCounts(ex.queues), SCRAPE_TIMEOUT_MS)]);
  const sources = { counters: series, queues: depths };
  for (const [source, result] of Object.entries(sources)) {
    if (result.status === 'rejected') ex.deps.log.warn({ source, error: messageOf(result.reason) }, 'metrics source failed');
  }
  const gauges = processGauges(ex.deps.role);
  if (depths.status === 'fulfilled') gauges.unshift(queueGauge(depths.value));
  gauges.push({
    name: 'ticketgate_scrape_source_ok',
    help: 'Whether this scrape could read the source (1) or not (0).',
    samples: Object.entries(sources).map(([source, r]) => ({ labels: { source }, value: r.status === 'fulfilled' ? 1 : 0 })),
  });
  return renderMetrics(series.status === 'fulfilled' ? cumulativeFamilies(series.value) : [], gauges);
}

/** The table of app/metrics decides names, help and order; families without samples yet are left out. */
function cumulativeFamilies(series: MetricSeries[]): CounterFamily[] {
  const pick = (name: string, suffix?: Sample['suffix']) => series.filter((s) => s.name === name).map((s) => ({ labels: s.labels, value: s.value, suffix }));
  const counters = Object.entries(COUNTERS).map(([name, spec]): CounterFamily => ({ name, help: spec.help, samples: sortSamples(pick(name)) }));
  const summaries = Object.entries(SUMMARIES).map(([name, spec]): CounterFamily => ({
    name,
    help: spec.help,
    type: 'summary',
    samples: sortSamples([...pick(`${name}_sum`, '_sum'), ...pick(`${name}_count`, '_count')]),
  }));
  return [...counters, ...summaries].filter((f) => f.samples.length > 0);
}

/** By label set, and within one set a summary's _sum before its _count, as client libraries write them. */
function sortSamples(samples: Sample[]): Sample[] {
  const key = (s: Sample) => JSON.stringify(Object.entries(s.labels ?? {}).sort()) + (s.suffix === '_count' ? '\u0001' : '\u0000');
  return samples.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

type QueueCounts = Array<{ queue: string; counts: Record<string, number> }>;

function queueCounts(queues: Map<string, Queue>): Promise<QueueCounts> {
  return Promise.all([...queues].map(async ([queue, q]) => ({ queue, counts: await q.getJobCounts(...JOB_STATES) })));
}

function queueGauge(counts: QueueCounts): GaugeFamily {
  const samples = counts.flatMap(({ queue, counts: c }) => JOB_STATES.map((state) => ({ labels: { queue, state }, value: Number(c[state]) || 0 })));
  return { name: 'queue_jobs', help: 'Jobs in each BullMQ queue by state, read at scrape time.', samples };
}

function processGauges(role: string): GaugeFamily[] {
  return [
    { name: 'ticketgate_up', help: 'Always 1 while this process answers; the label names its role.', samples: [{ labels: { role }, value: 1 }] },
    { name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes.', samples: [{ value: process.memoryUsage.rss() }] },
    { name: 'process_start_time_seconds', help: 'Start time of the process since unix epoch in seconds.', samples: [{ value: Math.round(performance.timeOrigin) / 1000 }] },
  ];
}

// ---- queue dashboard ----

async function dashboard(ex: Exchange, path: string, readOnly: boolean): Promise<void> {
  const creds = ex.deps.dashboard;
  // Empty credentials would let anyone in with an empty header: treat them as no dashboard.
  if (!creds?.user || !creds.password) return sendText(ex.res, 404, 'not found');
  // Authentication before anything else, so that strangers cannot probe which queues or jobs exist.
  if (!authorized(ex.req, creds)) return sendText(ex.res, 401, 'authentication required', { 'WWW-Authenticate': 'Basic realm="ticketgate"' });
  if (path === '/queues') return readOnly ? showQueues(ex) : sendText(ex.res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
  const m = RETRY_PATH.exec(path);
  if (!m) return sendText(ex.res, 404, 'not found');
  if (ex.req.method !== 'POST') return sendText(ex.res, 405, 'method not allowed', { Allow: 'POST' });
  // Browsers resend Basic credentials on any request to this origin, forms of other sites included.
  if (!sameOrigin(ex.req)) return sendText(ex.res, 403, 'cross-origin request refused');
  return retry(ex, decode(m[1]), decode(m[2]));
}

/** RFC 7617. Both parts are compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit. */
function authorized(req: IncomingMessage, creds: { user: string; password: string }): boolean {
  const m = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = safeEqual(decoded.slice(0, colon), creds.user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), creds.password);
  return userOk && passwordOk;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const safeEqual = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));

/** No Origin (curl, old clients) passes; any Origin must name this very host ("null" never does). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === new URL(`http://${req.headers.host ?? ''}`).host;
  } catch {
    return false;
  }
}

async function showQueues(ex: Exchange): Promise<void> {
  const [counts, failed] = await Promise.all([queueCounts(ex.queues), latestFailed(ex.queues)]);
  sendHtml(ex.res, 200, (nonce) => renderDashboard(counts, failed, nonce));
}

interface FailedRow {
  queue: string;
  id: string;
  attempts: number;
  reason: string;
  finishedOn: number;
}

/** The newest failures across all queues: each queue's newest FAILED_SHOWN, merged. */
async function latestFailed(queues: Map<string, Queue>): Promise<FailedRow[]> {
  const perQueue = await Promise.all([...queues].map(async ([queue, q]) => {
    const jobs = await q.getFailed(0, FAILED_SHOWN - 1);
    return jobs.map((j) => ({ queue, id: String(j.id), attempts: j.attemptsMade, reason: (j.failedReason ?? '').slice(0, 500), finishedOn: j.finishedOn ?? 0 }));
  }));
  return perQueue.flat().sort((a, b) => b.finishedOn - a.finishedOn).slice(0, FAILED_SHOWN);
}

async function retry(ex: Exchange, queueName: string | undefined, jobId: string | undefined): Promise<void> {
  const queue = queueName === undefined ? undefined : ex.queues.get(queueName);
  const job = queue && jobId !== undefined ? await queue.getJob(jobId) : undefined;
  if (!job) return sendText(ex.res, 404, 'no such job');
  const state = await job.getState();
  if (state !== 'failed') return sendText(ex.res, 409, `job is ${state}, not failed`);
  await job.retry('failed');
  ex.deps.log.info({ queue: queueName, jobId }, 'failed job retried from the dashboard');
  // Relative, so that it also works behind a proxy that mounts this server under a path.
  send(ex.res, 303, 'retried', { 'Content-Type': 'text/plain; charset=utf-8', Location: '../../../queues' });
}

function renderDashboard(counts: QueueCounts, failed: FailedRow[], nonce: string): string {
  const head = `<tr><th>queue</th>${JOB_STATES.map((s) => `<th>${s}</th>`).join('')}</tr>`;
  const countRows = counts.map(({ queue, counts: c }) => `<tr><th scope="row">${escapeHtml(queue)}</th>${JOB_STATES.map((s) => `<td>${Number(c[s]) || 0}</td>`).join('')}</tr>`).join('\n');
  const failedRows = failed.map(renderFailedRow).join('\n') || '<tr><td colspan="6">No failed jobs.</td></tr>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ticketgate queues</title>
<style nonce="${nonce}">body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}td.reason{max-width:40em;white-space:pre-wrap;word-break:break-word}</style>
</head><body>
<h1>Queues</h1>
<table><thead>${head}</thead><tbody>
${countRows}
</tbody></table>
<h2>Latest failed jobs</h2>
<table><thead><tr><th>queue</th><th>job</th><th>attempts</th><th>reason</th><th>failed at</th><th></th></tr></thead><tbody>
${failedRows}
</tbody></table>
</body></html>
`;
}

function renderFailedRow(row: FailedRow): string {
  // Relative to /queues, so that it also works behind a proxy that mounts this server under a path.
  const action = `queues/${encodeURIComponent(row.queue)}/${encodeURIComponent(row.id)}/retry`;
  const at = row.finishedOn ? new Date(row.finishedOn).toISOString() : '';
  return `<tr><td>${escapeHtml(row.queue)}</td><td>${escapeHtml(row.id)}</td><td>${row.attempts}</td><td class="reason">${escapeHtml(row.reason)}</td><td>${at}</td>`
    + `<td><form method="post" action="${escapeHtml(action)}"><button type="submit">Retry</button></form></td></tr>`;
}

// ---- plumbing ----

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sendHtml(res: ServerResponse, status: number, render: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
  send(res, status, render(nonce), { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  send(res, status, text, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
}

/** A malformed escape names no queue or job. */
function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
