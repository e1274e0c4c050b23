import type { Command } from 'commander';
import { createApp } from '../composition';
import { LANGUAGES, type Language } from '../domain/types';
import { createLogger } from '../log';
import { loadConfigOrExit } from './load-config';

const DAY = 24 * 3_600_000;

interface DigestOptions {
  now?: boolean;
  to: string;
  kind: string;
  lang?: string;
  days?: string;
}

/** `ticketgate digest --now --to <address>`: one digest of the last day (or week, or N days), sent at once. */
export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('send a digest report now, e.g. digest --now --to manager@example.com')
    .option('--now', 'send it now (the only mode; scheduled digests run in the worker role)')
    .requiredOption('--to <address>', 'recipient (a configured manager gets their language and time zone)')
    .option('--kind <kind>', 'daily (the last 24 hours) or weekly (the last 7 days)', 'daily')
    .option('--days <n>', 'cover the last n days instead (1-62)')
    .option('--lang <lang>', `language: ${LANGUAGES.join(', ')} (default: the manager's, else the desk's)`)
    .action(async (opts: DigestOptions) => {
      if (!opts.now) program.error('say --now: scheduled digests are sent by the worker role from the desk config');
      if (!['daily', 'weekly'].includes(opts.kind)) program.error(`--kind must be daily or weekly, not ${opts.kind}`);
      if (opts.lang && !LANGUAGES.includes(opts.lang as Language)) program.error(`--lang must be one of ${LANGUAGES.join(', ')}`);
      const days = opts.days ? Number(opts.days) : opts.kind === 'weekly' ? 7 : 1;
      if (!Number.isInteger(days) || days < 1 || days > 62) program.error('--days must be a whole number from 1 to 62');
      const { env, desk } = loadConfigOrExit();
      const log = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL, { role: 'digest' });
      const to = opts.to.toLowerCase();
      const manager = desk.managers.find((m) => m.email === to);
      const language = (opts.lang as Language | undefined) ?? manager?.language ?? desk.desk.defaultLanguage;
      const app = await createApp(env, desk, log, process.env);
      try {
        const until = new Date();
        const kind = opts.days ? 'custom' : (opts.kind as 'daily' | 'weekly');
        const { figures, outboxId } = await app.digest({ to: { name: manager?.name, address: to }, language, timeZone: manager?.timeZone, kind, from: new Date(until.getTime() - days * DAY), until }, { send: true });
        process.stdout.write(`digest sent to ${to}: ${figures.created.total} new, ${figures.resolved.total} resolved, ${figures.open.total} open (outbox ${outboxId ?? 'suppressed'})\n`);
      } finally {
        await app.stop();
      }
    });
}
