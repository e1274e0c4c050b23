/**
 * Labelled identifiers: account or customer numbers and usernames, serial
 * numbers, licence keys and contract or subscription numbers. Each is found
 * by its label ("customer no.", "лицевой счёт", "cod client", "S/N",
 * "номер договора", "cheia de licență") followed by a value; a value without a
 * label is not guessed at, except licence keys, whose shape is distinctive.
 *
 * Invoice numbers are deliberately not labels: "счёт № 4581", "factura nr.
 * 2291" and "invoice INV-2026-0871" identify a document, not the customer.
 */
import { WORD_END, WORD_START, countDigits } from './text';

export type IdKey = 'account' | 'serial' | 'licence';
export type ValueShape = 'id' | 'user';

export interface Found {
  key: IdKey;
  /** 'user' for a username ("Username rpatel"), 'id' for numbers and codes. */
  shape: ValueShape;
  value: string;
  /** Where the label starts: the phrase "label value" is text.slice(start, end). */
  start: number;
  valueStart: number;
  end: number;
}


interface Label {
  key: IdKey;
  shape: ValueShape;
  re: RegExp;
  /** The value may follow the label directly; otherwise ":" / "is" must come between. */
  direct: boolean;
}

function label(key: IdKey, shape: ValueShape, source: string, direct = true): Label {
  return { key, shape, direct, re: new RegExp(`${WORD_START}(?:${source})${WORD_END}`, 'giu') };
}

const NO = '(?: number| no\\.?| nr\\.?| id| #| code| ref(?:erence)?)?';

const LABELS: readonly Label[] = [
  label('serial', 'id', `serial${NO}|s/n|sn|service tag|серийн\\p{L}*(?: номер\\p{L}*)?|серийник\\p{L}*|с/н|заводск\\p{L}* (?:номер|№)|num[ăa]r(?:ul)? de serie|seria|serie|s\\.n\\.`),
  label('licence', 'id', `licen[cs]e(?: key| number| no\\.?| nr\\.?| code| id)?|product key|activation (?:key|code)|key|subscription${NO}|(?:service |support |maintenance )?(?:contract|agreement)${NO}`),
  label('licence', 'id', `(?:номер )?лиценз\\p{L}*(?: ключ\\p{L}*)?|ключ\\p{L}*(?: (?:активации|продукта|лицензии))?|номер (?:лицензии|договора|контракта|подписки)|договор\\p{L}*|контракт\\p{L}*|подписк\\p{L}*`),
  label('licence', 'id', `chei[ae](?: de (?:licen[țţt][ăa]|activare))?|licen[țţt]\\p{L}*(?: nr\\.?)?|num[ăa]r(?:ul)? (?:de )?(?:licen[țţt]\\p{L}*|contract\\p{L}*|abonament\\p{L}*)|contract\\p{L}*(?: nr\\.?)?|abonament\\p{L}*(?: nr\\.?)?`),
  label('account', 'id', `(?:customer|client|member(?:ship)?|subscriber)(?: account)?${NO}|account${NO}|acct\\.?(?: no\\.?)?`),
  label('account', 'id', `лицев\\p{L}* сч[её]т\\p{L}*|л/с|(?:номер|код|id) (?:клиента|абонента|аккаунта|лицевого сч[её]та)|клиент(?:а)?(?: номер)?|абонент\\p{L}*|аккаунт\\p{L}*|уч[её]тн\\p{L}* запис\\p{L}*`),
  label('account', 'id', `(?:num[ăa]r(?:ul)? de )?cont(?:ul)?(?: de)? client|cod(?:ul)?(?: de)? client|num[ăa]r(?:ul)?(?: de)? client|id(?:-ul)? client|client(?:ul)?(?: nr\\.?)?|cont(?:ul)?(?: nr\\.?)?`),
  label('account', 'user', `user ?name|user ?id|логин|имя пользователя|utilizator|nume(?:le)? de utilizator`),
  label('account', 'user', `login(?: name| id)?|user|пользовател\\p{L}*|utilizatorul|уч[её]тн\\p{L}* запис\\p{L}*|account`, false),
];

/** Words between a label and its value: "account is NW-44102", "Клиент № МС-3310". */
const FILLER = /(?:[^\S\n]*(?:[:=#№(]|n°|[-–—](?=\s))[^\S\n]*|[^\S\n]*(?:is|are|was|no\.|nr\.?|number|это|este|номер|num[ăa]r(?:ul)?)(?![\p{L}\p{N}])[^\S\n]*|[^\S\n]+)*/iuy;
/** "Contract de service nr. SV-2024/18", "договор на обслуживание № 15": a few words, then a number sign. */
const GAP = /(?:[^\S\n]+[\p{L}-]+){1,3}?[^\S\n]*(?:nr\.?|no\.|№|#|number|номер|num[ăa]rul)(?![\p{L}])/iuy;
const EXPLICIT = /\s*(?::|=|is\s|este\s|—|–|-\s)/iuy;
const ID_VALUE = /[\p{L}\p{N}](?:[\p{L}\p{N}]|[-/._](?=[\p{L}\p{N}]))*/uy;
const USER_VALUE = /[A-Za-z][A-Za-z0-9._-]*[A-Za-z0-9](?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?(?![\p{L}\p{N}])/uy;

/** Words that follow "user" or "login" in prose and are not usernames. */
const NOT_USERNAMES = new Set([
  'is', 'was', 'has', 'had', 'not', 'can', 'cannot', 'locked', 'expired', 'blocked', 'disabled', 'page', 'password', 'name',
  'the', 'a', 'an', 'and', 'or', 'for', 'to', 'on', 'in', 'my', 'your', 'his', 'her', 'this', 'that', 'of', 'with', 'account',
  'accounts', 'details', 'screen', 'fails', 'failed', 'nu', 'este', 'fost', 'nou', 'noua', 'meu', 'mea', 'blocat', 'de', 'la',
  'pe', 'si', 'cu', 'error', 'id', 'ids', 'names', 'data', 'access', 'again', 'credentials', 'portal', 'prompt',
]);

function readValue(text: string, at: number, spec: Label): { value: string; start: number } | undefined {
  const direct = readAt(text, at, spec);
  if (direct || spec.shape !== 'id') return direct;
  GAP.lastIndex = at;
  return GAP.exec(text) ? readAt(text, GAP.lastIndex, spec) : undefined;
}

function readAt(text: string, at: number, spec: Label): { value: string; start: number } | undefined {
  FILLER.lastIndex = at;
  const skipped = FILLER.exec(text);
  const start = at + (skipped ? skipped[0].length : 0);
  EXPLICIT.lastIndex = at;
  const explicit = EXPLICIT.test(text);
  const re = spec.shape === 'id' ? ID_VALUE : USER_VALUE;
  re.lastIndex = start;
  const m = re.exec(text);
  if (!m) return undefined;
  const value = m[0];
  // After "login" or "user" a value needs ":" or "is", unless it looks like a login itself ("login jdoe2", "a.pop").
  if (!spec.direct && !explicit && !/[._\d@]/.test(value)) return undefined;
  if (spec.shape === 'user') return NOT_USERNAMES.has(value.toLowerCase()) || value.length > 40 ? undefined : { value, start };
  // "key F12" is a keyboard key, not a licence key.
  if (/key|ключ|chei/iu.test(text.slice(Math.max(0, at - 8), at)) && value.length < 5) return undefined;
  return isIdentifier(value) ? { value, start } : undefined;
}

/** An identifier has a digit and is neither a date, a time nor a year ("12.05.2025", "08:40", "contract 2026"). */
function isIdentifier(value: string): boolean {
  if (value.length < 3 || value.length > 40 || countDigits(value) === 0) return false;
  return !/^\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?$/.test(value) && !/^(?:19|20)\d{2}$/.test(value);
}

function scan(text: string, spec: Label): Found[] {
  const out: Found[] = [];
  spec.re.lastIndex = 0;
  for (let m = spec.re.exec(text); m; m = spec.re.exec(text)) {
    const read = readValue(text, m.index + m[0].length, spec);
    if (read) out.push({ key: spec.key, shape: spec.shape, value: read.value, start: m.index, valueStart: read.start, end: read.start + read.value.length });
  }
  return out;
}

/** Licence keys have a shape of their own: groups of letters and digits joined by dashes. */
const KEY_SHAPE = /(?<![\p{L}\p{N}-])[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){2,}(?![\p{L}\p{N}-])/gu;
const KEY_CONTEXT = /licen|key|ключ|лиценз|chei|activ/iu;

function shapedKeys(text: string): Found[] {
  if (!KEY_CONTEXT.test(text)) return [];
  const out: Found[] = [];
  for (const m of text.matchAll(KEY_SHAPE)) {
    if (/\d/.test(m[0]) && /[A-Z]/.test(m[0])) {
      const at = m.index ?? 0;
      out.push({ key: 'licence', shape: 'id', value: m[0], start: at, valueStart: at, end: at + m[0].length });
    }
  }
  return out;
}

/**
 * Every labelled identifier in the text, in order. When two labels claim the
 * same value the nearer label wins ("contract number" beats a "number" further
 * back).
 */
export function findIds(text: string): Found[] {
  const all = [...LABELS.flatMap((spec) => scan(text, spec)), ...shapedKeys(text)];
  all.sort((a, b) => a.valueStart - b.valueStart || b.start - a.start);
  const kept: Found[] = [];
  for (const found of all) {
    const same = kept.find((k) => found.valueStart < k.end && k.valueStart < found.end);
    // "Cod client RT-3390": both "cod client" and "client" reach the value; the phrase starts at the first.
    if (same) same.start = Math.min(same.start, found.start);
    else kept.push(found);
  }
  return kept;
}

/** The first value for each key. */
export function firstIds(text: string): Partial<Record<IdKey, Found>> {
  const out: Partial<Record<IdKey, Found>> = {};
  for (const found of findIds(text)) out[found.key] ??= found;
  return out;
}
