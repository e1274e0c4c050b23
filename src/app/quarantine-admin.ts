import type { Clock, JobQueues, Logger, QuarantineEntry, QuarantineFilter, QuarantineRepo, RawMailRepo, RawMailState, RawStatus } from './ports';

/**
 * What an operator does with mail the gateway set aside: list it, send it
 * through intake again (`retry`: the screens run again, so an auto-reply ends
 * quarantined again), or release it as a false positive (`release`: the
 * screens are skipped; the size limit and parsing still apply).
 */
export interface QuarantineAdminDeps {
  rawMails: Pick<RawMailRepo, 'getStates' | 'reopenQuarantined'>;
  quarantine: Pick<QuarantineRepo, 'list' | 'recordRetry'>;
  queues: Pick<JobQueues, 'intake' | 'forgetEndedIntake' | 'refile'>;
  clock: Clock;
  log: Logger;
}

/** Enough for a screen of output; FerretDB scans the collection for any filter, so the list is always capped. */
export const DEFAULT_LIST_LIMIT = 50;

/** A quarantine entry with where its mail stands now. */
export interface QuarantineRow extends QuarantineEntry {
  /** `quarantined`, or `stored`/`done` after a retry or release; `missing` when the raw mail is gone. */
  status: RawStatus | 'missing';
  /** The outcome's reason while quarantined: after a retry it can differ from the entry's first reason. */
  outcome?: string;
}

export type RetryResult =
  | { id: string; result: 'retried' | 'released' }
  | { id: string; result: 'not-quarantined'; status: RawStatus }
  | { id: string; result: 'unknown' }
  | { id: string; result: 'error'; error: string };

export interface RetryOptions {
  /** Skip the screens: the operator judged the mail a person's. */
  release: boolean;
  by: string;
  note?: string;
}

/** Quarantine entries, newest first, with their mails' current status. */
export function listQuarantine(deps: QuarantineAdminDeps) {
  return async (filter: QuarantineFilter): Promise<QuarantineRow[]> => {
    const entries = await deps.quarantine.list({ ...filter, limit: filter.limit ?? DEFAULT_LIST_LIMIT });
    return withStates(deps, entries);
  };
}

/** The mails still quarantined for this reason, newest first: what `retry --reason` acts on. */
export function quarantinedFor(deps: QuarantineAdminDeps) {
  return async (reason: string): Promise<QuarantineRow[]> => {
    const rows = await withStates(deps, await deps.quarantine.list({ reason }));
    return rows.filter((r) => r.status === 'quarantined');
  };
}

async function withStates(deps: QuarantineAdminDeps, entries: QuarantineEntry[]): Promise<QuarantineRow[]> {
  const states = await deps.rawMails.getStates(entries.map((e) => e.rawMailId));
  return entries.map((e) => {
    const state = states.get(e.rawMailId);
    const outcome = state?.status === 'quarantined' && state.outcome?.kind === 'quarantine' ? state.outcome.reason : undefined;
    return { ...e, status: state?.status ?? 'missing', ...(outcome ? { outcome } : {}) };
  });
}

/**
 * Sends each quarantined mail through intake again, one at a time so one
 * failure leaves the others done; every id gets a result, in input order.
 */
export function retryQuarantined(deps: QuarantineAdminDeps) {
  return async (ids: string[], opts: RetryOptions): Promise<RetryResult[]> => {
    const unique = [...new Set(ids)];
    const states = await deps.rawMails.getStates(unique);
    const results: RetryResult[] = [];
    for (const id of unique) {
      results.push(await retryOne(deps, id, states.get(id), opts).catch((err: Error): RetryResult => ({ id, result: 'error', error: err.message })));
    }
    return results;
  };
}

async function retryOne(deps: QuarantineAdminDeps, id: string, state: RawMailState | undefined, opts: RetryOptions): Promise<RetryResult> {
  if (!state) return { id, result: 'unknown' };
  if (state.status !== 'quarantined') return { id, result: 'not-quarantined', status: state.status };
  const at = deps.clock.now();
  const action = opts.release ? 'release' : 'retry';
  // The ended job goes before the mail reopens: the recovery sweep, finding a
  // reopened mail whose job failed, would take it as given up and quarantine it again.
  await deps.queues.forgetEndedIntake([id]);
  if (!(await deps.rawMails.reopenQuarantined(id, opts.release ? { at, by: opts.by } : undefined))) return stillNotQuarantined(deps, id);
  await deps.quarantine.recordRetry(id, { at, by: opts.by, action, ...(opts.note ? { note: opts.note } : {}) });
  await deps.queues.intake([id]);
  // Its IMAP copy follows the outcome: back to Processed once handled, or left in Quarantine if set aside again.
  await deps.queues.refile([id]);
  deps.log.info({ rawMailId: id, action, by: opts.by, previous: state.outcome?.kind === 'quarantine' ? state.outcome.reason : undefined }, 'quarantined mail sent through intake again');
  return { id, result: opts.release ? 'released' : 'retried' };
}

/** Someone else reopened it between the read and the write: report where it stands now. */
async function stillNotQuarantined(deps: QuarantineAdminDeps, id: string): Promise<RetryResult> {
  const now = (await deps.rawMails.getStates([id])).get(id);
  return now ? { id, result: 'not-quarantined', status: now.status } : { id, result: 'unknown' };
}

export const retryFailed = (r: RetryResult) => r.result !== 'retried' && r.result !== 'released';

export function formatRetryResult(r: RetryResult): string {
  if (r.result === 'not-quarantined') return `${r.id}: not quarantined (status ${r.status})`;
  if (r.result === 'unknown') return `${r.id}: unknown id`;
  if (r.result === 'error') return `${r.id}: failed: ${r.error}`;
  return `${r.id}: ${r.result}`;
}
