#!/usr/bin/env node
/**
 * Measures the real triage (src/domain/triage) on a labelled JSONL file.
 *
 *   npm run eval:triage -- <file.jsonl> [--json] [--predict]
 *
 * Default output is a table for people; --json prints one JSON object of the
 * headline fractions for scripts and CI; --predict prints what triage said for
 * each record, one JSON line each, to diff runs or to label new mail from.
 * CPU time per triageMail call goes to stdout with the table and to stderr
 * otherwise, so machine output stays one parseable document.
 */
import { readFileSync } from 'node:fs';
import { triageMail } from '../domain/triage';
import { isCategory, isPriority, parseLabelRecord, score } from '../domain/triage/score';
import { PRIORITIES } from '../domain/types';
import type { LabelIssue, LabelRecord, Prediction, Scores } from '../domain/triage/score';

const USAGE = 'usage: npm run eval:triage -- <file.jsonl> [--json] [--predict]';

/** Bad invocation or bad input file: exit 2, like other command-line tools. */
class InputError extends Error {}

interface Options {
  file: string;
  json: boolean;
  predict: boolean;
}

function parseArgs(argv: string[]): Options {
  const files = argv.filter((a) => !a.startsWith('--'));
  const flags = argv.filter((a) => a.startsWith('--'));
  const unknown = flags.find((f) => f !== '--json' && f !== '--predict');
  if (unknown !== undefined) throw new InputError(`unknown option ${unknown}\n${USAGE}`);
  if (files.length !== 1) throw new InputError(`expected one label file, got ${files.length}\n${USAGE}`);
  const json = flags.includes('--json');
  const predict = flags.includes('--predict');
  if (json && predict) throw new InputError(`--json and --predict print different things; choose one\n${USAGE}`);
  return { file: files[0], json, predict };
}

function loadRecords(file: string): LabelRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const records: LabelRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    records.push(parseLine(line, `${file} line ${i + 1}`));
  });
  if (records.length === 0) throw new InputError(`${file} holds no records`);
  return records;
}

function parseLine(line: string, where: string): LabelRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new InputError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  try {
    return parseLabelRecord(value);
  } catch (err) {
    throw new InputError(`${where}: ${(err as Error).message}`);
  }
}

/**
 * The shape read from triageMail's result. Kept structural and loose (details
 * as any object) so the evaluator does not break when the triage module
 * refines its own types; values are checked at run time instead.
 */
interface TriageLike {
  autoReply: boolean;
  issues: ReadonlyArray<{ priority: string; category: string; details?: object }>;
}

function toPrediction(id: string, out: TriageLike): Prediction {
  const issues = out.issues.map((issue, i): LabelIssue => {
    if (!isPriority(issue.priority)) throw new Error(`${id}: triageMail issue ${i + 1} has priority ${String(issue.priority)}`);
    if (!isCategory(issue.category)) throw new Error(`${id}: triageMail issue ${i + 1} has category ${String(issue.category)}`);
    const entries = Object.entries((issue.details ?? {}) as Record<string, unknown>);
    const details = Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
    return { priority: issue.priority, category: issue.category, details };
  });
  return { autoReply: out.autoReply, issues };
}

interface Run {
  predictions: Prediction[];
  /** CPU microseconds (user + system) of each triageMail call. */
  cpuMicros: number[];
}

function runTriage(records: LabelRecord[]): Run {
  const predictions: Prediction[] = [];
  const cpuMicros: number[] = [];
  for (const r of records) {
    const input = { from: r.from, subject: r.subject, body: r.body, headers: r.headers };
    // CPU rather than wall time: it does not count waiting on a busy machine.
    const before = process.cpuUsage();
    const out = triageMail(input);
    const used = process.cpuUsage(before);
    cpuMicros.push(used.user + used.system);
    predictions.push(toPrediction(r.id, out));
  }
  return { predictions, cpuMicros };
}

/** Nearest-rank quantile of an ascending list; q = 0.5 averages the middle pair. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  if (q === 0.5 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function formatCpu(cpuMicros: number[]): string {
  const sorted = [...cpuMicros].sort((a, b) => a - b);
  const ms = (us: number) => `${(us / 1000).toFixed(3)} ms`;
  return `cpu per triageMail call: median ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))} (${sorted.length} calls)`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

function formatTable(file: string, s: Scores, cpuMicros: number[]): string {
  const rows: Array<[string, number]> = [
    ['split', s.split], ['priority', s.priority], ['category', s.category],
    ['detailsPrecision', s.detailsPrecision], ['detailsRecall', s.detailsRecall], ['autoReply', s.autoReply],
  ];
  return [
    `triage evaluation of ${file}`,
    '',
    ...rows.map(([name, value]) => `  ${name.padEnd(17)}${pct(value)}`),
    `  ${'n'.padEnd(17)}${String(s.n).padStart(7)}`,
    '',
    ...formatConfusion(s.priorityConfusion),
    '',
    formatCpu(cpuMicros),
    '',
    ...formatMisses(s.misses),
  ].join('\n');
}

function formatConfusion(confusion: Scores['priorityConfusion']): string[] {
  const cell = (v: string | number) => String(v).padStart(5);
  return [
    'priority confusion (rows: expected, columns: predicted)',
    `  ${' '.repeat(4)}${PRIORITIES.map(cell).join('')}`,
    ...PRIORITIES.map((e) => `  ${e.padEnd(4)}${PRIORITIES.map((p) => cell(confusion[e]?.[p] ?? 0)).join('')}`),
  ];
}

function formatMisses(misses: Scores['misses']): string[] {
  if (misses.length === 0) return ['misses: none'];
  const width = Math.max(...misses.map((m) => m.id.length));
  return [
    `misses (${misses.length})`,
    ...misses.map((m) => `  ${m.id.padEnd(width)}  ${m.what}: expected ${JSON.stringify(m.expected)}, predicted ${JSON.stringify(m.predicted)}`),
  ];
}

function jsonSummary(s: Scores): string {
  const { split, priority, category, detailsPrecision, detailsRecall, autoReply, n, priorityConfusion } = s;
  return JSON.stringify({ split, priority, category, detailsPrecision, detailsRecall, autoReply, n, priorityConfusion });
}

export function main(argv: string[]): number {
  try {
    const opts = parseArgs(argv);
    const records = loadRecords(opts.file);
    const run = runTriage(records);
    if (opts.predict) {
      records.forEach((r, i) => process.stdout.write(JSON.stringify({ id: r.id, predicted: run.predictions[i] }) + '\n'));
      process.stderr.write(formatCpu(run.cpuMicros) + '\n');
      return 0;
    }
    const scores = score(records, run.predictions);
    if (opts.json) {
      process.stdout.write(jsonSummary(scores) + '\n');
      process.stderr.write(formatCpu(run.cpuMicros) + '\n');
    } else {
      process.stdout.write(formatTable(opts.file, scores, run.cpuMicros) + '\n');
    }
    return 0;
  } catch (err) {
    process.stderr.write(`eval-triage: ${(err as Error).message}\n`);
    return err instanceof InputError ? 2 : 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
