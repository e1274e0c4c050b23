import type { ProblemCandidate, TicketRecord } from '../app/ports';
import type { Category, TicketStatus } from '../domain/types';

const OPEN: ReadonlySet<TicketStatus> = new Set(['new', 'open', 'pending']);

interface Window {
  loadedAt: number;
  rows: Map<string, ProblemCandidate>;
}

export type LoadCandidates = (category: Category | undefined, since: Date, limit: number) => Promise<ProblemCandidate[]>;

/**
 * Recent open tickets per category, the candidates problem matching compares
 * a new ticket with. FerretDB v1 answers the query behind it only by reading
 * the whole tickets collection, once per new ticket: too slow for a backlog.
 * So each process reads it at most every `refreshMs` and keeps, between
 * reads, the tickets it creates and changes itself. Another process's
 * tickets of the last `refreshMs` may be missed by one match; they are found
 * on the next.
 */
export function createCandidateWindow(load: LoadCandidates, refreshMs = 60_000, now: () => number = Date.now) {
  const windows = new Map<string, Window>();
  const keyOf = (category: Category | undefined) => category ?? '';

  const loading = new Map<string, Promise<Window>>();

  /** One read per category at a time: concurrent intakes share the read in flight instead of each scanning the tickets. */
  function refresh(category: Category | undefined, since: Date, limit: number): Promise<Window> {
    const key = keyOf(category);
    const inFlight = loading.get(key);
    if (inFlight) return inFlight;
    const read = (async () => {
      const loadedAt = now();
      const rows = await load(category, since, limit);
      const fresh: Window = { loadedAt, rows: new Map(rows.map((r) => [r.ticketId, r])) };
      // Tickets this process added while the read ran stay in the window.
      for (const [id, r] of windows.get(key)?.rows ?? []) if (!fresh.rows.has(id) && r.createdAt >= since) fresh.rows.set(id, r);
      windows.set(key, fresh);
      return fresh;
    })().finally(() => loading.delete(key));
    loading.set(key, read);
    return read;
  }

  async function list(category: Category | undefined, since: Date, limit: number): Promise<ProblemCandidate[]> {
    const current = windows.get(keyOf(category));
    const w = current && now() - current.loadedAt <= refreshMs ? current : await refresh(category, since, limit);
    return [...w.rows.values()]
      .filter((r) => r.createdAt >= since)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit);
  }

  /** Keeps the window in step with a ticket this process created or changed. */
  function saw(t: TicketRecord) {
    const w = windows.get(keyOf(t.category));
    for (const other of windows.values()) if (other !== w) other.rows.delete(t.id);
    if (!w) return;
    if (!OPEN.has(t.status)) {
      w.rows.delete(t.id);
      return;
    }
    w.rows.set(t.id, { ticketId: t.id, number: t.number, subject: t.subject, requester: t.requester.address, category: t.category, createdAt: t.createdAt, terms: t.terms ?? [], problemId: t.problemId });
  }

  return { list, saw };
}
