import { type AddressObject, type Attachment, type HeaderValue, type ParsedMail, type StructuredHeader } from 'mailparser';
import type { AttachmentInfo, InboundMail } from '../domain/inbound-mail';
import { extractMessageId } from '../domain/mail-key';
import { leanParse } from './lean-parse';
import { htmlToPlainText } from '../domain/reply-text';
import type { Mailbox } from '../domain/types';

/** The parser's options; attachment positions recorded at intake are read back with the same ones (attachment-loader.ts). */
export const PARSE_OPTIONS = { skipImageLinks: true as const, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024 };

/**
 * mailparser → InboundMail. mailparser decodes charsets through iconv-lite
 * (windows-1251, koi8-r, iso-8859-2, ...), encoded words (RFC 2047) and
 * transfer encodings; this adapter only reshapes its result.
 */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const options = PARSE_OPTIONS;
  const parsed = await leanParse(raw, options, isReportPart);
  // mailparser folds message/delivery-status parts into `text` unless told to keep
  // them; a second pass, only for reports (RFC 6522 section 3), gets them as parts
  // and leaves `text` and `html` as they always were.
  const isReport = contentTypeOf(parsed).contentType === 'multipart/report';
  const kept = isReport ? await leanParse(raw, { ...options, keepDeliveryStatus: true }, isReportPart) : parsed;
  return toInboundMail(parsed, kept.attachments);
}

/** `reportParts`: the parts to read `report` from; by default the attachments of `parsed`. */
export function toInboundMail(parsed: ParsedMail, reportParts: Attachment[] = parsed.attachments): InboundMail {
  const { contentType, contentTypeParams } = contentTypeOf(parsed);
  const from = addresses(parsed.from);
  return {
    messageId: parsed.messageId ? extractMessageId(parsed.messageId) : undefined,
    inReplyTo: parsed.inReplyTo ? extractMessageId(parsed.inReplyTo) : undefined,
    references: referenceList(parsed.references),
    from: from[0],
    replyTo: addresses(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: (parsed.subject ?? '').replace(/[\r\n]+/g, ' ').trim(),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined,
    text: parsed.text ?? htmlToPlainText(typeof parsed.html === 'string' ? parsed.html : ''),
    textFromHtml: parsed.text === undefined && typeof parsed.html === 'string',
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    headers: headerMap(parsed),
    contentType,
    contentTypeParams,
    attachments: parsed.attachments.map(
      (a): AttachmentInfo => ({ filename: a.filename, contentType: a.contentType.toLowerCase(), size: a.size, checksum: a.checksum, inline: a.contentDisposition === 'inline' }),
    ),
    ...reportOf(contentType, contentTypeParams, reportParts),
  };
}

/** Parts whose content the gateway reads: a delivery report's status and returned message. */
const isReportPart = (contentType: string) => STATUS_TYPES.includes(contentType) || ORIGINAL_TYPES.includes(contentType);

const STATUS_TYPES = ['message/delivery-status', 'message/global-delivery-status']; // RFC 3464 section 2.1, RFC 6533 section 6
const ORIGINAL_TYPES = ['message/rfc822', 'message/global', 'text/rfc822-headers']; // RFC 3464 section 2, RFC 6532, RFC 6522 section 4

/**
 * The machine-readable parts of a delivery report. A mail is one when it has a
 * delivery-status part or is a multipart/report of report-type delivery-status
 * (RFC 3464 section 2); a message/rfc822 attached to any other mail is a
 * forward, not a returned message.
 */
function reportOf(contentType: string, params: Record<string, string>, parts: Attachment[]): Pick<InboundMail, 'report'> {
  const statuses = parts.filter((a) => STATUS_TYPES.includes(a.contentType.toLowerCase())).map((a) => partText(a.content));
  const dsnType = contentType === 'multipart/report' && /^(global-)?delivery-status$/i.test(params['report-type'] ?? '');
  if (statuses.length === 0 && !dsnType) return {};
  const original = parts.find((a) => ORIGINAL_TYPES.includes(a.contentType.toLowerCase()));
  // Some MTAs label their prose message/delivery-status too: prefer the part with recipient fields.
  const deliveryStatus = statuses.find((s) => /^(final|original)-recipient\s*:/im.test(s)) ?? statuses[0];
  // A returned message: its header section ends at the first empty line (RFC 5322 section 2.1).
  const originalHeaders = original ? partText(original.content).split(/\r?\n\r?\n/)[0] : undefined;
  return { report: { ...(deliveryStatus !== undefined ? { deliveryStatus } : {}), ...(originalHeaders !== undefined ? { originalHeaders } : {}) } };
}

/** UTF-8 (RFC 6532, RFC 6533) when the bytes are valid UTF-8, else Latin-1 so no byte is lost. */
function partText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return content.toString('latin1');
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: Mailbox[] = [];
  for (const obj of objects) {
    for (const entry of obj.value) {
      // Groups (RFC 5322 section 3.4) carry their members in `group`.
      for (const member of entry.group ?? [entry]) {
        const address = member.address?.trim().toLowerCase();
        if (address && address.includes('@')) out.push({ address, ...(member.name ? { name: member.name.trim() } : {}) });
      }
    }
  }
  return out;
}

function referenceList(refs: string | string[] | undefined): string[] {
  const list = refs === undefined ? [] : Array.isArray(refs) ? refs : refs.split(/\s+/);
  return list.map((r) => extractMessageId(r)).filter((r): r is string => r !== undefined);
}

/** Every header line, lower-case name → unfolded values in order of appearance. */
function headerMap(parsed: ParsedMail): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const { key, line } of parsed.headerLines) {
    // Unfolding removes each CRLF that is followed by white space (RFC 5322 section 2.2.3).
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
    (map[key.toLowerCase()] ??= []).push(value);
  }
  return map;
}

/** `Content-Type` as `{ value, params }`; text/plain when absent (RFC 2045 section 5.2). */
function contentTypeOf(parsed: ParsedMail): { contentType: string; contentTypeParams: Record<string, string> } {
  const ct = parsed.headers.get('content-type');
  if (isStructured(ct)) {
    const params = Object.fromEntries(Object.entries(ct.params).map(([k, v]) => [k.toLowerCase(), v]));
    return { contentType: ct.value.toLowerCase(), contentTypeParams: params };
  }
  return { contentType: typeof ct === 'string' ? ct.toLowerCase() : 'text/plain', contentTypeParams: {} };
}

function isStructured(value: HeaderValue | undefined): value is StructuredHeader {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && 'params' in value && typeof value.value === 'string';
}
