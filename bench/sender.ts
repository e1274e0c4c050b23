/**
 * The load generator: a child process that sends the corpus through Postfix
 * SMTP with one pooled nodemailer transport (maxConnections 5). It runs apart
 * from the gateway so that its CPU is not charged to the gateway.
 */
import { fork } from 'node:child_process';
import nodemailer from 'nodemailer';
import type { BenchMail } from './corpus';

export interface SendJob {
  host: string;
  port: number;
  /** Recipient of every mail (the support address, or the sink for the baseline). */
  to: string;
  mails: BenchMail[];
  maxConnections: number;
}

export interface SendReport {
  firstSendAt: number;
  lastAcceptAt: number;
  /** Epoch ms at which Postfix accepted mail i (0 if it failed). */
  acceptedAt: number[];
  failures: string[];
  cpu: number;
  peakRssMiB: number;
}

/** Parent side: forks this file, hands it the job and resolves with its report. */
export function runSender(job: SendJob, onChild?: (pid: number) => void): Promise<SendReport> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    if (child.pid) onChild?.(child.pid);
    let report: SendReport | undefined;
    child.on('message', (m: SendReport) => (report = m));
    child.on('error', reject);
    child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`sender exited with ${code} before reporting`))));
    child.send(job);
  });
}

async function childMain(job: SendJob): Promise<SendReport> {
  const transport = nodemailer.createTransport({ host: job.host, port: job.port, secure: false, ignoreTLS: true, pool: true, maxConnections: job.maxConnections, maxMessages: Infinity });
  const cpu0 = process.cpuUsage();
  const acceptedAt = new Array<number>(job.mails.length).fill(0);
  const failures: string[] = [];
  const firstSendAt = Date.now();
  await Promise.all(
    job.mails.map(async (m, idx) => {
      try {
        const info = await transport.sendMail({ from: m.from, to: job.to, subject: m.subject, text: m.text, messageId: `<${m.messageId}>` });
        if (info.rejected.length > 0) throw new Error(`rejected: ${String(info.response)}`);
        acceptedAt[idx] = Date.now();
      } catch (err) {
        failures.push(`mail ${m.i}: ${(err as Error).message}`);
      }
    }),
  );
  transport.close();
  const cpu = process.cpuUsage(cpu0);
  return {
    firstSendAt,
    lastAcceptAt: Math.max(...acceptedAt),
    acceptedAt,
    failures,
    cpu: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

if (require.main === module && process.argv.includes('--child')) {
  process.once('message', (job: SendJob) => {
    childMain(job).then(
      (report) => process.send!(report, () => process.exit(0)),
      (err: Error) => {
        process.stderr.write(`sender: ${err.stack ?? err.message}\n`);
        process.exit(1);
      },
    );
  });
}
