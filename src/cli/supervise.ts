import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../app/ports';
import { backoffDelay } from '../domain/backoff';

/**
 * Runs ingest and the workers as two processes, so parsing and rendering never
 * block the IMAP poller's event loop, and restarts either one when it dies.
 */
export function superviseRoles(log: Logger, opsPort: number): void {
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const start = (role: string, attempt: number) => {
    const startedAt = Date.now();
    const child = fork(process.argv[1], ['run', '--role', role], { stdio: 'inherit', env: { ...process.env, OPS_PORT: opsPortFor(role, opsPort) }, execArgv: heapArgs() });
    children.set(role, child);
    child.on('exit', (code, signal) => {
      children.delete(role);
      if (stopping) return;
      // A child that ran for 10 s got past its start: restart quickly; a crash loop (dying at start) backs off.
      const next = Date.now() - startedAt > 10_000 ? 0 : attempt + 1;
      const delay = backoffDelay(next, { initialMs: 500, maxMs: 30_000, factor: 2 });
      log.error({ role, code, signal, restartInMs: delay }, 'process exited; restarting');
      setTimeout(() => start(role, next), delay);
    });
  };
  start('ingest', 0);
  start('worker', 0);
  const stop = () => {
    stopping = true;
    for (const child of children.values()) child.kill('SIGTERM');
    // Longer than a child's own graceful stop (45 s), so the children decide when their jobs are done.
    setTimeout(() => process.exit(0), 50_000).unref();
    const check = setInterval(() => children.size === 0 && process.exit(0), 100);
    check.unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Both children serve the operators' endpoints: the worker on OPS_PORT, the ingest process on the port after it (0 stays 0: a free port each). */
function opsPortFor(role: string, port: number): string {
  return String(role === 'ingest' && port > 0 ? port + 1 : port);
}

/**
 * V8 sizes its heap from the machine's memory and collects lazily: on 24 GB
 * a worker's RSS reached 321 MB over 1,500 mails while its live data stayed
 * small (capped at 160 MB of heap it peaked at 195 MB RSS, at 9.7 mails/s
 * against 10.6). The children get a 256 MB old space unless NODE_OPTIONS or
 * the supervisor's own flags set one.
 */
function heapArgs(): string[] {
  const set = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--max-old-space-size'));
  return set ? process.execArgv : [...process.execArgv, `--max-old-space-size=${CHILD_HEAP_MB}`];
}

const CHILD_HEAP_MB = 256;
