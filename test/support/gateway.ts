import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/app/ports';
import { createApp, type App } from '../../src/composition';
import { parseDeskConfig, type DeskConfig, type DeskConfigInput } from '../../src/config/desk';
import { loadEnv, type Env } from '../../src/config/env';
import { createLogger } from '../../src/log';
import { getStack, mongoUrlFor, type Stack } from './stack';

export interface TestGateway {
  app: App;
  env: Env;
  desk: DeskConfig;
  stack: Stack;
  support: string;
  stop(): Promise<void>;
}

export function uniq(): string {
  return randomBytes(4).toString('hex');
}

/**
 * A whole gateway on the real servers, isolated from other tests by its own
 * support address, database and BullMQ prefix (as BullMQ's own tests do).
 */
export async function startGateway(opts: { desk?: Partial<DeskConfigInput>; ingest?: boolean; workers?: boolean; id?: string; clock?: Clock; env?: Record<string, string>; secrets?: Record<string, string> } = {}): Promise<TestGateway> {
  const stack = await getStack();
  const id = opts.id ?? uniq();
  const support = `support-${id}@${stack.MAIL_DOMAIN}`;
  const env = testEnv(stack, id, support, opts.env);
  const desk = parseDeskConfig({
    desk: { name: 'Example Support', timeZone: 'Europe/Bucharest' },
    mailboxes: [{ address: support }],
    agents: [{ name: 'Ana Agent', email: `agent-${id}@${stack.MAIL_DOMAIN}`, tier: 'L1', languages: ['en', 'ro', 'ru'] }],
    ...opts.desk,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', { test: id });
  const app = await createApp(env, desk, log, opts.secrets ?? {}, { clock: opts.clock });
  if (opts.workers !== false) app.startWorkers();
  if (opts.ingest !== false) app.startIngest();
  return { app, env, desk, stack, support, stop: () => app.stop() };
}

export function testEnv(stack: Stack, id: string, support: string, extra: Record<string, string> = {}): Env {
  return loadEnv({
    MONGO_URL: mongoUrlFor(stack, `tg_${id}`),
    REDIS_URL: stack.REDIS_URL,
    IMAP_HOST: stack.IMAP_HOST,
    IMAP_PORT: stack.IMAP_PORT,
    IMAP_TLS: 'false',
    IMAP_USER: support,
    IMAP_PASSWORD: stack.MAIL_PASSWORD,
    SMTP_HOST: stack.SMTP_HOST,
    SMTP_PORT: stack.SMTP_PORT,
    SMTP_TLS: 'false',
    TICKETGATE_CONFIG: '(in memory)',
    TOKEN_SECRET: 'test-secret-0123456789abcdef',
    QUEUE_PREFIX: `tg${id}`,
    IMAP_POLL_SECONDS: '5',
    HTTP_PORT: '0',
    OPS_PORT: '0',
    ...extra,
  });
}

/** A clock the test moves by hand: the gateway's SLA and care timers see only this time. */
export function testClock(start: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set: (at) => void (t = at.getTime()),
    advance: (ms) => void (t += ms),
  };
}
