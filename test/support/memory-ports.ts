import type {
  ContactRepo, HistoryRepo, JobQueues, MessageRepo, NewMessage, OutboxRecord, OutboxRepo, QuarantineEntry, QuarantineRepo,
  KnowledgeEntry, KnowledgeRepo, ProblemRecord, ProblemRepo, RawMailRecord, RawMailRepo, TicketChanges, TicketEvent, TicketRecord, TicketRepo, TimedJob,
} from '../../src/app/ports';
import { formatTicketNumber } from '../../src/domain/ticket-number';

/**
 * In-memory implementations of the use cases' ports, for fast unit tests of
 * the use cases themselves (the mongoose adapters are tested on a real server).
 * Each keeps the same uniqueness rules as its adapter.
 */
export function memoryPorts() {
  let seq = 0;
  const id = () => (++seq).toString(16).padStart(24, '0');
  const raws = new Map<string, RawMailRecord>();
  const tickets = new Map<string, TicketRecord>();
  const messages = new Map<string, NewMessage>();
  const events = new Map<string, TicketEvent>();
  const outbox = new Map<string, OutboxRecord>();
  const quarantined = new Map<string, QuarantineEntry>();
  const jobs = { intake: [] as string[], send: [] as string[], quarantineMove: [] as string[], timed: [] as TimedJob[], forgotten: [] as string[] };
  let ticketSeq = 0;

  const rawMails: RawMailRepo = {
    async storeMany(mails) {
      return mails.map((m) => {
        const found = [...raws.values()].find((r) => r.key === m.key);
        if (found) return { id: found.id, created: false, status: found.status };
        const rec: RawMailRecord = { ...m, id: id(), status: 'stored' };
        raws.set(rec.id, rec);
        return { id: rec.id, created: true, status: rec.status };
      });
    },
    get: async (i) => raws.get(i) ?? null,
    findByKey: async (k) => [...raws.values()].find((r) => r.key === k) ?? null,
    async setOutcome(i, status, outcome) {
      Object.assign(raws.get(i)!, { status, outcome });
    },
    async setLocations(moves) {
      for (const m of moves) raws.get(m.id)!.location = { folder: m.folder, uidValidity: m.uidValidity, uid: m.uid };
    },
    listUnfinished: async (olderThan) => [...raws.values()].filter((r) => r.status === 'stored' && r.receivedAt < olderThan).map((r) => r.id),
    listMisfiled: async (folders) =>
      [...raws.values()].filter((r) => r.source.kind === 'imap' && r.location && folders[r.mailbox] && (r.status === 'quarantined') !== (r.location.folder === folders[r.mailbox]) && r.status !== 'stored').map((r) => r.id),
    async getStates(ids) {
      const known = ids.filter((i) => raws.has(i)).map((i) => raws.get(i)!);
      return new Map(known.map((r) => [r.id, { id: r.id, status: r.status, outcome: r.outcome, releasedAt: r.releasedAt, releasedBy: r.releasedBy }]));
    },
    async reopenQuarantined(i, release) {
      const r = raws.get(i);
      if (r?.status !== 'quarantined') return false;
      Object.assign(r, { status: 'stored', outcome: undefined }, release ? { releasedAt: release.at, releasedBy: release.by } : {});
      return true;
    },
  };
  async function updateWith(i: string, compute: (t: TicketRecord) => TicketChanges, at: Date): Promise<TicketRecord> {
    const t = tickets.get(i)!;
    for (const [k, v] of Object.entries(compute({ ...t }))) {
      if (v === undefined) delete (t as unknown as Record<string, unknown>)[k];
      else (t as unknown as Record<string, unknown>)[k] = v;
    }
    t.updatedAt = at;
    t.rev = (t.rev ?? 0) + 1;
    return { ...t };
  }
  const ticketRepo: TicketRepo = {
    async createOnce(t, prefix) {
      const found = [...tickets.values()].find((x) => x.sourceKey === t.sourceKey);
      if (found) return { ticket: found, created: false };
      const rec: TicketRecord = { firstResponseDueAt: t.createdAt, ...t, id: id(), number: formatTicketNumber(prefix, ++ticketSeq) };
      tickets.set(rec.id, rec);
      return { ticket: rec, created: true };
    },
    findBySourceKey: async (k) => [...tickets.values()].find((x) => x.sourceKey === k) ?? null,
    findByNumber: async (n) => [...tickets.values()].find((x) => x.number === n) ?? null,
    findById: async (i) => tickets.get(i) ?? null,
    findByNumbers: async (ns) => [...tickets.values()].filter((x) => ns.includes(x.number)),
    update: (i, changes, at) => updateWith(i, () => changes, at),
    updateWith: (i, compute, at) => updateWith(i, compute, at),
    listProblemCandidates: async (category, since, limit) =>
      [...tickets.values()]
        .filter((t) => t.category === category && ['new', 'open', 'pending'].includes(t.status) && t.createdAt >= since)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, limit)
        .map((t) => ({ ticketId: t.id, number: t.number, subject: t.subject, requester: t.requester.address, category: t.category, createdAt: t.createdAt, terms: t.terms ?? [], problemId: t.problemId })),
    rebuildDigestRows: async () => tickets.size,
    pruneDigestRows: async () => 0,
    digestRows: async function* () {
      for (const t of tickets.values()) yield { ...t, requester: t.requester.address };
    },
    listDue: async (now, limit) => [...tickets.values()].filter((t) => t.nextDueAt && t.nextDueAt <= now).sort((a, b) => a.nextDueAt!.getTime() - b.nextDueAt!.getTime()).slice(0, limit).map((t) => ({ id: t.id, timers: t.timers ?? {} })),
    async addParticipants(i, emails) {
      const t = tickets.get(i)!;
      t.participants = [...new Set([...t.participants, ...emails])];
    },
    async countOpenByAssignee(emails) {
      const load = new Map<string, number>(emails.map((e) => [e, 0]));
      for (const t of tickets.values()) if (t.assignee && load.has(t.assignee) && ['new', 'open', 'pending'].includes(t.status)) load.set(t.assignee, load.get(t.assignee)! + 1);
      return load;
    },
    async setSiblings(ids, numbers) {
      for (const i of ids) tickets.get(i)!.siblings = numbers;
    },
    listOpenForRequester: async (email) => [...tickets.values()].filter((t) => t.requester.address === email && t.status !== 'closed'),
  };
  const undeliverable = new Set<string>();
  const contacts: ContactRepo = {
    async upsert(c, language) {
      undeliverable.delete(c.address);
      return { id: `contact:${c.address}`, email: c.address, name: c.name, language };
    },
    markUndeliverable: async (email) => void undeliverable.add(email),
    isUndeliverable: async (email) => undeliverable.has(email),
  };
  const messageRepo: MessageRepo = {
    async addOnce(m) {
      if (!messages.has(m.key)) messages.set(m.key, m);
    },
    listForTicket: async (t) => [...messages.values()].filter((m) => m.ticketId === t),
    ticketsForMessageIds: async (ids) => [...messages.values()].filter((m) => m.messageId && ids.includes(m.messageId)).map((m) => ({ messageId: m.messageId!, ticketId: m.ticketId })),
  };
  const history: HistoryRepo = {
    async recordOnce(e) {
      if (!events.has(e.key)) events.set(e.key, e);
    },
    listForTicket: async (t) => [...events.values()].filter((e) => e.ticketId === t),
    listByActions: async (actions, limit) => [...events.values()].filter((e) => actions.includes(e.action)).reverse().slice(0, limit),
  };
  const outboxRepo: OutboxRepo = {
    async putOnce(d) {
      const found = [...outbox.values()].find((o) => o.key === d.key);
      if (found) return found;
      const rec: OutboxRecord = { ...d, id: id(), status: 'queued', attempts: 0, createdAt: new Date() } as OutboxRecord;
      outbox.set(rec.id, rec);
      return rec;
    },
    get: async (i) => outbox.get(i) ?? null,
    async markSent(i) {
      Object.assign(outbox.get(i)!, { status: 'sent', sentAt: new Date() });
    },
    async markFailed(i, error) {
      Object.assign(outbox.get(i)!, { status: 'failed', error });
    },
    findByMessageId: async (mid) => [...outbox.values()].find((o) => o.messageId === mid) ?? null,
    findByKey: async (k) => [...outbox.values()].find((o) => o.key === k) ?? null,
    listUnsent: async (before, limit) => [...outbox.values()].filter((o) => (o.status === 'queued' || o.status === 'sending') && o.createdAt < before).slice(0, limit).map((o) => o.id),
  };
  const problemMap = new Map<string, ProblemRecord>();
  let problemSeq = 0;
  const problems: ProblemRepo = {
    async createOnce(seed, prefix) {
      const found = [...problemMap.values()].find((p) => p.seedTicketId === seed.seedTicketId);
      if (found) return { ...found };
      const rec: ProblemRecord = { ...seed, id: id(), number: formatTicketNumber(prefix, ++problemSeq), status: 'open', ticketIds: [], ticketNumbers: [], requesters: [], createdAt: seed.at, updatedAt: seed.at };
      problemMap.set(rec.id, rec);
      return { ...rec };
    },
    async addTicket(pid, t, at) {
      const p = problemMap.get(pid)!;
      const add = (list: string[], v: string) => (list.includes(v) ? list : [...list, v]);
      Object.assign(p, { ticketIds: add(p.ticketIds, t.id), ticketNumbers: add(p.ticketNumbers, t.number), requesters: add(p.requesters, t.requester), updatedAt: at });
      return { ...p };
    },
    get: async (pid) => (problemMap.has(pid) ? { ...problemMap.get(pid)! } : null),
    async markAlerted(pid, at) {
      const p = problemMap.get(pid)!;
      if (p.alertedAt) return false;
      p.alertedAt = at;
      return true;
    },
    async markResolved(pid, at, by) {
      Object.assign(problemMap.get(pid)!, { status: 'resolved', resolvedAt: at, resolvedBy: by, updatedAt: at });
    },
    listActive: async (from, limit) => [...problemMap.values()].filter((p) => p.updatedAt >= from).sort((a, b) => b.ticketIds.length - a.ticketIds.length).slice(0, limit),
  };
  const knowledgeMap = new Map<string, KnowledgeEntry>();
  const knowledge: KnowledgeRepo = {
    put: async (e) => void knowledgeMap.set(e.ticketId, e),
    listSince: async (since, limit) => [...knowledgeMap.values()].filter((e) => !since || e.resolvedAt >= since).sort((a, b) => a.resolvedAt.getTime() - b.resolvedAt.getTime()).slice(0, limit),
  };
  const quarantine: QuarantineRepo = {
    async addOnce(e) {
      if (!quarantined.has(e.rawMailId)) quarantined.set(e.rawMailId, e);
    },
    list: async (f) =>
      [...quarantined.values()]
        .filter((e) => (!f.reason || e.reason === f.reason) && (!f.since || e.at >= f.since))
        .sort((a, b) => b.at.getTime() - a.at.getTime() || b.rawMailId.localeCompare(a.rawMailId))
        .slice(0, f.limit),
    async recordRetry(rawMailId, retry) {
      const e = quarantined.get(rawMailId);
      if (!e) return;
      e.retries = [...(e.retries ?? []), retry];
      if (retry.action === 'release') Object.assign(e, { releasedAt: retry.at, releasedBy: retry.by });
    },
  };
  const queues: JobQueues = {
    intake: async (ids) => void jobs.intake.push(...ids),
    send: async (ids) => void jobs.send.push(...ids),
    requeueSend: async (ids) => void jobs.send.push(...ids),
    requeueIntake: async (ids) => {
      jobs.intake.push(...ids);
      return [];
    },
    forgetEndedIntake: async (ids) => void jobs.forgotten.push(...ids),
    quarantineMove: async (ids) => void jobs.quarantineMove.push(...ids),
    refile: async (ids) => void jobs.quarantineMove.push(...ids),
    timed: async (list) => void jobs.timed.push(...list),
  };
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const hits = new Map<string, Set<string>>();
  const rate = { hit: async (key: string, member: string) => hits.set(key, (hits.get(key) ?? new Set<string>()).add(member)).get(key)!.size };
  return {
    rawMails, tickets: ticketRepo, contacts, rate, problems, knowledge, messages: messageRepo, history, outbox: outboxRepo, quarantine, queues, log: silent,
    state: { raws, tickets, messages, events, outbox, quarantined, jobs, undeliverable },
  };
}
