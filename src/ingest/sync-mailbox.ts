import { createHash } from 'node:crypto';
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { CursorRepo, Logger, NewRawMail, RawMailRepo, RawStatus } from '../app/ports';
import { computeMailKey, extractMessageId } from '../domain/mail-key';

export interface MailboxSpec {
  address: string;
  folder: string;
  processedFolder: string;
  quarantineFolder: string;
  maxMailBytes: number;
  /** How many messages one fetch asks for: large enough to batch, small enough to bound memory. */
  windowSize: number;
}

export interface SyncDeps {
  accept(mails: NewRawMail[]): Promise<Array<{ id: string; status: RawStatus }>>;
  rawMails: Pick<RawMailRepo, 'setLocations'>;
  cursors: CursorRepo;
  log: Logger;
  now(): Date;
}

/**
 * One pass over the folder (already selected by the caller): every message in
 * it is fetched in UID windows, stored, queued, and only then moved out, to
 * the Processed folder, or to Quarantine when it is over the size limit.
 * A message left behind by a crash is fetched again next pass; storing is
 * keyed, so it is not stored or queued twice.
 */
export async function syncMailbox(client: ImapFlow, spec: MailboxSpec, deps: SyncDeps): Promise<number> {
  const box = client.mailbox;
  if (!box || box.exists === 0) return 0;
  const uidValidity = String(box.uidValidity);
  const cursorId = `${spec.address}/${spec.folder}`;
  const cursor = await deps.cursors.get(cursorId);
  if (cursor && cursor.uidValidity !== uidValidity) {
    // RFC 9051 section 2.3.1.1: old UIDs mean nothing now. Content keys stop duplicates.
    deps.log.warn({ mailbox: cursorId, was: cursor.uidValidity, now: uidValidity }, 'UIDVALIDITY changed: resyncing the folder');
  }
  const listing = await client.fetchAll('1:*', { uid: true, size: true });
  const entries = listing.map((m) => ({ uid: m.uid, size: m.size ?? 0 })).sort((a, b) => a.uid - b.uid);
  let done = 0;
  for (let i = 0; i < entries.length; i += spec.windowSize) {
    const window = entries.slice(i, i + spec.windowSize);
    await syncWindow(client, spec, deps, uidValidity, window);
    await deps.cursors.save(cursorId, uidValidity, window[window.length - 1].uid);
    done += window.length;
  }
  return done;
}

async function syncWindow(client: ImapFlow, spec: MailboxSpec, deps: SyncDeps, uidValidity: string, window: Array<{ uid: number; size: number }>) {
  const small = window.filter((m) => m.size <= spec.maxMailBytes).map((m) => m.uid);
  const large = window.filter((m) => m.size > spec.maxMailBytes).map((m) => m.uid);
  const receivedAt = deps.now();
  const source = (uid: number) => ({ kind: 'imap' as const, mailbox: spec.address, folder: spec.folder, uidValidity, uid });
  const mails: Array<{ uid: number; mail: NewRawMail }> = [];
  if (small.length > 0) {
    for (const m of await client.fetchAll(small.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
      if (!m.source) continue;
      const k = computeMailKey(m.source);
      const arrivedAt = m.internalDate instanceof Date ? m.internalDate : undefined;
      mails.push({ uid: m.uid, mail: { key: k.key, messageId: k.messageId, size: m.source.length, raw: m.source, mailbox: spec.address, source: source(m.uid), receivedAt, arrivedAt } });
    }
  }
  if (large.length > 0) {
    for (const m of await client.fetchAll(large.join(','), { uid: true, size: true, headers: true, envelope: true }, { uid: true })) {
      mails.push({ uid: m.uid, mail: oversize(m, spec.address, source(m.uid), receivedAt) });
    }
  }
  if (mails.length === 0) return;
  const stored = await deps.accept(mails.map((m) => m.mail));
  const ids = new Map(mails.map((m, i) => [m.uid, stored[i].id]));
  await moveOut(client, spec, deps, uidValidity, ids, new Set(large));
}

function oversize(m: FetchMessageObject, mailbox: string, source: NewRawMail['source'], receivedAt: Date): NewRawMail {
  const messageId = m.envelope?.messageId ? extractMessageId(m.envelope.messageId) : undefined;
  // No body to hash: the id, size and headers identify the same large mail on a resync.
  const key = createHash('sha256').update(`oversize\n${messageId ?? ''}\n${m.size}\n`).update(m.headers ?? Buffer.alloc(0)).digest('hex');
  return { key, messageId, size: m.size ?? 0, rawHeaders: m.headers, mailbox, source, receivedAt };
}

async function moveOut(client: ImapFlow, spec: MailboxSpec, deps: SyncDeps, uidValidity: string, ids: Map<number, string>, large: Set<number>) {
  const groups: Array<[string, number[]]> = [
    [spec.processedFolder, [...ids.keys()].filter((u) => !large.has(u))],
    [spec.quarantineFolder, [...ids.keys()].filter((u) => large.has(u))],
  ];
  for (const [folder, uids] of groups) {
    if (uids.length === 0) continue;
    const res = await client.messageMove(uids.join(','), folder, { uid: true });
    // UIDPLUS (RFC 4315) tells where each message landed; without it the location stays unknown.
    const destValidity = res && res.uidValidity !== undefined ? String(res.uidValidity) : undefined;
    if (!res || !res.uidMap || !destValidity) continue;
    const moves = [...res.uidMap].flatMap(([from, to]) => (ids.has(from) ? [{ id: ids.get(from)!, folder, uidValidity: destValidity, uid: to }] : []));
    await deps.rawMails.setLocations(moves);
  }
  deps.log.debug({ mailbox: spec.address, uidValidity, moved: ids.size }, 'window stored and moved');
}
