import { closeSync, createReadStream, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { App } from '../composition';
import type { NewRawMail } from '../app/ports';
import { computeMailKey } from '../domain/mail-key';
import type { IntakeOutcome } from '../domain/types';
import { looksLikeMbox, splitMboxStream } from './mbox';

export interface ReplayResult {
  /** The file, or `<file>#<n>` for the n-th message (1-based) of an mbox file. */
  file: string;
  rawMailId?: string;
  duplicate?: boolean;
  outcome?: IntakeOutcome;
  error?: string;
}

/** One mail to replay, or a file that could not be read. */
interface ReplayItem {
  label: string;
  raw?: Buffer;
  error?: string;
}

/** Mails stored and queued per round trip; also bounds how many mails are held in memory. */
const BATCH = 100;
const MBOX_EXTENSIONS = ['.mbox', '.mbx'];

/**
 * Every mail file under the given paths, in a stable order: `.eml` files, mbox
 * files (`.mbox`, `.mbx`, and files without extension that start with a From_
 * line, as Thunderbird, mutt and Dovecot name their folders), and any file
 * named explicitly.
 */
export function collectEmlFiles(paths: string[]): string[] {
  const named = new Set(paths.map((p) => resolve(p)));
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (st.isFile() && (named.has(p) || isMailFileName(p))) out.push(p);
  };
  for (const p of named) walk(p);
  return out;
}

function isMailFileName(path: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === '.eml' || MBOX_EXTENSIONS.includes(ext)) return true;
  // Only extension-less files are sniffed: `.msf` indexes, `.txt` notes and the like are never mail folders.
  if (ext !== '' || basename(path).startsWith('.')) return false;
  try {
    return startsWithFromLine(path);
  } catch {
    return false; // unreadable and not named as mail: not ours to report
  }
}

/** An mbox by name (`.mbox`, `.mbx`), or by content (a From_ line first) unless named `.eml`. */
export function isMboxFile(path: string): boolean {
  const ext = extname(path).toLowerCase();
  if (MBOX_EXTENSIONS.includes(ext)) return true;
  return ext !== '.eml' && startsWithFromLine(path);
}

function startsWithFromLine(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(5);
    return looksLikeMbox(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } finally {
    closeSync(fd);
  }
}

/**
 * Feeds mail files through the same pipeline as the poller (store, queue,
 * intake) and waits for each outcome. An mbox file is read as a stream and
 * each of its messages replayed as `<file>#<n>`. Replaying a mail twice finds
 * the first copy by its key and reports that copy's outcome.
 */
export async function replay(app: App, files: string[], mailbox: string, timeoutMs: number): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  let batch: ReplayItem[] = [];
  for await (const item of replayItems(files)) {
    batch.push(item);
    if (batch.length < BATCH) continue;
    results.push(...(await acceptBatch(app, batch, mailbox)));
    batch = [];
  }
  results.push(...(await acceptBatch(app, batch, mailbox)));
  const deadline = Date.now() + timeoutMs;
  for (const r of results) {
    if (!r.rawMailId) continue;
    r.outcome = await waitForOutcome(app, r.rawMailId, deadline);
    if (!r.outcome) r.error = 'no outcome before the timeout (are the workers running?)';
  }
  return results;
}

/** The mails of the files, one at a time; a file that cannot be read becomes an error row, not a crash. */
async function* replayItems(files: string[]): AsyncGenerator<ReplayItem> {
  for (const file of files) {
    try {
      if (isMboxFile(file)) yield* mboxItems(file);
      else yield { label: file, raw: readFileSync(file) };
    } catch (err) {
      yield { label: file, error: (err as Error).message };
    }
  }
}

/**
 * Every message of an mbox file, streamed. An empty or broken message is
 * yielded like any other (the pipeline quarantines what it cannot parse), so
 * the numbering matches the file and nothing is silently dropped.
 */
async function* mboxItems(file: string): AsyncGenerator<ReplayItem> {
  let n = 0;
  for await (const raw of splitMboxStream(createReadStream(file))) yield { label: `${file}#${++n}`, raw };
}

async function acceptBatch(app: App, batch: ReplayItem[], mailbox: string): Promise<ReplayResult[]> {
  const mails = batch.flatMap((item) => (item.raw !== undefined ? [newRawMail(item.label, item.raw, mailbox)] : []));
  const stored = mails.length > 0 ? await app.accept(mails) : [];
  let k = 0;
  return batch.map((item) => {
    if (item.raw === undefined) return { file: item.label, error: item.error };
    const s = stored[k++];
    return { file: item.label, rawMailId: s.id, duplicate: !s.created };
  });
}

function newRawMail(path: string, raw: Buffer, mailbox: string): NewRawMail {
  const key = computeMailKey(raw);
  return { key: key.key, messageId: key.messageId, size: raw.length, raw, mailbox, source: { kind: 'replay', path }, receivedAt: new Date() };
}

async function waitForOutcome(app: App, id: string, deadline: number): Promise<IntakeOutcome | undefined> {
  for (;;) {
    const raw = await app.repos.rawMails.get(id);
    if (raw?.outcome) return raw.outcome;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function formatResult(r: ReplayResult): string {
  const dup = r.duplicate ? ' (already received)' : '';
  if (r.error) return `${r.file}: error: ${r.error}`;
  const o = r.outcome;
  if (o?.kind === 'ticket') return `${r.file}: ticket ${o.ticketNumbers.join(', ')}${dup}`;
  if (o?.kind === 'reply') return `${r.file}: ${o.role} reply on ${o.ticketNumbers.join(', ') || 'no ticket'}${dup}`;
  return `${r.file}: quarantined: ${o?.reason}${dup}`;
}
