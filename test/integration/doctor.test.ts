import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { testEnv, uniq } from '../support/gateway';
import { getStack, ROOT, type Stack } from '../support/stack';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/src/cli/index.js');

interface Check {
  check: string;
  target: string;
  status: 'ok' | 'warn' | 'fail' | 'skipped';
  detail: string;
  fix?: string;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A support mailbox of its own and a desk file naming it, as an operator would set up (cf. test/faults/chaos.ts). */
function setup(stack: Stack, desk = (support: string, id: string) => deskYaml(stack, support, id)) {
  const id = uniq();
  const support = `support-${id}@${stack.MAIL_DOMAIN}`;
  const dir = mkdtempSync(join(tmpdir(), 'tg-doctor-'));
  const deskFile = join(dir, 'desk.yaml');
  writeFileSync(deskFile, desk(support, id));
  const settings = Object.entries(testEnv(stack, id, support)).map(([k, v]) => [k, String(v)]);
  const env: Record<string, string | undefined> = { ...process.env, ...Object.fromEntries(settings), TICKETGATE_CONFIG: deskFile, LOG_LEVEL: 'silent' };
  return { id, support, env, deskFile };
}

function deskYaml(stack: Stack, support: string, id: string): string {
  return ['desk:', '  name: Example Support', '  timeZone: Europe/Bucharest', 'mailboxes:', `  - address: ${support}`, 'agents:', '  - name: Ana Agent', `    email: agent-${id}@${stack.MAIL_DOMAIN}`, '    tier: L1', '    languages: [en, ro]', ''].join('\n');
}

/** The built CLI as an operator runs it; a non-zero exit is an outcome, not an error. */
async function doctor(env: Record<string, string | undefined>, json = true): Promise<Outcome> {
  const started = Date.now();
  const args = [CLI, 'doctor', ...(json ? ['--json'] : [])];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { env, timeout: 50_000 });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, ms: Date.now() - started };
  }
}

function report(out: Outcome): { checks: Check[]; ok: boolean } {
  assert.equal(out.stderr.trim(), '', 'nothing on stderr');
  return JSON.parse(out.stdout) as { checks: Check[]; ok: boolean };
}

function only(checks: Check[], name: string): Check {
  const found = checks.filter((c) => c.check === name);
  assert.equal(found.length, 1, `one ${name} check in ${JSON.stringify(checks)}`);
  return found[0];
}

/** The gateway creates these at its first start; the "all right" case has them already. */
async function createFolders(stack: Stack, user: string, folders: string[]): Promise<void> {
  const client = new ImapFlow({ host: stack.IMAP_HOST, port: Number(stack.IMAP_PORT), secure: false, doSTARTTLS: false, auth: { user, pass: stack.MAIL_PASSWORD }, logger: false });
  await client.connect();
  try {
    for (const f of folders) await client.mailboxCreate(f);
  } finally {
    await client.logout();
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('ticketgate doctor (CLI)', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async function () {
    this.timeout(90_000);
    stack = await getStack();
  });

  it('reports every check ok and exits 0 when everything is right', async () => {
    const { env, support } = setup(stack);
    await createFolders(stack, support, ['Processed', 'Quarantine']);
    const out = await doctor(env);
    assert.equal(out.code, 0, out.stdout);
    const { checks, ok } = report(out);
    assert.equal(ok, true);
    for (const c of checks) assert.ok(c.status === 'ok' || c.status === 'warn', `${c.check}: ${c.status} ${c.detail}`);
    for (const name of ['config', 'mongodb', 'redis', 'imap', 'smtp']) assert.equal(only(checks, name).status, 'ok', JSON.stringify(only(checks, name)));
    assert.match(only(checks, 'mongodb').detail, /FerretDB|MongoDB/);
    assert.match(only(checks, 'imap').detail, /IDLE UIDPLUS MOVE/);
    assert.equal(only(checks, 'imap').target, support);
  });

  it('warns, and still exits 0, when the Processed and Quarantine folders do not exist yet', async () => {
    const { env } = setup(stack);
    const out = await doctor(env);
    assert.equal(out.code, 0, out.stdout);
    const imap = only(report(out).checks, 'imap');
    assert.equal(imap.status, 'warn');
    assert.match(imap.detail, /Processed and Quarantine missing \(created at first start\)/);
  });

  it('fails the imap check on a wrong password, names IMAP_PASSWORD, runs the rest and never prints the password', async () => {
    const { env, id, support } = setup(stack);
    const password = `wrong-${id}-pw`;
    const out = await doctor({ ...env, IMAP_PASSWORD: password });
    assert.equal(out.code, 1, out.stdout);
    const { checks, ok } = report(out);
    assert.equal(ok, false);
    const imap = only(checks, 'imap');
    assert.equal(imap.status, 'fail');
    assert.match(imap.detail, /authentication failed/i);
    assert.match(imap.fix ?? '', /IMAP_PASSWORD/);
    assert.ok(imap.detail.includes(support), 'says which user was tried');
    for (const name of ['config', 'mongodb', 'redis', 'smtp']) assert.equal(only(checks, name).status, 'ok', JSON.stringify(only(checks, name)));
    assert.ok(!out.stdout.includes(password) && !out.stderr.includes(password), 'the password is not printed');
  });

  it('fails the redis check quickly when REDIS_URL points at a closed port, naming the host:port and REDIS_URL', async () => {
    const { env, id } = setup(stack);
    const port = await closedPort();
    const out = await doctor({ ...env, REDIS_URL: `redis://doctor:hunter-${id}@127.0.0.1:${port}` });
    assert.equal(out.code, 1, out.stdout);
    assert.ok(out.ms < 30_000, `took ${out.ms} ms`);
    const { checks } = report(out);
    const redis = only(checks, 'redis');
    assert.equal(redis.status, 'fail');
    assert.match(redis.detail, new RegExp(`unreachable at 127\\.0\\.0\\.1:${port}`));
    assert.match(redis.fix ?? '', /REDIS_URL/);
    assert.equal(only(checks, 'mongodb').status, 'ok');
    assert.ok(!out.stdout.includes(`hunter-${id}`), 'the URL password is not printed');
  });

  it('checks SMTP with the login the gateway would use: SMTP_OAUTH_MAILBOX naming a mailbox without oauth settings fails, saying what to set', async () => {
    const { env, support } = setup(stack);
    const out = await doctor({ ...env, SMTP_OAUTH_MAILBOX: support });
    assert.equal(out.code, 1, out.stdout);
    const smtp = only(report(out).checks, 'smtp');
    assert.equal(smtp.status, 'fail');
    assert.match(smtp.detail, new RegExp(`SMTP_OAUTH_MAILBOX ${support}: no mailbox with oauth settings`));
    assert.match(smtp.fix ?? '', /oauth settings, or unset it/);
  });

  it('prints a human table with fail and fix: lines and a summary for the wrong password', async () => {
    const { env, id } = setup(stack);
    const out = await doctor({ ...env, IMAP_PASSWORD: `wrong-${id}-pw` }, false);
    assert.equal(out.code, 1, out.stdout);
    assert.match(out.stdout, /^fail\s+imap\s+support-\S+\s+authentication failed/im);
    assert.match(out.stdout, /^\s+fix: .*IMAP_PASSWORD/m);
    assert.match(out.stdout, /^ok\s+mongodb\s/m);
    assert.match(out.stdout.trimEnd().split('\n').at(-1) ?? '', /^doctor: 4 ok, 0 warnings, 1 failed$/);
    assert.ok(!out.stdout.includes(`wrong-${id}-pw`));
  });

  it('reports a bad desk file as a failed config check, still checks MongoDB, and skips IMAP with the reason', async () => {
    const { env } = setup(stack, () => 'desk:\n  name: Broken\nmailboxes: []\n');
    const out = await doctor({ ...env, TOKEN_SECRET: 'short' });
    assert.equal(out.code, 1, out.stdout);
    const { checks } = report(out);
    const config = only(checks, 'config');
    assert.equal(config.status, 'fail');
    assert.match(config.detail, /mailboxes: expected at least one support mailbox/);
    assert.match(config.detail, /env\.TOKEN_SECRET: expected at least 16 characters/);
    assert.equal(only(checks, 'mongodb').status, 'ok');
    assert.equal(only(checks, 'redis').status, 'ok');
    assert.equal(only(checks, 'imap').status, 'skipped');
    assert.match(only(checks, 'imap').detail, /desk file is not valid/);
  });
});
