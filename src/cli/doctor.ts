import type { Command } from 'commander';
import { loadDeskConfig, type DeskConfig } from '../config/desk';
import { loadEnv, type Env } from '../config/env';
import { ConfigError } from '../config/errors';
import { checkImap, checkMongo, checkRedis, checkSmtp, mongoTarget, redactUrl, redisTarget, type CheckResult, type Defer } from './doctor-checks';

/** Every check gives up after this long, so a black-holed server cannot hang the doctor. */
const CHECK_TIMEOUT_MS = 10_000;

type Source = Record<string, string | undefined>;

/** Valid stand-ins for required variables that failed validation, so the other variables still parse. */
const PLACEHOLDERS: Record<string, string> = {
  MONGO_URL: 'mongodb://invalid.invalid/x',
  REDIS_URL: 'redis://invalid.invalid',
  IMAP_HOST: 'invalid.invalid',
  IMAP_PASSWORD: 'invalid',
  SMTP_HOST: 'invalid.invalid',
  TOKEN_SECRET: 'invalid-invalid-invalid',
  TICKETGATE_CONFIG: '/nonexistent',
};

interface Loaded {
  /** The environment with invalid variables replaced; only checks that need none of `badKeys` may use it. */
  env?: Env;
  badKeys: Set<string>;
  desk?: DeskConfig;
  config: CheckResult;
}

/** `ticketgate doctor [--json]`: checks the configuration and every connection, and says how to fix what fails. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the configuration and the connections to MongoDB, Redis, IMAP and SMTP; say how to fix what is wrong')
    .option('--json', 'print one JSON object: { checks: [...], ok }')
    .action(async (opts: { json?: boolean }) => {
      // Never a stack trace for the operator: whatever escapes the checks is a failed check too.
      const checks = await runDoctor(process.env).catch((err: Error) => [{ check: 'doctor', target: '-', status: 'fail' as const, detail: `internal error: ${err.message}` }]);
      const failed = checks.some((c) => c.status === 'fail');
      const out = opts.json ? `${JSON.stringify({ checks, ok: !failed })}\n` : renderTable(checks);
      process.stdout.write(out, () => process.exit(failed ? 1 : 0));
    });
}

export async function runDoctor(source: Source): Promise<CheckResult[]> {
  const loaded = loadConfig(source);
  const planned = plan(loaded, source);
  const results = await Promise.all(planned.map((p) => ('status' in p ? p : runCheck(p, p.env))));
  return scrub([loaded.config, ...results], secretsOf(source, loaded.desk));
}

function loadConfig(source: Source): Loaded {
  const { env, badKeys, problems } = partialEnv(source);
  let desk: DeskConfig | undefined;
  const path = badKeys.has('TICKETGATE_CONFIG') ? undefined : (env?.TICKETGATE_CONFIG ?? source.TICKETGATE_CONFIG);
  if (path) {
    try {
      desk = loadDeskConfig(path);
    } catch (err) {
      problems.push(...(err instanceof ConfigError ? err.problems : [(err as Error).message]));
    }
  }
  const target = path ?? 'TICKETGATE_CONFIG';
  if (problems.length > 0) {
    const fix = [badKeys.size > 0 ? `correct the environment variable(s) ${[...badKeys].join(', ')}` : '', !desk && path ? `correct the desk file ${path} (TICKETGATE_CONFIG)` : ''].filter(Boolean).join('; ');
    return { env, badKeys, desk, config: { check: 'config', target, status: 'fail', detail: problems.join('; '), fix: `${fix}; ticketgate check-config repeats this check` } };
  }
  const d = desk!;
  return { env, badKeys, desk, config: { check: 'config', target, status: 'ok', detail: `environment valid; ${d.mailboxes.length} mailbox(es), ${d.agents.length} agent(s), ${d.managers.length} manager(s)` } };
}

/** loadEnv, and when it fails, a second parse with the failing variables replaced, so unaffected checks still run. */
function partialEnv(source: Source): { env?: Env; badKeys: Set<string>; problems: string[] } {
  try {
    return { env: loadEnv(source), badKeys: new Set(), problems: [] };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const badKeys = new Set(err.problems.map((p) => /^env\.([A-Z0-9_]+)/.exec(p)?.[1]).filter((k): k is string => k !== undefined));
    const patched: Source = { ...source };
    for (const key of badKeys) patched[key] = PLACEHOLDERS[key];
    let env: Env | undefined;
    try {
      env = loadEnv(patched);
    } catch {
      env = undefined;
    }
    return { env, badKeys, problems: [...err.problems] };
  }
}

/** A check to run: `server` and `settings` word the failure when it does not answer in time. */
interface Spec {
  check: string;
  keys: string[];
  target(env: Env): string;
  server(env: Env): string;
  settings: string;
  run(env: Env, defer: Defer): Promise<CheckResult>;
}

type Planned = CheckResult | (Spec & { env: Env });

/** The checks in report order; one whose settings are invalid is listed as skipped, with the reason. */
function plan(loaded: Loaded, source: Source): Planned[] {
  const imapKeys = ['IMAP_HOST', 'IMAP_PORT', 'IMAP_TLS', 'IMAP_USER', 'IMAP_ALLOW_PLAINTEXT'];
  const imapServer = (e: Env) => `${e.IMAP_HOST}:${e.IMAP_PORT}`;
  const imap: Planned[] = loaded.desk
    ? loaded.desk.mailboxes.map((m) => needs(loaded, { check: 'imap', keys: [...imapKeys, ...(m.passwordEnv === 'IMAP_PASSWORD' ? ['IMAP_PASSWORD'] : [])], target: () => m.address, server: imapServer, settings: 'IMAP_HOST, IMAP_PORT and IMAP_TLS', run: (e, defer) => checkImap(e, m, source, defer) }))
    : [{ check: 'imap', target: source.IMAP_HOST ?? 'IMAP_HOST', status: 'skipped', detail: 'the desk file is not valid, so its mailboxes are unknown' }];
  return [
    needs(loaded, { check: 'mongodb', keys: ['MONGO_URL'], target: (e) => mongoTarget(e.MONGO_URL), server: (e) => mongoTarget(e.MONGO_URL), settings: 'MONGO_URL', run: (e, defer) => checkMongo(e.MONGO_URL, defer) }),
    needs(loaded, { check: 'redis', keys: ['REDIS_URL'], target: (e) => redisTarget(e.REDIS_URL), server: (e) => redisTarget(e.REDIS_URL), settings: 'REDIS_URL', run: (e, defer) => checkRedis(e.REDIS_URL, defer) }),
    ...imap,
    needs(loaded, { check: 'smtp', keys: ['SMTP_HOST', 'SMTP_PORT', 'SMTP_TLS', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_REQUIRE_TLS', 'SMTP_OAUTH_MAILBOX'], target: (e) => `${e.SMTP_HOST}:${e.SMTP_PORT}`, server: (e) => `${e.SMTP_HOST}:${e.SMTP_PORT}`, settings: 'SMTP_HOST, SMTP_PORT and SMTP_TLS', run: (e, defer) => checkSmtp(e, defer, loaded.desk, source) }),
  ];
}

function needs(loaded: Loaded, spec: Spec): Planned {
  const bad = spec.keys.filter((k) => loaded.badKeys.has(k));
  const env = loaded.env;
  if (env && bad.length === 0) return { ...spec, env };
  const detail = bad.length > 0 ? `${bad.join(', ')} not valid (see config)` : 'the environment could not be read (see config)';
  return { check: spec.check, target: bad[0] ?? spec.keys[0], status: 'skipped', detail };
}

/** Runs one check under the time limit; its connections are closed however it ends. */
async function runCheck(spec: Spec, env: Env): Promise<CheckResult> {
  const { check } = spec;
  const target = safely(() => spec.target(env), spec.keys[0]);
  const cleanups: Array<() => unknown> = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    const detail = `no answer from ${safely(() => spec.server(env), target)} within ${CHECK_TIMEOUT_MS / 1000} s: a firewall dropping the connection, or a server that accepts but does not answer`;
    timer = setTimeout(() => resolve({ check, target, status: 'fail', detail, fix: `check ${spec.settings}, and that the server is up and reachable from here` }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([spec.run(env, (c) => void cleanups.push(c)), timeout]);
  } catch (err) {
    return { check, target, status: 'fail', detail: `unexpected error: ${(err as Error).message}`, fix: `check ${spec.settings}` };
  } finally {
    clearTimeout(timer);
    // Not awaited beyond a moment: a close that hangs (the server never answers) must not hold the report.
    await Promise.race([Promise.allSettled(cleanups.map(async (c) => c())), new Promise((r) => setTimeout(r, 500).unref())]);
  }
}

function safely(f: () => string, fallback: string): string {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** Every secret the process was given, so that no server message that echoes one reaches the report. */
function secretsOf(source: Source, desk?: DeskConfig): string[] {
  const names = ['IMAP_PASSWORD', 'SMTP_PASSWORD', 'TOKEN_SECRET', 'TOKEN_SECRET_PREVIOUS', ...(desk?.mailboxes.map((m) => m.passwordEnv) ?? [])];
  const fromUrls = ['MONGO_URL', 'REDIS_URL'].flatMap((k) => urlSecrets(source[k]));
  // Very short values would blank out ordinary words; they are never printed by the checks anyway.
  return [...names.map((n) => source[n]), ...fromUrls].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

function urlSecrets(url: string | undefined): string[] {
  // A Sentinel URL may carry the sentinels' password in its query.
  const query = url ? /[?&]sentinelPassword=([^&#]*)/.exec(url) : null;
  const fromQuery = query ? [query[1], safeDecode(query[1])] : [];
  const m = url ? /\/\/([^/]*)@/.exec(url) : null;
  if (!m) return fromQuery;
  const password = m[1].split(':').slice(1).join(':');
  return [m[1], password, safeDecode(password), ...fromQuery];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function scrub(results: CheckResult[], secrets: string[]): CheckResult[] {
  const clean = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), redactUrl(s));
  return results.map((r) => ({ ...r, target: clean(r.target), detail: clean(r.detail), ...(r.fix ? { fix: clean(r.fix) } : {}) }));
}

/** One line per check (status, check, target, detail), an indented fix for the rest, and a summary line. */
export function renderTable(checks: CheckResult[]): string {
  const w = (key: 'check' | 'target') => Math.max(...checks.map((c) => c[key].length));
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${c.status.padEnd(7)} ${c.check.padEnd(w('check'))}  ${c.target.padEnd(w('target'))}  ${c.detail}`);
    if (c.status !== 'ok' && c.fix) lines.push(`        fix: ${c.fix}`);
  }
  const count = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  const skipped = count('skipped') > 0 ? `, ${count('skipped')} skipped` : '';
  lines.push(`doctor: ${count('ok')} ok, ${count('warn')} warnings, ${count('fail')} failed${skipped}`);
  return `${lines.join('\n')}\n`;
}
