import { z } from 'zod';
import { ConfigError, describeIssues } from './errors';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number({ message: 'expected a port number' }).int().min(1, 'expected a port 1-65535').max(65535, 'expected a port 1-65535');

const envSchema = z.object({
  MONGO_URL: z.string({ message: 'expected a MongoDB URL such as mongodb://127.0.0.1:27017/ticketgate' }).regex(/^mongodb(\+srv)?:\/\//, 'expected a URL starting with mongodb://'),
  REDIS_URL: z.string({ message: 'expected a Redis URL such as redis://127.0.0.1:6379' }).regex(/^rediss?:\/\//, 'expected a URL starting with redis:// or rediss://'),
  IMAP_HOST: z.string({ message: 'expected the IMAP server host name' }).min(1),
  IMAP_PORT: port.default(993),
  IMAP_TLS: bool.default(true),
  IMAP_USER: z.string().min(1).optional(),
  IMAP_PASSWORD: z.string({ message: 'expected the IMAP password of the support mailbox' }).min(1),
  SMTP_HOST: z.string({ message: 'expected the SMTP server host name' }).min(1),
  SMTP_PORT: port.default(587),
  SMTP_TLS: bool.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  /** Signs reply addresses (support+TG-000123.token@…): only whoever saw a mail about a ticket can answer into it. */
  TOKEN_SECRET: z.string({ message: 'expected a random secret of at least 16 characters (e.g. openssl rand -hex 32)' }).min(16, 'expected at least 16 characters'),
  /** Secrets being rotated out, comma-separated: replies and survey links signed with them still verify. */
  TOKEN_SECRET_PREVIOUS: z.string().optional().transform((v) => (v ? v.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [])).pipe(z.array(z.string().min(16, 'expected each previous secret to have at least 16 characters'))),
  /** STARTTLS is required when SMTP_TLS is off, except on loopback; set false only for a trusted internal relay. */
  SMTP_REQUIRE_TLS: bool.default(true),
  /** The IMAP password is refused over a plain connection to anything but loopback, unless this says the network is trusted. */
  IMAP_ALLOW_PLAINTEXT: bool.default(false),
  TICKETGATE_CONFIG: z.string({ message: 'expected the path of the desk config file (YAML)' }).min(1),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, - or _').default('tg'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  IMAP_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** Expiry of a mailbox's poller lock: how long a crashed ingest process keeps the others from polling its mailbox. */
  IMAP_LOCK_SECONDS: z.coerce.number().min(3).max(600).default(30),
  /** How often a worker queues again stored mail without an outcome and outbound mail not sent (jobs lost with Redis data). */
  RECOVERY_SECONDS: z.coerce.number().min(5).max(3600).default(60),
  /** The gateway's small web server (survey links); 0 picks a free port. */
  HTTP_PORT: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(8080),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Where customers reach that web server, e.g. https://support.example.com; unset: surveys are answered by reply only. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://support.example.com' }).optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Reads connection settings once, at start; the rest of the code gets `Env`, never `process.env`. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, 'env'));
  const env = result.data;
  if (!env.IMAP_TLS && !env.IMAP_ALLOW_PLAINTEXT && !isLoopback(env.IMAP_HOST)) {
    throw new ConfigError([`env.IMAP_TLS: false would send the mailbox password in clear text to ${env.IMAP_HOST}; use IMAP_TLS=true, or IMAP_ALLOW_PLAINTEXT=true on a trusted internal network`]);
  }
  return env;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '::1';
}
