import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { acceptRawMails } from './app/accept-raw-mails';
import type { DeskSettings } from './app/desk-settings';
import { createIntake } from './app/intake';
import type { Logger, NewRawMail } from './app/ports';
import { sendOutbox } from './app/send-outbox';
import { supportAddresses, type DeskConfig, type MailboxConfig } from './config/desk';
import type { Env } from './config/env';
import { imapFactory, type ImapSettings } from './ingest/imap-client';
import { createMailboxLock } from './ingest/mailbox-lock';
import { MailboxPoller } from './ingest/poller';
import { createQuarantineMover } from './ingest/quarantine-mover';
import { parseMail } from './mail/parse';
import { createRenderer } from './mail/render';
import { createSmtpTransport } from './mail/transport';
import { connectMongo, createRepos, ensureIndexes } from './models';
import { createQueues } from './workers/queues';
import { startWorkers } from './workers/run-workers';

/** The one place that knows every adapter: it builds them and wires them to the use cases. */
export interface App {
  accept(mails: NewRawMail[]): ReturnType<ReturnType<typeof acceptRawMails>>;
  repos: ReturnType<typeof createRepos>;
  mongo: Connection;
  startIngest(): void;
  startWorkers(): void;
  stop(): Promise<void>;
}

export function deskSettings(desk: DeskConfig): DeskSettings {
  return {
    name: desk.desk.name,
    ticketPrefix: desk.desk.ticketPrefix,
    defaultLanguage: desk.desk.defaultLanguage,
    timeZone: desk.desk.timeZone,
    messageIdDomain: desk.desk.messageIdDomain ?? desk.mailboxes[0].address.split('@')[1],
    supportAddresses: supportAddresses(desk),
    maxMailBytes: desk.limits.maxMailBytes,
    firstResponseHours: desk.sla.firstResponseHours,
  };
}

export function imapSettingsFor(env: Env, mailbox: MailboxConfig, secrets: Record<string, string | undefined>): ImapSettings {
  const password = mailbox.passwordEnv === 'IMAP_PASSWORD' ? env.IMAP_PASSWORD : secrets[mailbox.passwordEnv];
  if (!password) throw new Error(`mailbox ${mailbox.address}: environment variable ${mailbox.passwordEnv} is not set`);
  return { host: env.IMAP_HOST, port: env.IMAP_PORT, secure: env.IMAP_TLS, user: mailbox.imapUser ?? env.IMAP_USER ?? mailbox.address, password };
}

export async function createApp(env: Env, desk: DeskConfig, log: Logger, secrets: Record<string, string | undefined> = {}): Promise<App> {
  const settings = deskSettings(desk);
  const mongo = await connectMongo(env.MONGO_URL);
  await ensureIndexes(mongo);
  const repos = createRepos(mongo);
  const redisOpts = { maxRetriesPerRequest: null, enableReadyCheck: true };
  const redis = new Redis(env.REDIS_URL, redisOpts);
  const connection = new Redis(env.REDIS_URL, redisOpts);
  const queues = createQueues(connection, env.QUEUE_PREFIX);
  const clock = { now: () => new Date() };
  const accept = acceptRawMails({ rawMails: repos.rawMails, queues, log });
  const connectImap = imapFactory(log);
  const imapFor = new Map(desk.mailboxes.map((m) => [m.address, imapSettingsFor(env, m, secrets)]));
  const pollers: MailboxPoller[] = [];
  const closers: Array<() => Promise<void>> = [];

  const startIngest = () => {
    for (const m of desk.mailboxes) {
      const spec = { address: m.address, folder: m.folder, processedFolder: m.processedFolder, quarantineFolder: m.quarantineFolder, maxMailBytes: settings.maxMailBytes, windowSize: 100 };
      const lock = createMailboxLock(redis, `${env.QUEUE_PREFIX}:lock:mailbox:${m.address}/${m.folder}`);
      const poller = new MailboxPoller(spec, { accept, rawMails: repos.rawMails, cursors: repos.cursors, log, now: clock.now, lock, pollSeconds: env.IMAP_POLL_SECONDS, connect: () => connectImap(imapFor.get(m.address)!) });
      pollers.push(poller);
      void poller.run();
    }
  };

  const startAllWorkers = () => {
    const transport = createSmtpTransport({ host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_TLS, user: env.SMTP_USER, password: env.SMTP_PASSWORD, poolSize: env.SMTP_POOL_SIZE });
    const intake = createIntake({ ...repos, queues, parse: parseMail, templates: createRenderer(), desk: settings, clock, log });
    const send = sendOutbox({ outbox: repos.outbox, sender: transport, log });
    const mover = createQuarantineMover({
      rawMails: repos.rawMails,
      connect: (address) => (imapFor.has(address) ? connectImap(imapFor.get(address)!) : undefined),
      quarantineFolder: (address) => desk.mailboxes.find((m) => m.address === address)?.quarantineFolder,
      log,
    });
    const workers = startWorkers(
      {
        intake: (id) => intake.process(id),
        send,
        quarantineMove: mover,
        intakeExhausted: async (id, error) => {
          const raw = await repos.rawMails.get(id);
          if (raw && !raw.outcome) await intake.quarantine(raw, 'processing-failed', error);
        },
      },
      { connection, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, log },
    );
    closers.push(() => workers.close(), () => transport.close());
  };

  return {
    accept,
    repos,
    mongo,
    startIngest,
    startWorkers: startAllWorkers,
    async stop() {
      await Promise.all(pollers.map((p) => p.stop()));
      for (const close of closers) await close();
      await queues.close();
      redis.disconnect();
      connection.disconnect();
      await mongo.close();
    },
  };
}
