/**
 * Phone numbers in international and local writing: "+44 113 496 0321",
 * "+7 495 123-45-67", "8 (495) 123-45-67", "0117 496 0155", "0744 123 456".
 *
 * A bare run of digits is far more often an account, an amount or an order
 * number than a phone, so a number counts as a phone by its shape (a leading
 * "+", a trunk "0", the Russian "8 (...)") or by a word next to it ("tel.",
 * "call me on", "телефон", "sunați-mă la").
 */
import { countDigits } from './text';

export interface Span {
  start: number;
  end: number;
}

export interface PhoneHit extends Span {
  value: string;
}

const CANDIDATE = /(?<![\p{L}\p{N}/+.,-])(?:\+[ \t]?)?\(?\d[\d \t().-]{4,20}\d(?![\p{L}\p{N}/]|[.,]\d)/gu;
const PHONE_WORD =
  /(?:tel|phone|mobile|mob|cell|call|contact|reach|ext|fax|whatsapp|телефон\p{L}*|тел|моб\p{L}*|звон\p{L}*|связ\p{L}*|telefon\p{L}*|mobil|suna[țţt]i|contacta[țţt]i)[^\p{N}\n]{0,25}$/iu;
/** A number right after these words is an order, invoice or ticket number, whatever its shape. */
const ID_WORD = /(?:order|invoice|ticket|ref|nr|no|№|#|factur\p{L}*|comand\p{L}*|заказ\p{L}*|сч[её]т\p{L}*|заявк\p{L}*|договор\p{L}*|contract\p{L}*|iban|cont)[.:\s#№]*$/iu;
const DATE_LIKE = /^\d{1,4}[.\-/ ]\d{1,2}[.\-/ ]\d{1,4}$/;

/** The phone numbers in the text, skipping the spans already taken by other identifiers. */
export function findPhones(text: string, taken: readonly Span[] = []): PhoneHit[] {
  const out: PhoneHit[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index ?? 0;
    const value = m[0].replace(/[ \t(]+$/, '');
    const end = start + value.length;
    if (taken.some((t) => start < t.end && t.start < end)) continue;
    if (isPhone(value, text.slice(Math.max(0, start - 40), start))) out.push({ value, start, end });
  }
  return out;
}

function isPhone(value: string, before: string): boolean {
  if (value.includes('\n') || (/[()]/.test(value) && !/^[^()]*\(\d{1,5}\)[^()]*$/.test(value))) return false;
  const digits = countDigits(value);
  const labelled = PHONE_WORD.test(before);
  if (!labelled && ID_WORD.test(before)) return false;
  if (value.startsWith('+')) return digits >= 8 && digits <= 15;
  if (DATE_LIKE.test(value) && !labelled) return false;
  if (/^\(?0/.test(value)) return digits >= 9 && digits <= 12 && (labelled || /[ \t-]/.test(value) || digits >= 10);
  // Russian trunk prefix: 8 (495) 123-45-67 or 8 495 123 45 67.
  if (/^8[ \t]?[(\d]/.test(value) && digits === 11 && /[ \t(-]/.test(value)) return true;
  // A city code in brackets without the trunk prefix: (495) 123-45-67.
  if (/^\(\d{3,5}\)/.test(value) && digits >= 10) return true;
  if (value.includes('.') && !labelled) return false;
  return labelled && digits >= 6 && digits <= 15;
}
