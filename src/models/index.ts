import type { Connection } from 'mongoose';
import type { KeyedLock } from '../app/ports';
import { createContactRepo } from './contact';
import { createCursorRepo } from './cursor';
import { createHistoryRepo } from './history';
import { createMessageRepo, rebuildMessageIds } from './message';
import { createOutboxRepo } from './outbox';
import { createQuarantineRepo } from './quarantine';
import { createRawMailRepo } from './raw-mail';
import { createTicketRepo } from './ticket';
import { createProblemRepo } from './problem';
import { createKnowledgeRepo } from './knowledge';

export { connectMongo } from './connection';

/** `lock` serialises each ticket's writes across processes (see app/keyed-lock.ts); the default covers one process. */
export function createRepos(conn: Connection, lock?: KeyedLock) {
  return {
    rawMails: createRawMailRepo(conn),
    cursors: createCursorRepo(conn),
    contacts: createContactRepo(conn),
    tickets: createTicketRepo(conn, lock),
    messages: createMessageRepo(conn),
    history: createHistoryRepo(conn, lock),
    outbox: createOutboxRepo(conn),
    quarantine: createQuarantineRepo(conn),
    problems: createProblemRepo(conn, lock),
    knowledge: createKnowledgeRepo(conn),
  };
}

export type Repos = ReturnType<typeof createRepos>;

/** Creates every index the queries and idempotency keys need. Safe to run at every start. */
export async function ensureIndexes(conn: Connection): Promise<void> {
  createRepos(conn);
  for (const model of Object.values(conn.models)) await model.createIndexes();
  await rebuildMessageIds(conn);
}
