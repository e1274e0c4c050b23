import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { alive, childrenOf, cmdline } from '../../bench/procstat';
import { testEnv } from '../support/gateway';
import { ROOT, type Stack } from '../support/stack';

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops, starts or restarts one server of the stack (same ports, same data): scripts/stack.sh. */
export async function stackCtl(stack: Stack, action: 'stop-one' | 'start-one' | 'restart-one', name: 'redis' | 'mongo' | 'imap' | 'smtp'): Promise<void> {
  await run('bash', [join(ROOT, 'scripts/stack.sh'), action, name, stack.STACK_DIR], { timeout: 60_000 });
}

/**
 * A TCP relay in front of Postfix for the gateway's outbound mail. In
 * `refuse` mode it answers every new connection the way a mail server that
 * is refusing mail does (RFC 5321 §3.8: 421, then close) and cuts the open
 * ones; otherwise it relays bytes both ways.
 */
export async function smtpRelay(target: { host: string; port: number }): Promise<{ port: number; refuse(on: boolean): void; refused: () => number; cut: () => number; close(): Promise<void> }> {
  let refusing = false;
  let refusedCount = 0;
  let cutCount = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (refusing) {
      refusedCount++;
      client.end('421 4.3.2 fault suite: service not available, closing transmission channel\r\n');
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    const done = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    refuse(on) {
      refusing = on;
      // A connection cut after the server took the final "." but before its
      // 250 got back is a mail the client must send again: a duplicate no
      // client can avoid (RFC 5321 section 6.1). The suite allows one per cut.
      if (on) {
        cutCount += open.size;
        for (const s of open) s.destroy();
      }
    },
    refused: () => refusedCount,
    cut: () => cutCount,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface CliGateway {
  support: string;
  /** The BullMQ queue prefix of this gateway. */
  prefix: string;
  logFile: string;
  /** The current PID of a role's process (the supervisor restarts them), or undefined while it is down. */
  pid(role: 'ingest' | 'worker'): number | undefined;
  /** kill -9 of a role's process; returns the PID killed. */
  kill(role: 'ingest' | 'worker'): number | undefined;
  stop(): Promise<void>;
}

/**
 * `ticketgate run` as production runs it: a supervisor that forks the ingest
 * and worker processes and restarts either one when it dies.
 */
export function startCliGateway(stack: Stack, id: string, workDir: string, env: Record<string, string>, deskExtra: string[] = []): CliGateway {
  const support = `support-${id}@${stack.MAIL_DOMAIN}`;
  const deskFile = join(workDir, `desk-${id}.yaml`);
  writeFileSync(deskFile, ['desk:', '  name: Example Support', '  timeZone: Europe/Bucharest', 'mailboxes:', `  - address: ${support}`, 'agents:', '  - name: Ana Agent', `    email: agent-${id}@${stack.MAIL_DOMAIN}`, '    tier: L1', '    languages: [en, ro, ru]', '  - name: Lev Lead', `    email: lead-${id}@${stack.MAIL_DOMAIN}`, '    tier: L2', '    languages: [en, ro, ru]', ...deskExtra, ''].join('\n'));
  const settings = Object.entries(testEnv(stack, id, support, env)).filter(([, v]) => v !== undefined && v !== null);
  const childEnv = { ...process.env, ...Object.fromEntries(settings.map(([k, v]) => [k, String(v)])), TICKETGATE_CONFIG: deskFile, LOG_LEVEL: 'info' };
  const logFile = join(workDir, `gateway-${id}.log`);
  const fd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/src/cli/index.js'), 'run'], { env: childEnv, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const supervisor = child.pid!;
  const pid = (role: string) => childrenOf(supervisor).find((p) => alive(p) && cmdline(p).includes(`--role ${role}`));
  return {
    support,
    prefix: String(Object.fromEntries(settings).QUEUE_PREFIX),
    logFile,
    pid,
    kill(role) {
      const p = pid(role);
      if (p) process.kill(p, 'SIGKILL');
      return p;
    },
    async stop() {
      const all = () => [supervisor, ...childrenOf(supervisor)].filter(alive);
      child.kill('SIGTERM');
      const deadline = Date.now() + 20_000;
      while (all().length > 0 && Date.now() < deadline) await sleep(100);
      for (const p of all()) process.kill(p, 'SIGKILL');
    },
  };
}

/** Waits until both roles run (after a start or a restart by the supervisor). */
export async function rolesUp(gw: CliGateway, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(gw.pid('ingest') && gw.pid('worker'))) {
    if (Date.now() > deadline) throw new Error(`the gateway's processes are not both up after ${timeoutMs} ms:\n${readFileSync(gw.logFile, 'utf8').slice(-3000)}`);
    await sleep(100);
  }
}
