/**
 * The mail servers alone, in the same run and on the same stack: the corpus
 * sent through Postfix to one plain mailbox (sink@example.test), timed until
 * every mail is in its INBOX. No gateway is running.
 */
import { loadavg } from 'node:os';
import type { Stack } from '../test/support/stack';
import { imapFor } from '../test/support/mail';
import type { BenchMail } from './corpus';
import { daemonCpu, daemonPids, diff, machineCpu, type Daemon } from './procstat';
import { runSender, type SendReport } from './sender';

export interface BaselineResult {
  n: number;
  send: SendReport;
  /** Epoch ms at which the sink's INBOX first held all n mails (0: timed out). */
  allDelivered: number;
  delivered: number;
  cpu: { sender: number; daemons: Record<Daemon, number>; machineBusy: number; machineTotal: number };
  loadavg: number[];
}

export async function runBaseline(stack: Stack, corpus: BenchMail[], opts: { timeoutMs: number; track(pid: number): void }): Promise<BaselineResult> {
  const sink = `sink@${stack.MAIL_DOMAIN}`;
  const n = corpus.length;
  const client = imapFor(stack, sink);
  await client.connect();
  try {
    const count = async () => {
      const st = await client.status('INBOX', { messages: true });
      return st ? (st.messages ?? 0) : 0;
    };
    const before = await count().catch(() => 0);
    const pids = daemonPids(stack.STACK_DIR);
    const d0 = daemonCpu(pids);
    const m0 = machineCpu();
    let report: SendReport | undefined;
    let sendError: Error | undefined;
    const t0 = Date.now();
    runSender({ host: stack.SMTP_HOST, port: Number(stack.SMTP_PORT), to: sink, mails: corpus, maxConnections: 5 }, opts.track).then(
      (r) => (report = r),
      (e: Error) => (sendError = e),
    );
    let delivered = 0;
    let allDelivered = 0;
    while (Date.now() - t0 < opts.timeoutMs) {
      await new Promise((r) => setTimeout(r, 100));
      if (sendError) throw sendError;
      // STATUS on a mailbox that is not selected: Dovecot answers from its index, cheaply.
      delivered = (await count()) - before;
      if (delivered >= n) {
        allDelivered = Date.now();
        break;
      }
    }
    const d1 = daemonCpu(pids);
    const m1 = machineCpu();
    const load = loadavg();
    while (!report && !sendError) await new Promise((r) => setTimeout(r, 100));
    if (sendError) throw sendError;
    return {
      n,
      send: report!,
      allDelivered,
      delivered,
      cpu: { sender: report!.cpu, daemons: diff(d0, d1), machineBusy: m1.busy - m0.busy, machineTotal: m1.total - m0.total },
      loadavg: load,
    };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
