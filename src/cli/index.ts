#!/usr/bin/env node
import { Command } from 'commander';
import { createApp } from '../composition';
import { createLogger } from '../log';
import { loadConfigOrExit } from './load-config';
import { collectEmlFiles, formatResult, replay } from './replay';
import { registerRoles } from './roles';
import { registerDigest } from './digest';
import { registerQuarantine } from './quarantine';
import { registerDoctor } from './doctor';

const program = new Command('ticketgate').description('Email-driven helpdesk gateway').showHelpAfterError();

registerRoles(program);

program
  .command('replay')
  .description('feed .eml and mbox files (or folders of them) through the pipeline and print each outcome')
  .argument('<paths...>', '.eml or mbox files, or folders')
  .option('--json', 'one JSON object per mail')
  .option('--mailbox <address>', 'support address to treat the mail as received by (default: the first mailbox)')
  .option('--timeout <seconds>', 'how long to wait for the outcomes', '120')
  .action(async (paths: string[], opts: { json?: boolean; mailbox?: string; timeout: string }) => {
    const { env, desk } = loadConfigOrExit();
    const log = createLogger(process.env.LOG_LEVEL ?? 'warn', { role: 'replay' });
    const files = collectEmlFiles(paths);
    if (files.length === 0) program.error('no .eml or mbox files found');
    const app = await createApp(env, desk, log, process.env);
    // Workers only: replay waits for its own mails' outcomes; schedules and sweeps belong to the running desk.
    app.start(['worker']);
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
registerQuarantine(program);
registerDoctor(program);

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`ticketgate: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
