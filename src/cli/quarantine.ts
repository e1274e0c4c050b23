import type { Command } from 'commander';
import { createApp } from '../composition';
import {
  DEFAULT_LIST_LIMIT, formatRetryResult, listQuarantine, quarantinedFor, retryFailed, retryQuarantined,
  type QuarantineAdminDeps, type QuarantineRow, type RetryResult,
} from '../app/quarantine-admin';
import type { RawMailState } from '../app/ports';
import type { IntakeOutcome } from '../domain/types';
import { createLogger } from '../log';
import { loadConfigOrExit } from './load-config';

interface ListOptions {
  reason?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

interface ActOptions {
  reason?: string;
  all?: boolean;
  by: string;
  note?: string;
  wait?: string;
  json?: boolean;
}

/** `ticketgate quarantine list|retry|release`: an operator's view of the mail set aside, and the way back into intake. */
export function registerQuarantine(program: Command): void {
  const quarantine = program.command('quarantine').description('list mail set aside (auto-replies, bounces, failures...) and send it through intake again');
  quarantine
    .command('list')
    .description('quarantined mail, newest first')
    .option('--reason <reason>', 'only this reason (auto-reply, bounce, too-large, unparseable, processing-failed, loop, ...)')
    .option('--since <date>', 'only mail set aside at or after this ISO date')
    .option('--limit <n>', 'at most n entries', String(DEFAULT_LIST_LIMIT))
    .option('--json', 'one JSON object per entry')
    .action((opts: ListOptions) => runList(program, opts));
  quarantine
    .command('retry')
    .description('run intake again for quarantined mails (the screens run again: an auto-reply ends quarantined again)')
    .argument('[rawMailIds...]', 'raw mail ids, as `quarantine list` shows them')
    .option('--reason <reason>', 'every mail still quarantined for this reason (with --all)')
    .option('--all', 'confirm --reason: act on all of them, not just show them')
    .option('--by <name>', 'who asks, recorded on the quarantine entry', 'cli')
    .option('--note <text>', 'why, recorded on the quarantine entry')
    .option('--wait <seconds>', 'wait this long for the new outcomes (needs running workers)')
    .option('--json', 'one JSON object per mail')
    .action((ids: string[], opts: ActOptions) => runAct(program, ids, opts, false));
  quarantine
    .command('release')
    .description('process quarantined mails as a customer\'s (a false positive): the screens are skipped, the size limit and parsing still apply')
    .argument('<rawMailIds...>', 'raw mail ids, as `quarantine list` shows them')
    .option('--by <name>', 'who asks, recorded on the raw mail and the quarantine entry', 'cli')
    .option('--note <text>', 'why, recorded on the quarantine entry')
    .option('--wait <seconds>', 'wait this long for the new outcomes (needs running workers)')
    .option('--json', 'one JSON object per mail')
    .action((ids: string[], opts: ActOptions) => runAct(program, ids, opts, true));
}

async function runList(program: Command, opts: ListOptions) {
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) program.error('--limit must be a whole number from 1 to 10000');
  const since = opts.since ? new Date(opts.since) : undefined;
  if (since && Number.isNaN(since.getTime())) program.error(`--since must be an ISO date such as 2026-11-23 or 2026-11-23T10:00Z, not ${opts.since}`);
  await withAdmin(async (deps) => {
    const rows = await listQuarantine(deps)({ reason: opts.reason, since, limit });
    if (opts.json) for (const row of rows) out(JSON.stringify(row));
    else out(formatTable(rows));
  });
}

async function runAct(program: Command, ids: string[], opts: ActOptions, release: boolean) {
  if (opts.reason && ids.length > 0) program.error('give raw mail ids or --reason, not both');
  if (!opts.reason && ids.length === 0) program.error('give raw mail ids, or --reason <reason> --all');
  if (opts.all && !opts.reason) program.error('--all goes with --reason: say which reason');
  const waitMs = opts.wait === undefined ? 0 : Number(opts.wait) * 1000;
  if (!Number.isFinite(waitMs) || waitMs < 0) program.error('--wait must be a number of seconds');
  await withAdmin(async (deps) => {
    const selected = opts.reason ? await quarantinedFor(deps)(opts.reason) : undefined;
    if (selected && !opts.all) return preview(opts.reason!, selected);
    const results = await retryQuarantined(deps)(selected?.map((r) => r.rawMailId) ?? ids, { release, by: opts.by, note: opts.note });
    const outcomes = waitMs > 0 ? await waitForOutcomes(deps, results, waitMs) : new Map<string, RawMailState>();
    for (const r of results) out(opts.json ? JSON.stringify({ ...r, outcome: outcomes.get(r.id)?.outcome }) : withOutcome(r, outcomes.get(r.id)));
    if (selected && selected.length === 0) out(`no mail is quarantined for ${opts.reason}`);
    if (results.some(retryFailed)) process.exitCode = 1;
  });
}

/** `--reason` without `--all` shows what it would retry: a bulk action needs an explicit yes. */
function preview(reason: string, rows: QuarantineRow[]) {
  if (rows.length > 0) out(formatTable(rows));
  process.stderr.write(`${rows.length} mail(s) quarantined for ${reason}: add --all to retry ${rows.length === 1 ? 'it' : 'them all'}\n`);
  process.exitCode = rows.length > 0 ? 1 : 0;
}

/**
 * The use cases over the stored repos and this desk's queues: the jobs this
 * command queues are picked up by the workers of any running process.
 */
async function withAdmin(work: (deps: QuarantineAdminDeps) => Promise<void>): Promise<void> {
  const { env, desk } = loadConfigOrExit();
  // Logs go to stderr: stdout is the command's output (and JSON with --json).
  const log = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, { role: 'quarantine' }, process.stderr);
  const app = await createApp(env, desk, log, process.env);
  try {
    await work({ rawMails: app.repos.rawMails, quarantine: app.repos.quarantine, queues: app.queues, clock: { now: () => new Date() }, log });
  } finally {
    await app.stop();
  }
}

/** Polls the mails sent through intake until each has an outcome or the time is up. */
async function waitForOutcomes(deps: QuarantineAdminDeps, results: RetryResult[], ms: number): Promise<Map<string, RawMailState>> {
  const ids = results.filter((r) => !retryFailed(r)).map((r) => r.id);
  const deadline = Date.now() + ms;
  for (;;) {
    const states = await deps.rawMails.getStates(ids);
    if (ids.every((id) => states.get(id)?.outcome) || Date.now() > deadline) return states;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function withOutcome(r: RetryResult, state: RawMailState | undefined): string {
  const line = formatRetryResult(r);
  if (retryFailed(r) || !state) return line;
  return state.outcome ? `${line} -> ${describeOutcome(state.outcome)}` : `${line} -> no outcome yet (are the workers running?)`;
}

function describeOutcome(o: IntakeOutcome): string {
  if (o.kind === 'ticket') return `ticket ${o.ticketNumbers.join(', ')}`;
  if (o.kind === 'reply') return `${o.role} reply on ${o.ticketNumbers.join(', ') || 'no ticket'}`;
  return `quarantined again: ${o.reason}`;
}

const COLUMNS = ['RAW MAIL ID', 'WHEN (UTC)', 'REASON', 'FROM', 'SUBJECT', 'SIZE', 'STATUS', 'RETRIED'];

function formatTable(rows: QuarantineRow[]): string {
  if (rows.length === 0) return 'no quarantined mail matches';
  const cells = rows.map((r) => [
    r.rawMailId, r.at.toISOString().slice(0, 16).replace('T', ' '), r.reason, cut(r.from ?? '-', 32), cut(oneLine(r.subject ?? '-'), 40), size(r.size), r.status, history(r),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  return [COLUMNS, ...cells].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Whether an operator acted on it before: released (by whom), or retried n times. */
function history(r: QuarantineRow): string {
  if (r.releasedAt) return `released by ${r.releasedBy ?? '?'}`;
  const n = r.retries?.length ?? 0;
  return n === 0 ? 'no' : `${n}x, last ${new Date(r.retries![n - 1].at).toISOString().slice(0, 10)}`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const out = (line: string) => void process.stdout.write(`${line}\n`);
