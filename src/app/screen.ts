import { classifyAutomation, isMachineMail } from '../domain/auto-reply';
import type { InboundMail } from '../domain/inbound-mail';
import type { DeskSettings } from './desk-settings';

export interface Rejection {
  reason: string;
  detail?: string;
}

const OWN_ID = /^tg\.[A-Za-z0-9_-]{22}@(.+)$/;

/**
 * Decides whether a parsed mail may open a ticket. Mail that no person wrote
 * is never answered (RFC 3834 section 2), so bounces, out-of-office replies,
 * bulk mail and the gateway's own mail are set aside with the rule that matched.
 */
export function screenInbound(mail: InboundMail, desk: DeskSettings): Rejection | undefined {
  if (!mail.from) return { reason: 'no-sender', detail: 'the mail has no usable From address' };
  const own = OWN_ID.exec(mail.messageId ?? '');
  if (own && own[1].toLowerCase() === desk.messageIdDomain.toLowerCase()) {
    return { reason: 'loop', detail: `Message-ID ${mail.messageId} was written by this gateway` };
  }
  const verdict = classifyAutomation(mail, { ownAddresses: desk.supportAddresses });
  if (isMachineMail(verdict)) return { reason: verdict.kind, detail: verdict.reason };
  return undefined;
}
