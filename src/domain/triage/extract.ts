/**
 * The identifying details of one issue, as a first-line analyst notes them
 * before queueing it: account, model, serial, licence, location, phone.
 * Values are exactly as written in the mail, trimmed, inflection included.
 * Pure: no I/O.
 *
 * Where a detail comes from:
 * - the issue's own text first: a number given inside one issue's paragraph
 *   belongs to that issue only;
 * - otherwise the mail's shared context (signature, greeting, the lead-in of a
 *   list, the date and place of an onboarding): a number given there belongs
 *   to every issue it concerns. A site or room concerns equipment and network
 *   work, not an issue that is only about accounts or permissions.
 */
import { firstIds, findIds } from './extract-ids';
import { firstLocation } from './extract-location';
import { findModels } from './extract-model';
import { findPhones } from './extract-phone';
import { isSignatureLine } from './split-frame';
import { isAccessOnly } from './split-topics';

export type DetailKey = 'account' | 'model' | 'serial' | 'licence' | 'location' | 'phone';
export type Details = Partial<Record<DetailKey, string>>;

export const DETAIL_KEYS: readonly DetailKey[] = ['account', 'model', 'serial', 'licence', 'location', 'phone'];
const KEYS = DETAIL_KEYS;

/**
 * Details named in one piece of text, each key at most once (its first value).
 * `context`: the text is shared context, where a postal address in a signature
 * line is the sender's company, not the place of a problem.
 */
export function detailsIn(text: string, context = false): Details {
  const out: Details = {};
  const ids = firstIds(text);
  if (ids.account) out.account = ids.account.value;
  if (ids.serial) out.serial = ids.serial.value;
  if (ids.licence) out.licence = ids.licence.value;
  const taken = findIds(text).map((f) => ({ start: f.valueStart, end: f.end }));
  const model = findModels(text).find((m) => !taken.some((t) => m.start < t.end && t.start < m.end));
  if (model) out.model = model.value;
  const location = firstLocation(context ? withoutSignatureLines(text) : text);
  if (location) out.location = location;
  const phone = findPhones(text, taken)[0];
  if (phone) out.phone = phone.value;
  return out;
}

/** The identifying details a first-line analyst would note, exactly as written (trimmed, inflected words included). Details in `shared` (e.g. a phone in the signature) belong to every issue they concern; details inside one issue's text belong to that issue only. */
export function extractDetails(issueText: string, shared: string): Details {
  const own = detailsIn(issueText);
  const common = shared.trim() === '' ? {} : detailsIn(shared, true);
  const out: Details = {};
  for (const key of KEYS) {
    const value = own[key] ?? (concerns(key, issueText) ? common[key] : undefined);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function withoutSignatureLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (isSignatureLine(line) ? ' '.repeat(line.length) : line))
    .join('\n');
}

function concerns(key: DetailKey, issueText: string): boolean {
  return key !== 'location' || !isAccessOnly(issueText);
}
