/**
 * The two shapes of gateway the benchmark drives: in this process (as the
 * integration tests run it) and as the real CLI (`ticketgate run`: a
 * supervisor that forks an ingest and a worker process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startGateway, testEnv, uniq } from '../test/support/gateway';
import { getStack, mongoUrlFor, type Stack } from '../test/support/stack';
import type { MongoClient } from 'mongodb';
import { alive, childrenOf, cmdline, memory, procStat } from './procstat';

export type Mode = 'in-process' | 'cli';

export interface BenchGateway {
  mode: Mode;
  support: string;
  mongoUrl: string;
  /** CPU seconds used so far, per process (label → seconds). */
  cpu(): Record<string, number>;
  /** Resident memory now, MiB, per process; peaks are tracked by the caller's sampling and VmHWM. */
  memory(): Record<string, { rss: number; peak: number }>;
  /** Directory of .cpuprofile files written by the children (cli mode with profiling). */
  profileDir?: string;
  logFile?: string;
  /** in-process mode: the gateway's own MongoDB client (for command monitoring). */
  mongoClient?: MongoClient;
  /** cli mode: PID per role (ingest, worker, supervisor). */
  pids?: Record<string, number>;
  stop(): Promise<void>;
}

export async function startInProcess(opts: { monitorCommands?: boolean } = {}): Promise<BenchGateway> {
  const id = `b${uniq()}`;
  if (opts.monitorCommands) {
    // startGateway builds its MONGO_URL from the shared stack object: ask the driver for command events.
    const stack = await getStack();
    const u = new URL(stack.MONGO_URL);
    u.searchParams.set('monitorCommands', 'true');
    stack.MONGO_URL = u.toString();
  }
  const gw = await startGateway({ id });
  return {
    mode: 'in-process',
    support: gw.support,
    mongoUrl: mongoUrlFor(gw.stack, `tg_${id}`),
    cpu() {
      const u = process.cpuUsage();
      return { 'gateway+bench (1 process)': (u.user + u.system) / 1e6 };
    },
    memory: () => ({ 'gateway+bench (1 process)': { rss: process.memoryUsage().rss / 2 ** 20, peak: process.resourceUsage().maxRSS / 1024 } }),
    mongoClient: gw.app.mongo.getClient() as unknown as MongoClient,
    stop: () => gw.stop(),
  };
}

export interface CliOptions {
  workDir: string;
  logLevel: string;
  pollSeconds?: string;
  profile: boolean;
  /** A module each gateway process loads first (--require), e.g. the bench's FerretDB workaround. */
  preload?: string;
  /** Called with every PID the mode starts, so a SIGINT handler can end them. */
  track(pid: number): void;
}

export async function startCli(stack: Stack, opts: CliOptions): Promise<BenchGateway> {
  const id = `b${uniq()}`;
  const support = `support-${id}@${stack.MAIL_DOMAIN}`;
  const deskFile = join(opts.workDir, `desk-${id}.yaml`);
  writeFileSync(
    deskFile,
    [
      'desk:',
      '  name: Example Support',
      '  timeZone: Europe/Bucharest',
      'mailboxes:',
      `  - address: ${support}`,
      'agents:',
      '  - name: Ana Agent',
      `    email: agent-${id}@${stack.MAIL_DOMAIN}`,
      '    tier: L1',
      '    languages: [en, ro, ru]',
      '',
    ].join('\n'),
  );
  const mongoUrl = mongoUrlFor(stack, `tg_${id}`);
  // The tests' environment (whatever it requires today), as strings, plus the CLI's own settings.
  const settings = Object.entries(testEnv(stack, id, support)).filter(([, v]) => v !== undefined && v !== null);
  const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(settings.map(([k, v]) => [k, String(v)])), TICKETGATE_CONFIG: deskFile, LOG_LEVEL: opts.logLevel };
  if (opts.pollSeconds) env.IMAP_POLL_SECONDS = opts.pollSeconds;
  else delete env.IMAP_POLL_SECONDS;
  // Node flags go on the command line: the supervisor's fork() hands its execArgv to both children.
  const execArgv: string[] = [];
  if (opts.preload) execArgv.push(`--require=${opts.preload}`);
  let profileDir: string | undefined;
  if (opts.profile) {
    profileDir = join(opts.workDir, `prof-${id}`);
    mkdirSync(profileDir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  const logFile = join(opts.workDir, `gateway-${id}.log`);
  const fd = openSync(logFile, 'a');
  const cli = resolve(__dirname, '../src/cli/index.js');
  const child: ChildProcess = spawn(process.execPath, [...execArgv, cli, 'run'], { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const supervisor = child.pid!;
  opts.track(supervisor);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  // The supervisor forks `run --role ingest` and `run --role worker`.
  const roles: Record<string, number> = {};
  const deadline = Date.now() + 30_000;
  while (Object.keys(roles).length < 2) {
    if (child.exitCode !== null) throw new Error(`ticketgate run exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error('ticketgate run did not fork its ingest and worker processes within 30 s');
    for (const pid of childrenOf(supervisor)) {
      const role = /--role (\w+)/.exec(cmdline(pid))?.[1];
      if (role && !roles[role]) {
        roles[role] = pid;
        opts.track(pid);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const procs: Record<string, number> = { ingest: roles.ingest, worker: roles.worker, supervisor };
  const lastCpu: Record<string, number> = {};

  return {
    mode: 'cli',
    support,
    mongoUrl,
    profileDir,
    logFile,
    pids: procs,
    cpu() {
      for (const [label, pid] of Object.entries(procs)) {
        const s = procStat(pid);
        if (s) lastCpu[label] = s.cpu + s.childCpu;
      }
      return { ...lastCpu };
    },
    memory: () => Object.fromEntries(Object.entries(procs).map(([label, pid]) => [label, memory(pid)])),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      // The supervisor passes SIGTERM on and gives up waiting after 10 s; a child that is
      // still stopping then (e.g. a worker waiting on a hung database) is ended here.
      const deadline = Date.now() + 20_000;
      const left = () => [supervisor, roles.ingest, roles.worker].filter(alive);
      while (left().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const pid of left()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    },
  };
}
