import type { Connection } from 'mongoose';
import { createContactRepo } from './contact';
import { createCursorRepo } from './cursor';
import { createHistoryRepo } from './history';
import { createMessageRepo } from './message';
import { createOutboxRepo } from './outbox';
import { createQuarantineRepo } from './quarantine';
import { createRawMailRepo } from './raw-mail';
import { createTicketRepo } from './ticket';
import { createProblemRepo } from './problem';
import { createKnowledgeRepo } from './knowledge';

export { connectMongo } from './connection';

export function createRepos(conn: Connection) {
  return {
    rawMails: createRawMailRepo(conn),
    cursors: createCursorRepo(conn),
    contacts: createContactRepo(conn),
    tickets: createTicketRepo(conn),
    messages: createMessageRepo(conn),
    history: createHistoryRepo(conn),
    outbox: createOutboxRepo(conn),
    quarantine: createQuarantineRepo(conn),
    problems: createProblemRepo(conn),
    knowledge: createKnowledgeRepo(conn),
  };
}

export type Repos = ReturnType<typeof createRepos>;

/** Creates every index the queries and idempotency keys need. Safe to run at every start. */
export async function ensureIndexes(conn: Connection): Promise<void> {
  createRepos(conn);
  for (const model of Object.values(conn.models)) await model.createIndexes();
}
