import { Cluster, Redis, type ClusterOptions, type DNSLookupFunction, type RedisOptions } from 'ioredis';
import { ConfigError } from '../config/errors';

/*
 * Redis topologies. REDIS_URL picks one of three:
 *
 *   redis://[user:pass@]host:port[/db]            one Redis server (rediss:// for TLS), parsed by ioredis as before
 *   redis+sentinel://[user:pass@]h1:26379,h2:26379/<masterName>[?db=N&sentinelUsername=…&sentinelPassword=…]
 *                                                  a master found through Sentinel; ioredis asks the sentinels again
 *                                                  after a failover. user:pass log in to the master (and replicas),
 *                                                  sentinelUsername/sentinelPassword to the sentinels (often none).
 *                                                  rediss+sentinel:// uses TLS to both.
 *   redis+cluster://[user:pass@]h1:7000,h2:7001    Redis Cluster: a few seed nodes, the rest is discovered
 *                                                  (rediss+cluster:// for TLS). Database 0 only.
 *
 * Ports default to 26379 for sentinels and 6379 otherwise; a password with
 * one of : @ / ? # & % must be percent-encoded (%40 for @), and `+` stays a plus.
 *
 * On a Cluster, BullMQ's scripts touch several keys of one queue at once,
 * which Redis refuses unless they hash to one slot: QUEUE_PREFIX must carry a
 * hash tag, e.g. `{tg}` (env.ts checks it). Every other key of the gateway
 * (locks, metrics, rate counters, the ingest share) starts with the same
 * prefix, so one desk lives in one slot: a Cluster gives a desk a highly
 * available home among other tenants, not more throughput for the desk.
 */

/** What every module that talks to Redis gets: a single server (direct or via Sentinel) or a Cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisNode {
  host: string;
  port: number;
}

export type RedisTarget =
  | { mode: 'standalone'; tls: boolean; url: string }
  | { mode: 'sentinel'; tls: boolean; sentinels: RedisNode[]; name: string; db: number; username?: string; password?: string; sentinelUsername?: string; sentinelPassword?: string }
  | { mode: 'cluster'; tls: boolean; nodes: RedisNode[]; username?: string; password?: string };

/** The options callers set; createRedis puts each where the topology's client reads it. */
export type RedisClientOptions = Pick<RedisOptions, 'maxRetriesPerRequest' | 'enableReadyCheck' | 'enableOfflineQueue' | 'lazyConnect' | 'connectTimeout' | 'connectionName'>;

const MULTI = /^(rediss?)\+(sentinel|cluster):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/;
const HOST = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+))(?::(\d{1,5}))?$/;
const SENTINEL_PARAMS = ['db', 'sentinelUsername', 'sentinelPassword'];

/** Never echoes the URL itself: it may carry a password. */
function fail(problem: string): never {
  throw new ConfigError([`env.REDIS_URL: ${problem}`]);
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(`the ${what} is not valid percent-encoding`);
  }
}

export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?:\/\//.test(url)) return parseStandalone(url);
  const m = MULTI.exec(url);
  if (!m) {
    if (/^rediss?\+(sentinel|cluster):\/\//.test(url)) fail('a # (fragment) is not allowed; percent-encode it in a password as %23');
    return fail('expected redis://, rediss://, redis+sentinel://, rediss+sentinel://, redis+cluster:// or rediss+cluster://');
  }
  const [, scheme, mode, authority, path, query] = m;
  const tls = scheme === 'rediss';
  const at = authority.lastIndexOf('@');
  const creds = at < 0 ? {} : credentials(authority.slice(0, at));
  const nodes = hostList(authority.slice(at + 1), mode === 'sentinel' ? 26379 : 6379);
  const params = queryParams(query ?? '');
  if (mode === 'cluster') {
    if (!['', '/', '/0'].includes(path)) fail('Redis Cluster has only database 0: leave the path empty');
    const unknown = Object.keys(params)[0];
    if (unknown !== undefined) fail(`unknown parameter "${unknown}" (a redis+cluster:// URL takes none)`);
    return { mode: 'cluster', tls, nodes, ...creds };
  }
  return { mode: 'sentinel', tls, sentinels: nodes, name: masterName(path), db: database(params.db), ...creds, ...sentinelCredentials(params) };
}

/** One server: ioredis parses the URL itself, as before; only a URL it would misread is refused here. */
function parseStandalone(url: string): RedisTarget {
  const authority = /^rediss?:\/\/([^/?#]*)/.exec(url)?.[1] ?? '';
  if (authority.slice(authority.lastIndexOf('@') + 1).includes(',')) fail('several hosts need redis+sentinel:// or redis+cluster://');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('not a valid URL (percent-encode : @ / ? # in a password)');
  }
  if (!parsed.hostname) fail('no host: expected redis://host:port');
  return { mode: 'standalone', tls: parsed.protocol === 'rediss:', url };
}

function credentials(userinfo: string): { username?: string; password?: string } {
  const colon = userinfo.indexOf(':');
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon), 'user name');
  const password = colon < 0 ? undefined : decode(userinfo.slice(colon + 1), 'password');
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

function hostList(list: string, defaultPort: number): RedisNode[] {
  if (!list) fail('no host: list host:port pairs separated by commas');
  return list.split(',').map((entry) => {
    const m = HOST.exec(entry.trim());
    if (!m) return fail(`"${entry.trim()}" is not host:port (IPv6 goes in brackets: [::1]:6379)`);
    const port = m[3] === undefined ? defaultPort : Number(m[3]);
    if (port < 1 || port > 65535) fail(`port ${port} is not 1-65535`);
    return { host: m[1] ?? m[2], port };
  });
}

/** Split by hand: URLSearchParams would turn a `+` in a password into a space. */
function queryParams(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), 'parameter name');
    out[key] = decode(eq < 0 ? '' : pair.slice(eq + 1), `parameter ${key}`);
  }
  return out;
}

function masterName(path: string): string {
  const name = decode(path.replace(/^\//, ''), 'master name');
  if (!name) fail('name the master group after the hosts: redis+sentinel://host:26379/mymaster');
  if (name.includes('/')) fail('expected /<masterName> only; give the database as ?db=N');
  return name;
}

function database(db: string | undefined): number {
  if (db === undefined) return 0;
  if (!/^\d{1,5}$/.test(db)) fail('db must be a database number such as 0');
  return Number(db);
}

function sentinelCredentials(params: Record<string, string>): { sentinelUsername?: string; sentinelPassword?: string } {
  const unknown = Object.keys(params).find((k) => !SENTINEL_PARAMS.includes(k));
  if (unknown !== undefined) fail(`unknown parameter "${unknown}" (expected ${SENTINEL_PARAMS.join(', ')})`);
  const { sentinelUsername, sentinelPassword } = params;
  return { ...(sentinelUsername ? { sentinelUsername } : {}), ...(sentinelPassword ? { sentinelPassword } : {}) };
}

/**
 * A client for REDIS_URL. BullMQ needs `maxRetriesPerRequest: null` (its
 * blocking commands must wait out a reconnect, never fail after N retries):
 * pass it here and it lands where the topology's client reads it.
 */
export function createRedis(url: string, opts: RedisClientOptions = {}): RedisClient {
  const target = parseRedisUrl(url);
  if (target.mode === 'standalone') return new Redis(url, opts);
  if (target.mode === 'sentinel') return new Redis(sentinelOptions(target, opts));
  return new Cluster(target.nodes, clusterOptions(target, opts));
}

/** Commands hitting a master that was just demoted (READONLY) reconnect through the sentinels and run again. */
const reconnectOnReadonly = (err: Error) => (err.message.startsWith('READONLY') ? 2 : false);

function sentinelOptions(t: Extract<RedisTarget, { mode: 'sentinel' }>, opts: RedisClientOptions): RedisOptions {
  const { sentinels, name, db, username, password, sentinelUsername, sentinelPassword } = t;
  return {
    sentinels, name, db,
    ...defined({ username, password, sentinelUsername, sentinelPassword }),
    ...(t.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
    // Listens for +switch-master: without it a client cut off from the old master's demotion would keep writing to it.
    failoverDetector: true,
    reconnectOnError: reconnectOnReadonly,
    ...opts,
  };
}

function clusterOptions(t: Extract<RedisTarget, { mode: 'cluster' }>, opts: RedisClientOptions): ClusterOptions {
  const { enableReadyCheck, enableOfflineQueue, lazyConnect, ...perNode } = opts;
  return {
    // Explicit undefined would hide ioredis's defaults.
    ...defined({ enableReadyCheck, enableOfflineQueue, lazyConnect }),
    // BullMQ reads maxRetriesPerRequest from the redisOptions of a Cluster; the nodes run the commands, so they need it too.
    redisOptions: { ...defined({ username: t.username, password: t.password }), ...(t.tls ? { tls: {} } : {}), ...perNode },
    // With TLS, connect by the names given so the certificates (issued for names, not IPs) verify; ioredis's advice for managed clusters.
    ...(t.tls ? { dnsLookup: keepName } : {}),
  };
}

const keepName: DNSLookupFunction = (address, callback) => callback(null, address);

function defined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
