/**
 * Triage CPU per mail (the goal: under 5 ms median). Runs the real
 * `triageMail` over the labelled sets, after one warm-up pass (the first call
 * compiles the phrase patterns), and prints median, p95 and max CPU time
 * measured with process.cpuUsage around each call.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { triageMail } from '../src/domain/triage';

interface Rec { from?: string; subject: string; body: string; headers?: Record<string, string> }

const files = [resolve(__dirname, '../../../shared/triage/dev.jsonl'), resolve(__dirname, '../../test/fixtures/triage/holdout.jsonl')];
const records: Rec[] = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Rec));
const rounds = Number(process.env.BENCH_TRIAGE_ROUNDS ?? 20);

for (const r of records) triageMail(r);
const samples: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const r of records) {
    const before = process.cpuUsage();
    triageMail(r);
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
process.stdout.write(
  `triage CPU per mail over ${records.length} labelled mails x ${rounds}: median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${samples[samples.length - 1].toFixed(2)} ms (goal: median < 5 ms)\n`,
);
