import { createHash } from 'node:crypto';
import type { Mailbox } from './types';

/** One outbound mail, fully decided: the transport adds nothing of its own. */
export interface OutboundMail {
  from: Mailbox;
  to: Mailbox[];
  cc?: Mailbox[];
  replyTo?: Mailbox;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
  headers: Record<string, string>;
  /** Inline parts referenced from the HTML as cid: URLs (RFC 2392), e.g. a digest's charts. */
  inline?: InlinePart[];
  /** Files passed on from a received mail (read back from its raw bytes at send time). */
  files?: FilePart[];
}

export interface FilePart {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The received mail whose attachments (by position) go with an outbound one. */
export interface AttachFrom {
  rawMailId: string;
  indexes: number[];
}

export interface InlinePart {
  cid: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Header decisions for mail the gateway writes. Pure, so the rules are tested
 * without a server and every sender applies them the same way.
 */

/**
 * A Message-ID derived from the outbox key (RFC 5322 section 3.6.4): a retried
 * job writes the same id, so a mail client shows a duplicate as one message.
 */
export function outboundMessageId(key: string, domain: string): string {
  const digest = createHash('sha256').update(key).digest('base64url').slice(0, 22);
  return `tg.${digest}@${domain}`;
}

/**
 * References for a reply: the parent's References, then the parent's own id
 * (RFC 5322 section 3.6.4). Kept to the last 20 ids so long threads do not
 * grow a header without bound.
 */
export function replyReferences(parent: { messageId?: string; references: string[] }): string[] {
  const refs = [...parent.references];
  if (parent.messageId && !refs.includes(parent.messageId)) refs.push(parent.messageId);
  return refs.slice(-20);
}

/**
 * Headers that mark mail written by a machine, so that other machines do not
 * answer it: RFC 3834 section 5 (Auto-Submitted) and the Microsoft header
 * that stops Exchange out-of-office replies.
 */
export function automaticHeaders(kind: 'auto-replied' | 'auto-generated'): Record<string, string> {
  return {
    'Auto-Submitted': kind,
    'X-Auto-Response-Suppress': 'All',
    Precedence: 'auto_reply',
  };
}

/** Strips reply prefixes in the three desk languages so subjects do not grow "Re: Re: ...". */
export function baseSubject(subject: string): string {
  let s = subject.trim();
  const prefix = /^(re|fw|fwd|aw|sv|ответ|отв|пересл|rs|răspuns|raspuns|tr)\s*(\[\d+\])?\s*:\s*/i;
  for (let i = 0; i < 10 && prefix.test(s); i++) s = s.replace(prefix, '');
  return s.replace(/\s+/g, ' ').trim();
}
