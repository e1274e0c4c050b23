import pino, { type Logger as Pino } from 'pino';

/**
 * One pino logger for the process. Secrets never reach the log: passwords,
 * auth blocks and connection URLs (which may carry credentials) are redacted.
 */
const SECRET_KEYS = [
  'password', 'pass', 'auth', 'secret', 'token', 'tokenSecret', 'previousTokenSecrets', 'accessToken', 'refreshToken', 'authorization', 'cookie',
  'MONGO_URL', 'REDIS_URL', 'IMAP_PASSWORD', 'SMTP_PASSWORD', 'TOKEN_SECRET', 'TOKEN_SECRET_PREVIOUS', 'DASHBOARD_PASSWORD',
];

export function createLogger(level: string, bindings: Record<string, unknown> = {}, destination?: NodeJS.WritableStream): Pino {
  const options = {
    level,
    base: { app: 'ticketgate', pid: process.pid, ...bindings },
    redact: {
      paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
