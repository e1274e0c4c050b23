import type { ImapFlow } from 'imapflow';
import { backoffDelay } from '../domain/backoff';
import { ensureFolder } from './imap-client';
import type { MailboxLock } from './mailbox-lock';
import { takeAll, type MailboxShare } from './mailbox-share';
import { syncMailbox, type MailboxSpec, type SyncDeps } from './sync-mailbox';

export interface PollerDeps extends SyncDeps {
  /** A new client for the mailbox (an OAuth login first fetches a fresh token, which may fail: the session then ends and backs off). */
  connect(): Promise<ImapFlow>;
  lock: MailboxLock;
  /** Seconds between full passes even when IDLE reports nothing: the polling fallback. */
  pollSeconds: number;
  /** This process's share of the mailboxes when several ingest processes run (default: take every mailbox). */
  share?: MailboxShare;
}

/**
 * Watches one support mailbox. While it holds the mailbox's Redis lock it
 * keeps one IMAP connection, syncs the folder, then waits in IDLE (RFC 2177)
 * for new mail or for the poll interval, whichever comes first. A dropped
 * connection or an error ends the session; the next one starts after a capped
 * backoff. Servers without IDLE are served by the poll interval alone.
 */
export class MailboxPoller {
  private stopped = false;
  private wake: (() => void) | undefined;
  private client: ImapFlow | undefined;

  constructor(private readonly spec: MailboxSpec, private readonly deps: PollerDeps) {}

  private running: Promise<void> | undefined;

  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    const share = this.deps.share ?? takeAll;
    while (!this.stopped) {
      if (!(await share.mayTake().catch(() => false)) || !(await this.deps.lock.acquire().catch(() => false))) {
        await this.sleep(this.deps.lock.ttlMs / 3);
        continue;
      }
      share.took(this.spec.address);
      try {
        await this.session();
        attempt = 0;
      } catch (err) {
        this.deps.log.warn({ mailbox: this.spec.address, err: (err as Error).message, attempt }, 'mailbox session ended');
      } finally {
        await this.deps.lock.release().catch(() => undefined);
        share.released(this.spec.address);
      }
      if (!this.stopped) await this.sleep(backoffDelay(attempt++));
    }
  }

  /** Ends the session and resolves once the mailbox lock is released, so another process can take the mailbox at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.client?.close();
    await this.running;
  }

  private async session(): Promise<void> {
    const client = (this.client = await this.deps.connect());
    const renew = setInterval(() => this.renewLock(client), this.deps.lock.ttlMs / 3);
    try {
      await client.connect();
      await ensureFolder(client, this.spec.processedFolder);
      await ensureFolder(client, this.spec.quarantineFolder);
      const mailboxLock = await client.getMailboxLock(this.spec.folder);
      try {
        this.deps.log.info({ mailbox: this.spec.address, folder: this.spec.folder, idle: client.capabilities.has('IDLE') }, 'watching mailbox');
        while (!this.stopped && client.usable) {
          const n = await syncMailbox(client, this.spec, this.deps);
          if (n > 0) this.deps.log.info({ mailbox: this.spec.address, mails: n }, 'mails ingested');
          if (n === 0) await this.waitForMail(client);
        }
      } finally {
        mailboxLock.release();
      }
    } finally {
      clearInterval(renew);
      this.client = undefined;
      await client.logout().catch(() => client.close());
    }
  }

  /** Resolves on new mail (EXISTS), a closed connection, stop(), or the poll interval. */
  private waitForMail(client: ImapFlow): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('exists', done);
        client.off('close', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.deps.pollSeconds * 1000);
      client.on('exists', done);
      client.on('close', done);
      this.wake = done;
      // imapflow does not auto-IDLE while a mailbox lock is held, so IDLE explicitly;
      // the next command (the sync's FETCH) ends it with DONE (RFC 2177 section 3).
      client.idle().catch(() => undefined);
    });
  }

  private renewLock(client: ImapFlow): void {
    (this.deps.share ?? takeAll).shouldGiveUp(this.spec.address).then(
      (giveUp) => {
        if (!giveUp) return;
        // More mailboxes than this process's share: hand this one to a process with room.
        this.deps.log.info({ mailbox: this.spec.address }, 'mailbox handed over to balance the ingest processes');
        client.close();
      },
      () => undefined,
    );
    this.deps.lock.renew().then(
      (held) => {
        if (held) return;
        // Another process took the mailbox over: stop at once rather than poll it twice.
        this.deps.log.warn({ mailbox: this.spec.address }, 'mailbox lock lost');
        client.close();
      },
      (err: Error) => this.deps.log.warn({ mailbox: this.spec.address, err: err.message }, 'mailbox lock renewal failed'),
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
