import pino, { type Logger as Pino } from 'pino';

/**
 * One pino logger for the process. Secrets never reach the log: passwords,
 * auth blocks and connection URLs (which may carry credentials) are redacted.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Pino {
  return pino({
    level,
    base: { app: 'ticketgate', pid: process.pid, ...bindings },
    redact: {
      paths: ['password', '*.password', 'pass', '*.pass', 'auth', '*.auth', 'secret', '*.secret', 'MONGO_URL', 'REDIS_URL', '*.MONGO_URL', '*.REDIS_URL', 'IMAP_PASSWORD', 'SMTP_PASSWORD', '*.IMAP_PASSWORD', '*.SMTP_PASSWORD'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
