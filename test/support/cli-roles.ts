import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from './gateway';
import { ROOT, type Stack } from './stack';

/** A desk file for CLI processes: the given support mailboxes, one L1 and one L2 agent. */
export function writeDesk(stack: Stack, id: string, workDir: string, mailboxes: string[]): string {
  const file = join(workDir, `desk-${id}.yaml`);
  const lines = ['desk:', '  name: Example Support', '  timeZone: Europe/Bucharest', 'mailboxes:', ...mailboxes.map((m) => `  - address: ${m}`)];
  lines.push('agents:', '  - name: Ana Agent', `    email: agent-${id}@${stack.MAIL_DOMAIN}`, '    tier: L1', '    languages: [en, ro, ru]');
  lines.push('  - name: Lev Lead', `    email: lead-${id}@${stack.MAIL_DOMAIN}`, '    tier: L2', '    languages: [en, ro, ru]', '');
  writeFileSync(file, lines.join('\n'));
  return file;
}

export interface RoleProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  log(): string;
  /** Sends the signal and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `ticketgate <role> [args]` as its own process, with the test stack's settings and a log file. */
export function spawnRole(stack: Stack, id: string, workDir: string, deskFile: string, name: string, args: string[], env: Record<string, string> = {}): RoleProcess {
  // No IMAP_USER: each mailbox of the desk logs in as its own address.
  const settings = Object.entries(testEnv(stack, id, `unused-${id}@${stack.MAIL_DOMAIN}`, env)).filter(([k, v]) => v !== undefined && v !== null && k !== 'IMAP_USER');
  const childEnv = { ...process.env, ...Object.fromEntries(settings.map(([k, v]) => [k, String(v)])), TICKETGATE_CONFIG: deskFile, LOG_LEVEL: 'info', HTTP_PORT: '0' };
  const logFile = join(workDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/cli/index.js'), ...args], { env: childEnv, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    name,
    child,
    logFile,
    log: () => readFileSync(logFile, 'utf8'),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
