import type { ImapFlow } from 'imapflow';
import type { Connection } from 'mongoose';
import { acceptRawMails } from '../app/accept-raw-mails';
import { withCare } from '../app/care-schedule';
import type { DeskSettings } from '../app/desk-settings';
import type { Clock, Logger } from '../app/ports';
import { carePolicy } from '../config/care';
import { supportAddresses, type DeskConfig, type MailboxConfig } from '../config/desk';
import type { Env } from '../config/env';
import { DEFAULT_ROUTING, type RoutingRules } from '../domain/route';
import { DEFAULT_RULES, mergeRules, type DeepPartial, type TriageRules } from '../domain/triage/rules';
import { imapFactoryAsync, type ImapSettings } from '../ingest/imap-client';
import { createTokenProvider, type TokenProvider } from '../mail/oauth-tokens';
import { createSmtpTransport } from '../mail/transport';
import { connectMongo, createRepos, ensureIndexes, type Repos } from '../models';
import { createQueues, type QueueSet } from '../workers/queues';
import { createRedis, type RedisClient } from '../workers/redis-connection';
import { redisKeyedLock } from '../workers/redis-keyed-lock';
import { redisMetrics, type RedisMetrics } from '../workers/redis-metrics';

/** Everything the roles share, built once per process. */
export interface Core {
  env: Env;
  desk: DeskConfig;
  settings: DeskSettings;
  log: Logger;
  mongo: Connection;
  repos: Repos;
  /** Commands (locks, counters); `connection` is BullMQ's own. */
  redis: RedisClient;
  connection: RedisClient;
  queues: QueueSet;
  clock: Clock;
  accept: ReturnType<typeof acceptRawMails>;
  /** A new IMAP client for a support mailbox, logged in with a fresh OAuth token where it uses OAuth. */
  imap(address: string): Promise<ImapFlow>;
  /** OAuth token providers by mailbox address. */
  tokens: Map<string, TokenProvider>;
  /** Counters shared by every process through Redis (Prometheus /metrics). */
  metrics: RedisMetrics;
  web: { port?: number };
  ops: { port?: number };
}

export function deskSettings(desk: DeskConfig, tokenSecret: string, publicUrl?: string, previousTokenSecrets: string[] = []): DeskSettings {
  return {
    name: desk.desk.name,
    ticketPrefix: desk.desk.ticketPrefix,
    defaultLanguage: desk.desk.defaultLanguage,
    timeZone: desk.desk.timeZone,
    messageIdDomain: desk.desk.messageIdDomain ?? desk.mailboxes[0].address.split('@')[1],
    supportAddresses: supportAddresses(desk),
    maxMailBytes: desk.limits.maxMailBytes,
    forwardAttachmentBytes: desk.limits.forwardAttachmentBytes,
    care: carePolicy(desk, desk.desk.timeZone, desk.conversation.reopenDays),
    onCall: desk.businessHours.onCall,
    publicUrl,
    agents: desk.agents,
    managers: desk.managers,
    problems: desk.problems,
    knowledge: desk.knowledge,
    reopenDays: desk.conversation.reopenDays,
    maxAutoMailsPerHour: desk.conversation.maxAutoMailsPerHour,
    tokenSecret,
    previousTokenSecrets,
    trustedAuthServId: desk.conversation.trustedAuthServId,
    requireAgentDkim: desk.conversation.requireAgentDkim,
    routing: routingRules(desk),
    triageRules: mergeRules(DEFAULT_RULES, desk.triage as DeepPartial<TriageRules>),
  };
}

function routingRules(desk: DeskConfig): RoutingRules {
  const centres = Object.fromEntries(Object.entries(desk.routing.centres).filter(([, v]) => v !== undefined)) as Partial<RoutingRules['centres']>;
  const tiers = Object.fromEntries(Object.entries(desk.routing.tierByPriority).filter(([, v]) => v !== undefined)) as RoutingRules['tierByPriority'];
  return { centres: { ...DEFAULT_ROUTING.centres, ...centres }, tierByPriority: tiers, defaultTier: desk.routing.defaultTier, alertManagersOn: desk.routing.alertManagersOn };
}

/** One token provider per OAuth mailbox, built once per process: concurrent connections share its cached token. */
export function tokenProvidersFor(desk: DeskConfig, secrets: Record<string, string | undefined>, clock: Clock, log: Logger): Map<string, TokenProvider> {
  return new Map(desk.mailboxes.flatMap((m) => (m.oauth ? [[m.address, createTokenProvider({ settings: m.oauth, secrets, clock, log, mailbox: m.address })] as const] : [])));
}

export function imapSettingsFor(env: Env, mailbox: MailboxConfig, secrets: Record<string, string | undefined>, tokens?: Map<string, TokenProvider>): ImapSettings {
  const user = mailbox.imapUser ?? env.IMAP_USER ?? mailbox.address;
  const provider = tokens?.get(mailbox.address);
  if (mailbox.oauth) {
    if (!provider) throw new Error(`mailbox ${mailbox.address}: OAuth configured but no token provider was built`);
    return { host: env.IMAP_HOST, port: env.IMAP_PORT, secure: env.IMAP_TLS, user, accessToken: () => provider.accessToken() };
  }
  const password = mailbox.passwordEnv === 'IMAP_PASSWORD' ? env.IMAP_PASSWORD : secrets[mailbox.passwordEnv];
  if (!password) throw new Error(`mailbox ${mailbox.address}: environment variable ${mailbox.passwordEnv} is not set`);
  return { host: env.IMAP_HOST, port: env.IMAP_PORT, secure: env.IMAP_TLS, user, password };
}

/** The Redis key of a mailbox's poller lock: held by the one ingest process watching it, read by /readyz. */
export const mailboxLockKey = (env: Pick<Env, 'QUEUE_PREFIX'>, m: Pick<MailboxConfig, 'address' | 'folder'>) => `${env.QUEUE_PREFIX}:lock:mailbox:${m.address}/${m.folder}`;

/** The SMTP relay; with SMTP_OAUTH_MAILBOX, logged in with that mailbox's OAuth tokens (Microsoft 365 and Gmail submission). */
export function smtpFor(core: Pick<Core, 'env' | 'tokens'>, poolSize: number) {
  const { env } = core;
  const oauth = env.SMTP_OAUTH_MAILBOX ? core.tokens.get(env.SMTP_OAUTH_MAILBOX) : undefined;
  if (env.SMTP_OAUTH_MAILBOX && !oauth) throw new Error(`SMTP_OAUTH_MAILBOX ${env.SMTP_OAUTH_MAILBOX}: no mailbox with oauth settings has that address`);
  const user = oauth ? env.SMTP_USER ?? env.SMTP_OAUTH_MAILBOX : env.SMTP_USER;
  return createSmtpTransport({ host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_TLS, user, password: oauth ? undefined : env.SMTP_PASSWORD, accessToken: oauth ? (o) => oauth.accessToken(o) : undefined, poolSize, requireTls: env.SMTP_REQUIRE_TLS });
}

/** Connects to MongoDB and Redis and builds the repositories and queues every role uses. */
export async function createCore(env: Env, desk: DeskConfig, log: Logger, secrets: Record<string, string | undefined>, clock?: Clock): Promise<Core> {
  const mongo = await connectMongo(env.MONGO_URL);
  await ensureIndexes(mongo);
  const settings = deskSettings(desk, env.TOKEN_SECRET, env.PUBLIC_URL, env.TOKEN_SECRET_PREVIOUS);
  const redisOpts = { maxRetriesPerRequest: null, enableReadyCheck: true };
  const redis = createRedis(env.REDIS_URL, redisOpts);
  const stored = createRepos(mongo, redisKeyedLock(redis, `${env.QUEUE_PREFIX}:lock`));
  const repos = { ...stored, tickets: withCare(stored.tickets, settings.care) };
  const connection = createRedis(env.REDIS_URL, redisOpts);
  const queues = createQueues(connection, env.QUEUE_PREFIX);
  const connectImap = imapFactoryAsync(log);
  const realClock = clock ?? { now: () => new Date() };
  const tokens = tokenProvidersFor(desk, secrets, realClock, log);
  const imapFor = new Map(desk.mailboxes.map((m) => [m.address, imapSettingsFor(env, m, secrets, tokens)]));
  const metrics = redisMetrics(redis, env.QUEUE_PREFIX, log);
  return {
    env, desk, settings, log, mongo, repos, redis, connection, queues, metrics, tokens,
    clock: realClock,
    web: {},
    ops: {},
    accept: acceptRawMails({ rawMails: repos.rawMails, queues, log, metrics }),
    imap: async (address) => {
      const s = imapFor.get(address);
      if (!s) throw new Error(`${address} is not a support mailbox of this desk`);
      return connectImap(s);
    },
  };
}

export async function closeCore(core: Core): Promise<void> {
  await core.metrics.close();
  await core.queues.close();
  core.redis.disconnect();
  core.connection.disconnect();
  await core.mongo.close();
}
