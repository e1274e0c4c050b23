import nodemailer from 'nodemailer';
import type XOAuth2 from 'nodemailer/lib/xoauth2';
import { isLoopback } from '../config/env';
import { PermanentError } from '../domain/errors';
import type { OutboundMail } from '../domain/outbound';
import type { Mailbox } from '../domain/types';

export type { OutboundMail };

export interface SendResult {
  accepted: string[];
  rejected: string[];
  response: string;
}

/** The port every sender uses (after nodemailer's own transport idea). */
export interface MailTransport {
  send(mail: OutboundMail): Promise<SendResult>;
  close(): Promise<void>;
}

/** An SMTP error the server will repeat on retry (RFC 5321 section 4.2.1: 5yz replies). */
export class PermanentSendError extends PermanentError {
  constructor(message: string, readonly responseCode?: number) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  poolSize: number;
  /** Refuse to send without STARTTLS (ignored on loopback and when `secure`). */
  requireTls?: boolean;
  /**
   * OAuth 2.0 login instead of `password` (needs `user`): asked for a token at each SMTP
   * login; `forceRefresh` comes when the server refused the token it was given.
   */
  accessToken?: (opts?: { forceRefresh?: boolean }) => Promise<string>;
}

export function createSmtpTransport(opts: SmtpOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    // Loopback test servers offer no STARTTLS; elsewhere nodemailer upgrades when offered.
    ignoreTLS: !opts.secure && isLoopback(opts.host),
    // Elsewhere a server that does not offer STARTTLS gets nothing: no mail and no password in clear text.
    requireTLS: !opts.secure && !isLoopback(opts.host) && opts.requireTls !== false,
    auth: smtpAuth(opts),
    pool: true,
    maxConnections: opts.poolSize,
    maxMessages: 1000,
  });
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail(toNodemailer(mail));
        const accepted = (info.accepted as Array<string | { address: string }>).map(addr);
        const rejected = (info.rejected as Array<string | { address: string }>).map(addr);
        if (accepted.length === 0) throw new PermanentSendError(`all recipients rejected: ${rejected.join(', ')}`);
        return { accepted, rejected, response: String(info.response ?? '') };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500 && code < 600) throw new PermanentSendError((err as Error).message, code);
        throw err;
      }
    },
    async close() {
      transporter.close();
    },
  };
}

type SmtpAuth = { user: string; pass: string } | { type: 'OAuth2'; user: string; provisionCallback: NonNullable<XOAuth2.Options['provisionCallback']> };

/**
 * nodemailer's OAuth2 login sends AUTH XOAUTH2 (Google's XOAUTH2 format, the SASL
 * framing of RFC 7628). A pooled transport opens connections for as long as it lives,
 * far longer than a token, so no token is fixed here: nodemailer calls
 * provisionCallback at each connection's login (renew=true after the server refused
 * the token) and the provider decides whether its cached token is still good.
 */
export function smtpAuth(opts: Pick<SmtpOptions, 'user' | 'password' | 'accessToken'>): SmtpAuth | undefined {
  if (!opts.user) return undefined;
  const getToken = opts.accessToken;
  if (!getToken) return { user: opts.user, pass: opts.password ?? '' };
  return {
    type: 'OAuth2',
    user: opts.user,
    provisionCallback: (_user, renew, callback) => {
      // A near expiry makes nodemailer ask again at the next login rather than keep this token for ever (0 would).
      getToken({ forceRefresh: renew }).then((token) => callback(null, token, Date.now() + 1000), (err: Error) => callback(err, '', 0));
    },
  };
}

/** For unit tests: keeps every mail it is given, in order. */
export function createMemoryTransport(): MailTransport & { sent: OutboundMail[] } {
  const sent: OutboundMail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
      return { accepted: mail.to.map((t) => t.address), rejected: [], response: '250 kept in memory' };
    },
    async close() {},
  };
}

export function toNodemailer(mail: OutboundMail) {
  return {
    from: fmt(mail.from),
    to: mail.to.map(fmt),
    cc: mail.cc && mail.cc.length > 0 ? mail.cc.map(fmt) : undefined,
    replyTo: mail.replyTo ? fmt(mail.replyTo) : undefined,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.messageId}>`,
    inReplyTo: mail.inReplyTo ? `<${mail.inReplyTo}>` : undefined,
    references: (mail.references ?? []).map((r) => `<${r}>`),
    headers: mail.headers,
    // Inline parts go in multipart/related beside the HTML that refers to them by cid.
    attachments: [
      ...(mail.inline ?? []).map((p) => ({ cid: p.cid, filename: p.filename, contentType: p.contentType, content: p.content, contentDisposition: 'inline' as const })),
      ...(mail.files ?? []).map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content, contentDisposition: 'attachment' as const })),
    ],
  };
}


function fmt(m: Mailbox): { name: string; address: string } {
  return { name: m.name ?? '', address: m.address };
}

function addr(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}
