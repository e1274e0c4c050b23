#!/usr/bin/env node
import { Command } from 'commander';
import { createApp } from '../composition';
import { createLogger } from '../log';
import { loadConfigOrExit } from './load-config';
import { collectEmlFiles, formatResult, replay } from './replay';
import { superviseRoles } from './supervise';
import { registerDigest } from './digest';

const program = new Command('ticketgate').description('Email-driven helpdesk gateway').showHelpAfterError();

program
  .command('run')
  .description('run the gateway: IMAP ingest and the workers')
  .option('--role <role>', 'all (ingest and workers as two supervised processes), ingest, or worker', 'all')
  .action(async (opts: { role: string }) => {
    if (!['all', 'ingest', 'worker'].includes(opts.role)) program.error(`--role must be all, ingest or worker, not ${opts.role}`);
    const { env, desk } = loadConfigOrExit();
    if (opts.role === 'all') return superviseRoles(createLogger(env.LOG_LEVEL, { role: 'supervisor' }));
    const log = createLogger(env.LOG_LEVEL, { role: opts.role });
    const app = await createApp(env, desk, log, process.env);
    if (opts.role === 'ingest') app.startIngest();
    else app.startWorkers();
    log.info({ mailboxes: desk.mailboxes.map((m) => m.address) }, `ticketgate ${opts.role} started`);
    const shutdown = async () => {
      log.info({}, 'stopping');
      await app.stop();
      process.exit(0);
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });

program
  .command('replay')
  .description('feed .eml files (or folders of them) through the pipeline and print each outcome')
  .argument('<paths...>', '.eml files or folders')
  .option('--json', 'one JSON object per mail')
  .option('--mailbox <address>', 'support address to treat the mail as received by (default: the first mailbox)')
  .option('--timeout <seconds>', 'how long to wait for the outcomes', '120')
  .action(async (paths: string[], opts: { json?: boolean; mailbox?: string; timeout: string }) => {
    const { env, desk } = loadConfigOrExit();
    const log = createLogger(process.env.LOG_LEVEL ?? 'warn', { role: 'replay' });
    const files = collectEmlFiles(paths);
    if (files.length === 0) program.error('no .eml files found');
    const app = await createApp(env, desk, log, process.env);
    app.startWorkers();
    const results = await replay(app, files, opts.mailbox ?? desk.mailboxes[0].address, Number(opts.timeout) * 1000);
    for (const r of results) process.stdout.write((opts.json ? JSON.stringify(r) : formatResult(r)) + '\n');
    await app.stop();
    process.exit(results.some((r) => r.error) ? 1 : 0);
  });

program
  .command('check-config')
  .description('validate the environment and the desk config, then exit')
  .action(() => {
    const { desk } = loadConfigOrExit();
    process.stdout.write(`configuration is valid: ${desk.mailboxes.length} mailbox(es), ${desk.agents.length} agent(s)\n`);
  });

registerDigest(program);

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`ticketgate: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
