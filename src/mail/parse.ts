import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail, type StructuredHeader } from 'mailparser';
import type { AttachmentInfo, InboundMail } from '../domain/inbound-mail';
import { extractMessageId } from '../domain/mail-key';
import type { Mailbox } from '../domain/types';

/**
 * mailparser → InboundMail. mailparser decodes charsets through iconv-lite
 * (windows-1251, koi8-r, iso-8859-2, ...), encoded words (RFC 2047) and
 * transfer encodings; this adapter only reshapes its result.
 */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  return toInboundMail(parsed);
}

export function toInboundMail(parsed: ParsedMail): InboundMail {
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
    text: parsed.text ?? htmlToText(typeof parsed.html === 'string' ? parsed.html : ''),
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    headers: headerMap(parsed),
    contentType,
    contentTypeParams,
    attachments: parsed.attachments.map(
      (a): AttachmentInfo => ({ filename: a.filename, contentType: a.contentType.toLowerCase(), size: a.size, checksum: a.checksum, inline: a.contentDisposition === 'inline' }),
    ),
  };
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

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
