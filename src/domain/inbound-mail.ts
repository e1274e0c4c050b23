import type { Mailbox } from './types';

/**
 * A received mail as the core sees it: decoded, but independent of the MIME
 * parser that produced it. Header names are lower-case; each header keeps
 * every occurrence in order, unfolded (RFC 5322 section 2.2.3), values as
 * written: encoded words (RFC 2047) are left as they are; the decoded forms are
 * in `subject`, `from`, `to` and the other typed fields.
 */
export interface InboundMail {
  /** Message-ID without angle brackets, or undefined when the mail has none. */
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  from?: Mailbox;
  /** Reply-To addresses (RFC 5322 section 3.6.2); empty when absent. */
  replyTo: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  date?: Date;
  /** Plain text body (from text/plain, or derived from HTML). */
  text: string;
  /** The mail had no text part: `text` was derived from `html`. */
  textFromHtml?: boolean;
  html?: string;
  headers: Record<string, string[]>;
  /** Top-level MIME type, lower-case, e.g. `multipart/report`. */
  contentType: string;
  /** Parameters of the top-level Content-Type, lower-case names. */
  contentTypeParams: Record<string, string>;
  attachments: AttachmentInfo[];
  /** Machine-readable parts of a delivery report (RFC 3464 / RFC 6522), when the mail is one. */
  report?: { deliveryStatus?: string; originalHeaders?: string };
}

export interface AttachmentInfo {
  filename?: string;
  contentType: string;
  size: number;
  /** Hex digest from the parser, used to recognise the same file again. */
  checksum?: string;
  /** MIME parts of delivery reports are kept here for bounce rules. */
  inline: boolean;
}

/** First value of a header, or undefined. */
export function header(mail: Pick<InboundMail, 'headers'>, name: string): string | undefined {
  return mail.headers[name.toLowerCase()]?.[0];
}
