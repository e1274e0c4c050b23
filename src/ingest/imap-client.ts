import { ImapFlow } from 'imapflow';
import type { Logger } from '../app/ports';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

export type ImapFactory = (settings: ImapSettings) => ImapFlow;

/** imapflow with the project's logger (quietened: imapflow logs every command at debug). */
export function imapFactory(log: Logger): ImapFactory {
  const quiet = {
    debug: () => undefined,
    info: () => undefined,
    warn: (obj: object) => log.warn({ imap: obj }, 'imap warning'),
    error: (obj: object) => log.error({ imap: obj }, 'imap error'),
  };
  return (s) =>
    new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.secure,
      // Plain loopback servers (the test stack) offer no STARTTLS.
      doSTARTTLS: s.secure ? undefined : s.host.startsWith('127.') || s.host === 'localhost' ? false : undefined,
      auth: { user: s.user, pass: s.password },
      logger: quiet,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 5 * 60_000,
      // RFC 2177 section 3: re-issue IDLE well before the 29-minute server timeout.
      maxIdleTime: 5 * 60_000,
    });
}

/** Creates a folder, treating "already exists" as success (RFC 9051 section 6.3.4). */
export async function ensureFolder(client: ImapFlow, path: string): Promise<void> {
  try {
    await client.mailboxCreate(path);
  } catch (err) {
    const e = err as { serverResponseCode?: string; responseText?: string };
    if (e.serverResponseCode === 'ALREADYEXISTS' || /exists/i.test(e.responseText ?? '')) return;
    throw err;
  }
}
