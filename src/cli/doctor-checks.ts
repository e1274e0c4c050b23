import { createRedis, parseRedisUrl } from '../workers/redis-connection';
import type { ImapFlow, ListResponse } from 'imapflow';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import { imapSettingsFor, tokenProvidersFor } from '../composition';
import type { DeskConfig } from '../config/desk';
import type { MailboxConfig } from '../config/desk';
import { isLoopback, type Env } from '../config/env';
import { smtpAuth } from '../mail/transport';
import { imapFactoryAsync } from '../ingest/imap-client';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

/** One line of the doctor's report; `fix` says what the operator should change. */
export interface CheckResult {
  check: string;
  target: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** Registers a close-down the runner calls when the check ends or times out. */
export type Defer = (cleanup: () => unknown) => void;

type Finding = Pick<CheckResult, 'status' | 'detail' | 'fix'>;

const CONNECT_MS = 5_000;
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** `user:pass@` in a URL never reaches the report. */
export function redactUrl(url: string): string {
  // Greedy up to the last @ of the authority: a password may hold an unencoded @.
  return url.replace(/\/\/[^/]*@/, '//***@');
}

/** An error's message on one line; OpenSSL's multi-line dumps shrink to their reason ("wrong version number"). */
function text(err: unknown): string {
  const raw = [(err as Error)?.message, (err as { cause?: Error })?.cause?.message].filter(Boolean).join(': ') || String(err);
  const ssl = /SSL routines:[^:]*:([^:]+):/.exec(raw);
  return (ssl ? ssl[1] : raw).replace(/\s+/g, ' ').trim();
}

/** Socket-level problems every client reports alike: the server was never talked to. */
function unreachable(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  return /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ECONNECTION|EDNS|CONNECT_TIMEOUT|GREETING_TIMEOUT)$/.test(code)
    || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|timed out|Connection is closed/i.test(text(err));
}

function tlsProblem(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  return code === 'ETLS' || /CERT|SSL|TLS/.test(code) || /certificate|wrong version number|STARTTLS/i.test(text(err));
}

/** host:port/db of a MongoDB URL, without credentials. */
export function mongoTarget(url: string): string {
  return redactUrl(url).replace(/^mongodb(\+srv)?:\/\/(\*\*\*@)?/, '').replace(/\?.*$/, '');
}

/** Where a Redis URL points, without credentials: host:port (6379 by default), or the sentinels or cluster nodes. */
export function redisTarget(url: string): string {
  try {
    const t = parseRedisUrl(url);
    if (t.mode === 'sentinel') return `sentinel ${t.name} at ${t.sentinels.map((n) => `${n.host}:${n.port}`).join(',')}`;
    if (t.mode === 'cluster') return `cluster ${t.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'REDIS_URL';
  }
}

export async function checkMongo(url: string, defer: Defer): Promise<CheckResult> {
  const target = mongoTarget(url);
  try {
    // connectMongo's options (src/models/connection.ts), with a shorter server selection so the doctor answers quickly.
    const conn = mongoose.createConnection(url, { serverSelectionTimeoutMS: CONNECT_MS, connectTimeoutMS: CONNECT_MS, retryWrites: false, autoIndex: false, maxPoolSize: 1 });
    conn.on('error', () => undefined);
    defer(() => conn.close(true));
    await conn.asPromise();
    const admin = conn.db!.admin();
    const started = Date.now();
    await admin.command({ ping: 1 });
    const ms = Date.now() - started;
    const info = await admin.command({ buildInfo: 1 });
    // FerretDB answers buildInfo with a MongoDB version it imitates, plus its own version.
    const ferret = info.ferretdbVersion && info.ferretdbVersion !== 'unknown' ? `FerretDB ${info.ferretdbVersion}` : 'FerretDB (version not reported)';
    const server = info.ferretdbVersion ? `${ferret}, speaking MongoDB ${info.version}` : `MongoDB ${info.version}`;
    return { check: 'mongodb', target, status: 'ok', detail: `${server}, ping ${ms} ms` };
  } catch (err) {
    return { check: 'mongodb', target, ...mongoFailure(err) };
  }
}

function mongoFailure(err: unknown): Finding {
  const e = err as { code?: number; codeName?: string; name?: string };
  if (e.code === 18 || e.codeName === 'AuthenticationFailed' || /authentication failed/i.test(text(err))) {
    return { status: 'fail', detail: `authentication failed: ${text(err)}`, fix: 'correct the user name and password in MONGO_URL (mongodb://USER:PASSWORD@host:port/db, URL-encoded; add ?authSource=admin if the user lives there)' };
  }
  if (e.name === 'MongoParseError' || e.name === 'MongoAPIError') return { status: 'fail', detail: `MONGO_URL cannot be used: ${text(err)}`, fix: 'correct MONGO_URL, e.g. mongodb://127.0.0.1:27017/ticketgate' };
  if (unreachable(err) || /ServerSelection/.test(e.name ?? '')) {
    return { status: 'fail', detail: `unreachable (connection refused or timed out): ${text(err)}`, fix: 'start MongoDB/FerretDB, or correct the host and port in MONGO_URL' };
  }
  return { status: 'fail', detail: text(err), fix: 'check MONGO_URL and the database server log' };
}

export async function checkRedis(url: string, defer: Defer): Promise<CheckResult> {
  const target = redisTarget(url);
  let lastError: unknown;
  // Unlike the gateway's connections (which retry for ever), one attempt: the doctor reports instead of waiting.
  const single = /^rediss?:\/\//.test(url);
  // Sentinel and Cluster clients come from the gateway's own factory; a single server is tried once, without retries.
  const redis = single
    ? new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_MS, retryStrategy: () => null, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : createRedis(url, { lazyConnect: true, connectTimeout: CONNECT_MS, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err) => (lastError = err));
  defer(() => redis.disconnect());
  try {
    await redis.connect();
    await redis.ping();
    const info = Object.fromEntries((await redis.info()).split('\r\n').map((l) => l.split(':', 2)).filter((kv) => kv.length === 2));
    const name = info.server_name === 'valkey' ? `Valkey ${info.valkey_version ?? info.redis_version}` : `Redis ${info.redis_version}`;
    return { check: 'redis', target, ...evictionFinding(name, info.maxmemory_policy) };
  } catch (err) {
    return { check: 'redis', target, ...redisFailure(target, lastError ?? err, err) };
  }
}

function evictionFinding(server: string, policy: string | undefined): Finding {
  if (!policy) return { status: 'ok', detail: `${server}, PING ok (maxmemory-policy not reported)` };
  if (policy === 'noeviction') return { status: 'ok', detail: `${server}, PING ok, maxmemory-policy noeviction` };
  // BullMQ keeps its jobs in Redis keys: an evicting policy silently drops queued mail and sends under memory pressure.
  return { status: 'warn', detail: `${server}, PING ok, but maxmemory-policy is ${policy}: under memory pressure Redis deletes keys, and BullMQ loses jobs`, fix: 'run CONFIG SET maxmemory-policy noeviction (and put "maxmemory-policy noeviction" in redis.conf)' };
}

function redisFailure(target: string, cause: unknown, err: unknown): Finding {
  // ioredis rejects with "Connection is closed"; the socket error it emitted before says why.
  const message = text(cause);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(`${message} ${text(err)}`)) {
    return { status: 'fail', detail: `authentication failed at ${target}: ${message}`, fix: 'correct the password (and user) in REDIS_URL: redis://:PASSWORD@host:port or redis://USER:PASSWORD@host:port' };
  }
  if (unreachable(cause) || unreachable(err)) return { status: 'fail', detail: `unreachable at ${target}: ${message}`, fix: `start Redis at ${target}, or correct the host and port in REDIS_URL` };
  return { status: 'fail', detail: `${target}: ${message}`, fix: 'check REDIS_URL and the Redis server log' };
}

/** IMAP login with exactly the settings the ingest role uses (imapSettingsFor, imapFactoryAsync). */
export async function checkImap(env: Env, mailbox: MailboxConfig, secrets: Record<string, string | undefined>, defer: Defer): Promise<CheckResult> {
  const target = mailbox.address;
  let settings;
  try {
    // An OAuth mailbox gets its own token provider: the check then proves the refresh token works too.
    const tokens = tokenProvidersFor({ mailboxes: [mailbox] } as DeskConfig, secrets, { now: () => new Date() }, silent);
    settings = imapSettingsFor(env, mailbox, secrets, tokens);
  } catch (err) {
    return { check: 'imap', target, status: 'fail', detail: text(err), fix: `set ${mailbox.passwordEnv} to the IMAP password of ${mailbox.imapUser ?? env.IMAP_USER ?? mailbox.address}` };
  }
  const where = `${settings.user} at ${env.IMAP_HOST}:${env.IMAP_PORT}`;
  // A password mailbox names its variable; an OAuth one (no password) logs in with a token from its refresh token.
  const credential = settings.password !== undefined ? mailbox.passwordEnv : "the mailbox's OAuth refresh token";
  let client: ImapFlow;
  try {
    client = await imapFactoryAsync(silent)(settings);
    client.on('error', () => undefined);
    defer(() => client.close());
    await client.connect();
  } catch (err) {
    return { check: 'imap', target, ...imapConnectFailure(err, where, credential, env.IMAP_TLS) };
  }
  const findings = [...capabilityFindings(client), ...folderFindings(mailbox, await client.list())];
  await client.logout().catch(() => undefined);
  const status = findings.some((f) => f.status === 'fail') ? 'fail' : findings.some((f) => f.status === 'warn') ? 'warn' : 'ok';
  const tls = client.secureConnection ? 'TLS' : isLoopback(env.IMAP_HOST) ? 'plain, loopback' : 'plain';
  const fixes = findings.map((f) => f.fix).filter(Boolean);
  return { check: 'imap', target, status, detail: [`logged in as ${where} (${tls})`, ...findings.map((f) => f.detail)].join('; '), ...(fixes.length ? { fix: fixes.join('; ') } : {}) };
}

function imapConnectFailure(err: unknown, where: string, credential: string, tls: boolean): Finding {
  if ((err as { authenticationFailed?: boolean }).authenticationFailed) {
    return { status: 'fail', detail: `authentication failed for ${where}: ${(err as { responseText?: string }).responseText ?? text(err)}`, fix: `correct ${credential} (used for ${where.split(' at ')[0]}), or the user name (imapUser in the desk file, or IMAP_USER)` };
  }
  if (tlsProblem(err)) return { status: 'fail', detail: `TLS failed with ${where}: ${text(err)}`, fix: `check that IMAP_TLS (${tls}) matches IMAP_PORT (993: true; 143: false, with STARTTLS) and that IMAP_HOST is the name on the server's certificate` };
  if (unreachable(err)) return { status: 'fail', detail: `unreachable: ${where}: ${text(err)}`, fix: 'start the IMAP server, or correct IMAP_HOST and IMAP_PORT' };
  return { status: 'fail', detail: `${where}: ${text(err)}`, fix: 'check IMAP_HOST, IMAP_PORT, IMAP_TLS and the IMAP server log' };
}

function capabilityFindings(client: ImapFlow): Finding[] {
  const has = (c: string) => client.capabilities.has(c);
  const out: Finding[] = [{ status: 'ok', detail: `capabilities:${['IDLE', 'UIDPLUS', 'MOVE'].filter(has).map((c) => ` ${c}`).join('') || ' none of IDLE, UIDPLUS, MOVE'}` }];
  // RFC 2177: without IDLE new mail is only noticed at each poll.
  if (!has('IDLE')) out.push({ status: 'warn', detail: 'no IDLE: new mail is seen only every IMAP_POLL_SECONDS', fix: 'lower IMAP_POLL_SECONDS if replies come too late' });
  // RFC 4315: without UIDPLUS the UID a mail gets in Processed/Quarantine is unknown, so quarantine moves must search for it.
  if (!has('UIDPLUS')) out.push({ status: 'warn', detail: 'no UIDPLUS: the gateway cannot record where moved mails land', fix: 'enable UIDPLUS on the IMAP server if it can' });
  // RFC 6851: without MOVE a move is COPY + \Deleted + EXPUNGE, which a crash can leave half done (a mail in two folders).
  if (!has('MOVE')) out.push({ status: 'warn', detail: 'no MOVE: mails are copied then expunged, not moved atomically', fix: 'enable MOVE on the IMAP server if it can' });
  return out;
}

function folderFindings(mailbox: MailboxConfig, list: ListResponse[]): Finding[] {
  const exists = (name: string) => list.some((f) => f.path === name || (name.toUpperCase() === 'INBOX' && f.path.toUpperCase() === 'INBOX'));
  const out: Finding[] = [];
  if (!exists(mailbox.folder)) out.push({ status: 'fail', detail: `folder ${mailbox.folder} does not exist`, fix: `create ${mailbox.folder} or correct "folder" of ${mailbox.address} in the desk file (folders: ${list.map((f) => f.path).join(', ')})` });
  const missing = [mailbox.processedFolder, mailbox.quarantineFolder].filter((f) => !exists(f));
  if (missing.length > 0) out.push({ status: 'warn', detail: `${missing.join(' and ')} missing (created at first start)`, fix: 'nothing to do unless the IMAP user may not create folders' });
  if (out.length === 0) out.push({ status: 'ok', detail: `folders ${mailbox.folder}, ${mailbox.processedFolder}, ${mailbox.quarantineFolder} present` });
  return out;
}

/**
 * nodemailer's verify() with createSmtpTransport's options and login (src/mail/transport.ts keeps its transporter private).
 * With SMTP_OAUTH_MAILBOX the login is XOAUTH2 with a token from that mailbox's refresh token, as smtpFor logs in.
 */
export async function checkSmtp(env: Env, defer: Defer, desk?: DeskConfig, secrets: Record<string, string | undefined> = {}): Promise<CheckResult> {
  const target = `${env.SMTP_HOST}:${env.SMTP_PORT}`;
  const loopback = isLoopback(env.SMTP_HOST);
  let login;
  try {
    login = smtpLogin(env, desk, secrets);
  } catch (err) {
    return { check: 'smtp', target, status: 'fail', detail: text(err), fix: 'set SMTP_OAUTH_MAILBOX to a mailbox of the desk file that has oauth settings, or unset it to log in with SMTP_PASSWORD' };
  }
  const transporter = nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_TLS,
    ignoreTLS: !env.SMTP_TLS && loopback,
    requireTLS: !env.SMTP_TLS && !loopback && env.SMTP_REQUIRE_TLS,
    auth: smtpAuth(login),
    connectionTimeout: CONNECT_MS,
    greetingTimeout: CONNECT_MS,
    socketTimeout: 2 * CONNECT_MS,
  });
  defer(() => transporter.close());
  try {
    await transporter.verify();
    const how = login.accessToken ? ` with ${env.SMTP_OAUTH_MAILBOX}'s OAuth token` : '';
    const as = login.user ? `logged in as ${login.user}${how}` : 'no login (SMTP_USER not set)';
    return { check: 'smtp', target, status: 'ok', detail: `server accepted the connection, ${as}` };
  } catch (err) {
    return { check: 'smtp', target, ...smtpFailure(err, env) };
  }
}

/** The SMTP user and credential the gateway would use (the same rules as smtpFor in src/wiring/core.ts). */
function smtpLogin(env: Env, desk: DeskConfig | undefined, secrets: Record<string, string | undefined>): { user?: string; password?: string; accessToken?: (o?: { forceRefresh?: boolean }) => Promise<string> } {
  if (!env.SMTP_OAUTH_MAILBOX) return { user: env.SMTP_USER, password: env.SMTP_PASSWORD };
  const mailbox = desk?.mailboxes.find((m) => m.address === env.SMTP_OAUTH_MAILBOX && m.oauth);
  if (!mailbox) throw new Error(`SMTP_OAUTH_MAILBOX ${env.SMTP_OAUTH_MAILBOX}: no mailbox with oauth settings has that address`);
  const provider = tokenProvidersFor({ mailboxes: [mailbox] } as DeskConfig, secrets, { now: () => new Date() }, silent).get(mailbox.address)!;
  return { user: env.SMTP_USER ?? env.SMTP_OAUTH_MAILBOX, accessToken: (o) => provider.accessToken(o) };
}

function smtpFailure(err: unknown, env: Env): Finding {
  const code = (err as { code?: string }).code;
  if (code === 'EAUTH' || code === 'ENOAUTH') return { status: 'fail', detail: `authentication failed as ${env.SMTP_USER ?? '(no user)'}: ${text(err)}`, fix: 'correct SMTP_USER and SMTP_PASSWORD' };
  if (tlsProblem(err)) return { status: 'fail', detail: `TLS failed: ${text(err)}`, fix: 'check SMTP_TLS (true for port 465) and SMTP_PORT; SMTP_REQUIRE_TLS=false only for a trusted relay without STARTTLS' };
  if (unreachable(err) || code === 'ESOCKET') return { status: 'fail', detail: `unreachable: ${text(err)}`, fix: 'start the SMTP server, or correct SMTP_HOST and SMTP_PORT' };
  return { status: 'fail', detail: text(err), fix: 'check SMTP_HOST, SMTP_PORT, SMTP_TLS and the SMTP server log' };
}
