import type { ImapFlow } from 'imapflow';
import type { Logger, RawMailRepo } from '../app/ports';

export interface MoverDeps {
  rawMails: Pick<RawMailRepo, 'get' | 'setLocations'>;
  /** Connection to the mailbox of a support address, or undefined when it is not configured. */
  connect(address: string): Promise<ImapFlow>;
  quarantineFolder(address: string): string | undefined;
  processedFolder(address: string): string | undefined;
  log: Logger;
}

/** Thrown while the poller has not yet moved the mail out of the inbox, or intake is still at it; the job retries. */
export class NotYetMovedError extends Error {}

/**
 * Files a mail in the folder its outcome calls for, so people who read the
 * mailbox see what was set aside: a quarantined mail goes from where the
 * poller put it (Processed) to Quarantine, and one an operator retried or
 * released goes back to Processed once intake has handled it.
 */
export function createQuarantineMover(deps: MoverDeps) {
  return async (rawMailId: string): Promise<void> => {
    const raw = await deps.rawMails.get(rawMailId);
    if (!raw || raw.source.kind !== 'imap') return;
    if (raw.status !== 'quarantined' && raw.status !== 'done') throw new NotYetMovedError(`mail ${rawMailId} is still being handled (${raw.status})`);
    const target = raw.status === 'quarantined' ? deps.quarantineFolder(raw.mailbox) : deps.processedFolder(raw.mailbox);
    if (!target || raw.location?.folder === target) return;
    if (!raw.location) throw new NotYetMovedError(`mail ${rawMailId} is not out of the inbox yet`);
    const client = await deps.connect(raw.mailbox);
    await client.connect();
    try {
      const lock = await client.getMailboxLock(raw.location.folder);
      try {
        if (String(client.mailbox && client.mailbox.uidValidity) !== raw.location.uidValidity) {
          deps.log.warn({ rawMailId, folder: raw.location.folder }, 'folder was rebuilt; quarantined mail left where it is');
          return;
        }
        const res = await client.messageMove(String(raw.location.uid), target, { uid: true });
        const uid = res ? res.uidMap?.get(raw.location.uid) : undefined;
        if (res && uid !== undefined) await deps.rawMails.setLocations([{ id: rawMailId, folder: target, uidValidity: String(res.uidValidity), uid }]);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
}
