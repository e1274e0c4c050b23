import { ImapFlow } from 'imapflow';
import type { Logger } from '../app/ports';

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  /** Password login; a mailbox has this or `accessToken`. */
  password?: string;
  /** OAuth 2.0 login: a fresh access token per connection (see imapFactoryAsync). */
  accessToken?: () => Promise<string>;
}

export type AsyncImapFactory = (settings: ImapSettings) => Promise<ImapFlow>;
type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

/**
 * imapflow with the project's logger. An OAuth mailbox first gets a current
 * access token, so every connection logs in with one that is valid. Given `auth.accessToken`, imapflow
 * authenticates with OAUTHBEARER (RFC 7628) or XOAUTH2 (Google's and Microsoft's
 * variant), whichever the server's CAPABILITY offers.
 */
export function imapFactoryAsync(log: Logger): AsyncImapFactory {
  const quiet = quietLogger(log);
  return async (s) => createClient(s, await imapAuth(s), quiet);
}

/** The `auth` option of imapflow for these settings: a fresh access token when OAuth, else the password. */
export async function imapAuth(s: ImapSettings): Promise<ImapAuth> {
  if (s.accessToken) return { user: s.user, accessToken: await s.accessToken() };
  if (s.password === undefined) throw new Error(`IMAP ${s.user}: neither a password nor an access token`);
  return { user: s.user, pass: s.password };
}

/** imapflow logs every command at debug: only its warnings and errors reach the project's log. */
function quietLogger(log: Logger) {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (obj: object) => log.warn({ imap: obj }, 'imap warning'),
    error: (obj: object) => log.error({ imap: obj }, 'imap error'),
  };
}

function createClient(s: ImapSettings, auth: ImapAuth, logger: ReturnType<typeof quietLogger>): ImapFlow {
  return new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    // Plain loopback servers (the test stack) offer no STARTTLS.
    doSTARTTLS: s.secure ? undefined : s.host.startsWith('127.') || s.host === 'localhost' ? false : undefined,
    auth,
    logger,
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
