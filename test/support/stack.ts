import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '../../..');

export interface Stack {
  REDIS_URL: string;
  MONGO_URL: string;
  IMAP_HOST: string;
  IMAP_PORT: string;
  SMTP_HOST: string;
  SMTP_PORT: string;
  LMTP_PORT: string;
  MAIL_DOMAIN: string;
  MAIL_PASSWORD: string;
  STACK_DIR: string;
}

let started: Promise<Stack> | undefined;

/**
 * The real servers, started once per test run by scripts/stack.sh on free
 * loopback ports (Redis, FerretDB, Dovecot, Postfix). Where MONGO_URL is set,
 * that MongoDB is used instead of FerretDB. Missing servers are an error, never a skip.
 */
export function getStack(): Promise<Stack> {
  started ??= (async () => {
    const dir = mkdtempSync('/tmp/tg-test-');
    await run('bash', [join(ROOT, 'scripts/stack.sh'), 'start', dir], { timeout: 60_000 });
    const env = parseEnvFile(readFileSync(join(dir, 'stack.env'), 'utf8')) as unknown as Stack;
    if (process.env.MONGO_URL) env.MONGO_URL = process.env.MONGO_URL;
    return env;
  })();
  return started;
}

export async function stopStack(): Promise<void> {
  if (!started) return;
  const stack = await started.catch(() => undefined);
  started = undefined;
  if (stack) await run('bash', [join(ROOT, 'scripts/stack.sh'), 'stop', stack.STACK_DIR, '--clean'], { timeout: 60_000 });
}

export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** A database name of its own per test, on the same server. */
export function mongoUrlFor(stack: Stack, db: string): string {
  const u = new URL(stack.MONGO_URL);
  u.pathname = `/${db}`;
  return u.toString();
}
