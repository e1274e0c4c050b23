import { z } from 'zod';
import { ConfigError, describeIssues } from './errors';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number({ message: 'expected a port number' }).int().min(1, 'expected a port 1-65535').max(65535, 'expected a port 1-65535');

// Descriptions live on the schema so docs/configuration.md is generated from it (npm run docs:config);
// `secret: true` marks values that must not be shared or logged (log.ts redacts the same ones).
export const envSchema = z.object({
  MONGO_URL: z.string({ message: 'expected a MongoDB URL such as mongodb://127.0.0.1:27017/ticketgate' }).regex(/^mongodb(\+srv)?:\/\//, 'expected a URL starting with mongodb://').meta({ description: 'MongoDB database of tickets, messages, stored mail and history; the URL may carry credentials.', secret: true }),
  REDIS_URL: z.string({ message: 'expected a Redis URL such as redis://127.0.0.1:6379' }).regex(/^rediss?(\+(sentinel|cluster))?:\/\//, 'expected a URL starting with redis:// or rediss:// (or redis+sentinel://, redis+cluster://, and rediss+… for TLS)').meta({ description: 'Redis of the job queues, locks and rate counters; the URL may carry credentials. One server: `redis://[user:pass@]host:6379[/db]`; Sentinel: `redis+sentinel://[user:pass@]host1:26379,host2:26379/mymaster[?db=N&sentinelPassword=…]`; Cluster: `redis+cluster://[user:pass@]host1:7000,host2:7001` (QUEUE_PREFIX then needs a `{hash tag}`); `rediss` instead of `redis` for TLS.', secret: true }),
  IMAP_HOST: z.string({ message: 'expected the IMAP server host name' }).min(1).describe('IMAP server the support mailboxes are read from.'),
  IMAP_PORT: port.default(993).describe('Port of the IMAP server (993: TLS from the start; 143: plain).'),
  IMAP_TLS: bool.default(true).describe('Connect to IMAP over TLS from the start; false is refused for a server other than loopback unless IMAP_ALLOW_PLAINTEXT is true.'),
  IMAP_USER: z.string().min(1).optional().describe('IMAP login of mailboxes that set no `imapUser`; unset: each mailbox logs in with its own address.'),
  IMAP_PASSWORD: z.string().min(1).optional().meta({ description: 'IMAP password of every mailbox whose `passwordEnv` is IMAP_PASSWORD (the default); required unless every mailbox names its own variable or uses OAuth.', secret: true }),
  SMTP_HOST: z.string({ message: 'expected the SMTP server host name' }).min(1).describe('SMTP server all outgoing mail (acknowledgements, replies, notifications, digests) is sent through.'),
  SMTP_PORT: port.default(587).describe('Port of the SMTP server (587: submission with STARTTLS; 465: TLS from the start).'),
  SMTP_TLS: bool.default(false).describe('Connect to SMTP over TLS from the start (usually port 465); false: a plain connection upgraded by STARTTLS.'),
  SMTP_USER: z.string().min(1).optional().describe('SMTP login; unset: mail is sent without authentication (a relay that trusts the gateway).'),
  SMTP_PASSWORD: z.string().min(1).optional().meta({ description: 'SMTP password of SMTP_USER.', secret: true }),
  SMTP_OAUTH_MAILBOX: z.string().email('expected the address of a mailbox with oauth settings').optional().describe('Log in to SMTP with the OAuth tokens of this support mailbox (its `oauth` settings in the desk file) instead of SMTP_PASSWORD; the SMTP user is SMTP_USER or this address.'),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5).describe('SMTP connections a worker process keeps open (pooled) for sending.'),
  TOKEN_SECRET: z.string({ message: 'expected a random secret of at least 16 characters (e.g. openssl rand -hex 32)' }).min(16, 'expected at least 16 characters').meta({ description: 'Signs reply addresses (support+TG-000123.token@…): only whoever saw a mail about a ticket can answer into it.', secret: true }),
  TOKEN_SECRET_PREVIOUS: z.string().optional().transform((v) => (v ? v.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [])).pipe(z.array(z.string().min(16, 'expected each previous secret to have at least 16 characters'))).meta({ description: 'Secrets being rotated out, comma-separated (each at least 16 characters): replies and survey links signed with them still verify.', secret: true }),
  SMTP_REQUIRE_TLS: bool.default(true).describe('STARTTLS is required when SMTP_TLS is off, except on loopback; set false only for a trusted internal relay.'),
  IMAP_ALLOW_PLAINTEXT: bool.default(false).describe('The IMAP password is refused over a plain connection to anything but loopback, unless this says the network is trusted.'),
  TICKETGATE_CONFIG: z.string({ message: 'expected the path of the desk config file (YAML)' }).min(1).describe('Path of the desk file (YAML): see Desk file below.'),
  QUEUE_PREFIX: z.string().regex(/^([A-Za-z0-9_-]+|[A-Za-z0-9_-]*\{[A-Za-z0-9_-]+\}[A-Za-z0-9_-]*)$/, 'expected letters, digits, - or _, with at most one {hash tag} such as {tg}').default('tg').describe('Prefix of every Redis key (queues, locks, rate counters): desks sharing one Redis need different prefixes. On a Redis Cluster it must hold a hash tag in braces, e.g. `{tg}` or `tg{desk1}`, so the keys of each queue share one slot.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Lowest level written to the JSON log on stdout (pino levels).'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8).describe('Intake jobs one worker process runs at the same time; sending and timed care run ceil(N/2) each, quarantine moves, the care sweep and digests one each.'),
  IMAP_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(30).describe('Seconds between full passes over a mailbox when IMAP IDLE reports nothing: the polling fallback for servers without IDLE.'),
  IMAP_LOCK_SECONDS: z.coerce.number().min(3).max(600).default(30).describe("Expiry of a mailbox's poller lock: how long a crashed ingest process keeps the others from polling its mailbox."),
  RECOVERY_SECONDS: z.coerce.number().min(5).max(3600).default(60).describe('How often the scheduler (once across all its processes) queues again stored mail without an outcome and outbound mail not sent, both after 2 minutes, and re-creates the care and digest schedules (jobs lost with Redis data).'),
  HTTP_PORT: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(8080).describe("Port of the gateway's small web server (survey links); 0 picks a free port."),
  HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the web server listens on: 127.0.0.1 serves this host only (e.g. behind a reverse proxy), 0.0.0.0 every interface.'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://support.example.com' }).optional().describe('Where customers reach that web server, e.g. https://support.example.com; unset: surveys are answered by reply only.'),
  OPS_PORT: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(9464).describe('Port of the operators\' endpoints of each process: /metrics (Prometheus), /healthz, /readyz and the /queues dashboard; 0 picks a free port. `ticketgate run` gives its ingest process this port + 1.'),
  OPS_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the operators\' endpoints listen on; keep it loopback or a private network: /metrics and the health checks have no authentication.'),
  DASHBOARD_USER: z.string().min(1).optional().describe('User name of the /queues dashboard (HTTP Basic authentication); unset: the dashboard is off.'),
  DASHBOARD_PASSWORD: z.string().min(12, 'expected at least 12 characters').optional().meta({ description: 'Password of the /queues dashboard; at least 12 characters.', secret: true }),
}).refine((env) => !/^rediss?\+cluster:/.test(String(env.REDIS_URL)) || /\{.+\}/.test(String(env.QUEUE_PREFIX)), {
  path: ['QUEUE_PREFIX'],
  message: "expected a {hash tag} such as {tg} with a redis+cluster:// REDIS_URL: BullMQ's scripts touch several keys of one queue at once, which Redis Cluster allows only when they hash to one slot",
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
