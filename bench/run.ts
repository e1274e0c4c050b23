/**
 * End-to-end throughput of ticketgate on the real servers (npm run bench).
 *
 * For each mode (in-process gateway, and the real CLI as child processes) a
 * fresh stack is started (scripts/stack.sh via test/support/stack), the mail
 * servers alone are measured on it (baseline), then a gateway is started,
 * warmed up with one mail, and sent N customer mails through Postfix. Prints
 * a table; exits 0 whether or not the goal is met (it measures, it does not test).
 *
 * Env: BENCH_MAILS (2000), BENCH_MODES (in-process,cli), BENCH_BASELINE (1; 0 skips),
 *      BENCH_PROFILE (0; 1 writes CPU profiles and prints where the time went),
 *      BENCH_LOG_LEVEL (info; the CLI gateway's LOG_LEVEL, its log goes to a file),
 *      BENCH_POLL_SECONDS (the CLI gateway's IMAP_POLL_SECONDS; default: the gateway's),
 *      BENCH_SAMPLE (20 customer INBOXes checked), BENCH_TIMEOUT_S (max(120, 0.3 N): the window; a
 *      slower gateway is reported with the rate it reached, and a stall of 30 s ends the window early),
 *      BENCH_KEEP (1 keeps the work directory with logs and profiles),
 *      BENCH_CHUNK_BULK (50 on FerretDB, 0 when MONGO_URL is set: see ferret-shim.ts; 0 runs the gateway unpatched).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { getStack, stopStack } from '../test/support/stack';
import { runBaseline } from './baseline';
import { monitorCommands } from './dbprofile';
import { makeCorpus } from './corpus';
import { startCli, startInProcess, type BenchGateway, type Mode } from './gateways';
import { runMode } from './measure';
import { alive, cmdline, machineCpu } from './procstat';
import { readProfiles, saveProfile, startInProcessProfile, summarize } from './profile';
import { baselineRate, endToEndRate, render, type ModeOutcome } from './report';

const N = Number(process.env.BENCH_MAILS ?? 2000);
const MODES = (process.env.BENCH_MODES ?? 'in-process,cli').split(',').map((m) => m.trim()) as Mode[];
const BASELINE = process.env.BENCH_BASELINE !== '0';
const PROFILE = process.env.BENCH_PROFILE === '1';
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? Math.max(120, N * 0.3)) * 1000;
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 20);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const KEEP = process.env.BENCH_KEEP === '1';
process.env.BENCH_CHUNK_BULK ??= process.env.MONGO_URL ? '0' : '50';
const CHUNK = Number(process.env.BENCH_CHUNK_BULK);
const SHIM = resolve(__dirname, 'ferret-shim.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (CHUNK > 0) require(SHIM);

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Every child PID we started, so that SIGINT can end exactly those. */
const tracked = new Set<number>();
const track = (pid: number) => tracked.add(pid);

function endTracked(): void {
  for (const pid of tracked) {
    if (alive(pid) && cmdline(pid).includes('node')) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* gone meanwhile */
      }
    }
  }
}

/** The gateway now running, so that an interrupt stops it before the servers under it. */
let current: BenchGateway | undefined;
/** Logs, desk files and profiles of this run (removed at the end unless BENCH_KEEP or BENCH_PROFILE). */
let workDir: string | undefined;

const stopWithin = (gw: BenchGateway, ms: number) => Promise.race([gw.stop().catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`\n${signal}: stopping the gateway, child processes and the stack`);
    setTimeout(() => process.exit(130), 40_000).unref();
    void (async () => {
      if (current) await stopWithin(current, 5_000);
      endTracked();
      await stopStack().catch((err: Error) => say(`stopping the stack failed: ${err.message}`));
      if (workDir && !KEEP && !PROFILE) rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    })();
  });
}

/** Warnings and errors the CLI gateway logged (pino JSON lines, level ≥ 40). */
function logProblems(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const bad = lines.filter((l) => {
    try {
      return (JSON.parse(l) as { level?: number }).level! >= 40;
    } catch {
      return true; // not pino: a stack trace or a crash message
    }
  });
  return bad.length === 0 ? [] : [`the CLI gateway logged ${bad.length} warning/error line(s) of ${lines.length}; first: ${bad[0].slice(0, 300)}`];
}

async function runOne(mode: Mode, workDir: string, outcome: ModeOutcome): Promise<void> {
  const stack = await getStack();
  say(`[${outcome.label}] stack up in ${stack.STACK_DIR}`);
  if (BASELINE) {
    say(`[${outcome.label}] baseline: ${N} mails through Postfix to sink@${stack.MAIL_DOMAIN} ...`);
    outcome.baseline = await runBaseline(stack, makeCorpus(N, `base-${mode}-${Date.now()}`), { timeoutMs: TIMEOUT_MS, track });
    say(`[${outcome.label}] baseline: ${baselineRate(outcome.baseline).toFixed(1)} mails/s into the INBOX`);
  }
  const gw: BenchGateway = mode === 'cli' ? await startCli(stack, { workDir, logLevel: LOG_LEVEL, pollSeconds: process.env.BENCH_POLL_SECONDS, profile: PROFILE, preload: CHUNK > 0 ? SHIM : undefined, track }) : await startInProcess({ monitorCommands: PROFILE });
  current = gw;
  let stopProfile: (() => Promise<unknown>) | undefined;
  try {
    say(`[${outcome.label}] gateway up (${gw.support}); warm-up mail, then ${N} customer mails ...`);
    outcome.result = await runMode(stack, gw, makeCorpus(N, `${mode}-${Date.now()}`, stack.MAIL_DOMAIN), {
      timeoutMs: TIMEOUT_MS,
      sample: SAMPLE,
      track,
      onProgress: say,
      onStart: async () => {
        if (!PROFILE || mode !== 'in-process') return;
        const stop = await startInProcessProfile();
        const commands = gw.mongoClient ? monitorCommands(gw.mongoClient) : undefined;
        stopProfile = async () => {
          const profile = await stop();
          const file = join(workDir, 'in-process.cpuprofile');
          saveProfile(file, profile);
          outcome.profile = [`  (measurement window only; saved to ${file})`, ...summarize(profile), '  database commands sent by the gateway:', ...(commands?.stop() ?? [])];
        };
      },
      onEnd: async () => {
        await stopProfile?.();
        stopProfile = undefined;
      },
    });
    say(`[${outcome.label}] ${endToEndRate(outcome.result).toFixed(1)} mails/s end to end`);
  } finally {
    await stopProfile?.();
    await stopWithin(gw, 20_000);
    current = undefined;
  }
  if (gw.logFile) outcome.result?.notes.push(...logProblems(gw.logFile));
  if (gw.profileDir) {
    outcome.profile = [`  (whole process lifetime incl. start-up and warm-up; files in ${gw.profileDir})`];
    for (const [pid, profile] of readProfiles(gw.profileDir)) {
      const role = Object.entries(gw.pids ?? {}).find(([, p]) => p === pid)?.[0] ?? 'unknown role';
      outcome.profile.push(`  ${role} (pid ${pid}):`, ...summarize(profile).map((l) => `  ${l}`));
    }
  }
}

async function main(): Promise<void> {
  const m0 = machineCpu();
  await new Promise((r) => setTimeout(r, 1000));
  const m1 = machineCpu();
  const idleBusy = (100 * (m1.busy - m0.busy)) / (m1.total - m0.total);
  say(`ticketgate bench: ${N} mails, modes ${MODES.join(', ')}; node ${process.version}, ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (CHUNK > 0) say(`bench workaround active: mongoose bulkWrite split into <= ${CHUNK} operations (FerretDB v1.24.2 deadlocks on ~100 matching updates in one command; see bench/ferret-shim.ts; BENCH_CHUNK_BULK=0 runs unpatched)`);
  say(`machine busy before start: ${idleBusy.toFixed(0)} %${idleBusy > 15 ? '  WARNING: something else is using the CPU; the figures will be low' : ''}`);
  const dir = (workDir = mkdtempSync('/tmp/tg-bench-'));
  const outcomes: ModeOutcome[] = [];
  try {
    for (const mode of MODES) {
      const outcome: ModeOutcome = { label: mode === 'cli' ? 'cli (2 child procs)' : 'in-process' };
      outcomes.push(outcome);
      try {
        await runOne(mode, dir, outcome);
      } catch (err) {
        outcome.error = (err as Error).stack ?? String(err);
        say(`[${outcome.label}] failed: ${(err as Error).message}`);
      } finally {
        await stopStack();
      }
    }
  } finally {
    if (KEEP || PROFILE) say(`work directory kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  say(render(outcomes, N));
  process.exit(outcomes.some((o) => o.error) ? 1 : 0);
}

main().catch(async (err: Error) => {
  say(`bench failed: ${err.stack ?? err.message}`);
  endTracked();
  await stopStack().catch(() => undefined);
  process.exit(1);
});
