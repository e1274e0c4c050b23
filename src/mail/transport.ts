import nodemailer from 'nodemailer';
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
    auth: opts.user ? { user: opts.user, pass: opts.password ?? '' } : undefined,
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
    attachments: mail.inline?.map((p) => ({ cid: p.cid, filename: p.filename, contentType: p.contentType, content: p.content, contentDisposition: 'inline' as const })),
  };
}


function fmt(m: Mailbox): { name: string; address: string } {
  return { name: m.name ?? '', address: m.address };
}

function addr(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}
