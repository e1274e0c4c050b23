import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { App } from '../composition';
import { computeMailKey } from '../domain/mail-key';
import type { IntakeOutcome } from '../domain/types';

export interface ReplayResult {
  file: string;
  rawMailId?: string;
  duplicate?: boolean;
  outcome?: IntakeOutcome;
  error?: string;
}

/** Every `.eml` file under the given paths, in a stable order. */
export function collectEmlFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (st.isFile() && (p.endsWith('.eml') || paths.includes(p))) out.push(p);
  };
  for (const p of paths) walk(resolve(p));
  return out;
}

/**
 * Feeds mail files through the same pipeline as the poller (store, queue,
 * intake) and waits for each outcome. Replaying a file twice finds the first
 * copy by its key and reports that copy's outcome.
 */
export async function replay(app: App, files: string[], mailbox: string, timeoutMs: number): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for (let i = 0; i < files.length; i += 100) {
    const batch = files.slice(i, i + 100).map((file) => ({ file, raw: readFileSync(file) }));
    const stored = await app.accept(
      batch.map(({ file, raw }) => {
        const key = computeMailKey(raw);
        return { key: key.key, messageId: key.messageId, size: raw.length, raw, mailbox, source: { kind: 'replay' as const, path: file }, receivedAt: new Date() };
      }),
    );
    batch.forEach(({ file }, j) => results.push({ file, rawMailId: stored[j].id, duplicate: !stored[j].created }));
  }
  const deadline = Date.now() + timeoutMs;
  for (const r of results) {
    r.outcome = await waitForOutcome(app, r.rawMailId!, deadline);
    if (!r.outcome) r.error = 'no outcome before the timeout (are the workers running?)';
  }
  return results;
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
