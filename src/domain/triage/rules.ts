/**
 * Triage rules: which phrases make an issue a category or raise a priority
 * signal in each desk language, plus the desk's VIP lists, and the matcher
 * that reads them. Pure: no I/O.
 *
 * Phrase syntax. It is deliberately small because desk staff extend these
 * lists in configuration (see `mergeRules`):
 *  - Case, apostrophes and diacritics on Latin letters are ignored, and "ё"
 *    is "е": "factură" = "factura", "учётная" = "учетная", "can't" = "cant"
 *    ("й" stays a letter of its own). Hyphens and other punctuation
 *    separate words ("wi-fi" is the two words "wi fi"), and digits are split
 *    from letters ("5pm" is "5 pm").
 *  - Each word is a stem: "printer" matches "printers", "принтер" matches
 *    "принтера", "imprimant" matches "imprimanta". Words of up to three
 *    letters match whole words only, because short stems prefix too many
 *    unrelated words ("pc" must not match "pcs" nor "не" match "нет").
 *    "=word" forces a whole-word match ("=cont" must not match "contract";
 *    "=monitor|monitors" applies to both), "word*" forces a stem match for a
 *    short word ("сет*" for "сети").
 *  - "a|b" offers alternatives for one word position (single words only).
 *  - "#" matches a number, "#20" a number of at least 20.
 *  - The words of a phrase match in order within one sentence, with at most
 *    two other words between neighbours, so "account locked" also finds
 *    "account was locked" and "need today" finds "need it fixed today".
 *    A phrase in double quotes matches adjacent words only ('"in # hours"'
 *    must not match "in the last 2 hours").
 */
import type { Category, Language } from '../types';
import { CATEGORY_PHRASES, IDENTIFIER_PHRASES, UNREACHABLE_PHRASES } from './lexicon-categories';
import { NEGATION_WORDS, SIGNAL_PHRASES } from './lexicon-signals';

export const SIGNALS = [
  'outage',
  'security',
  'many-users',
  'revenue-stopped',
  'blocked',
  'deadline-today',
  'planned-future',
  'wish',
  'question',
  'cosmetic',
  'already-late',
  'no-workaround',
  'workaround',
  // Not in the original brief: a bare "today"/"tomorrow", which only matters
  // for planned work (due within one working day, LABELS.md).
  'near-date',
] as const;
export type Signal = (typeof SIGNALS)[number];

/** One list of phrases per desk language. */
export type PhraseLists = Record<Language, string[]>;

export interface TriageRules {
  /** Phrases per category per language; matched on word stems, case-insensitive. */
  categories: Record<Category, PhraseLists>;
  /** Impact phrases per priority signal per language. */
  signals: Record<Signal, PhraseLists>;
  /**
   * Phrases saying a service cannot be reached at all ("times out", "cannot
   * connect to the server"). They settle the category as network whatever
   * application the issue names, as LABELS.md requires.
   */
  unreachable: PhraseLists;
  /**
   * Labels of identifiers ("account number", "cod client", "Phone:") and mail
   * boilerplate ("Sent from my iPhone"). Their words are ignored for the
   * category, so "Account number 5580213" in a laptop report is not evidence
   * of an access issue.
   */
  identifiers: PhraseLists;
  /**
   * Negation words. A signal phrase right after one (within two words in the
   * same clause) or with one in a gap between its words does not fire: "not
   * blocked", "still not able to"; "nu pot lucra" must not read as "pot lucra".
   */
  negations: PhraseLists;
  /**
   * Sender addresses whose issues go up one priority level: P3 becomes P2.
   * Never into P1 (that needs outage-level impact, whoever reports it), and
   * planned P4 work stays P4 because its date, not the sender, sets when it
   * is due. Being both VIP and priority account still raises one level.
   */
  vipContacts: string[];
  /** Sender domains treated like `vipContacts` (subdomains included). */
  vipDomains: string[];
  /** Account numbers (as extracted from the mail) treated like `vipContacts`. */
  priorityAccounts: string[];
}

export const DEFAULT_RULES: TriageRules = {
  categories: CATEGORY_PHRASES,
  signals: SIGNAL_PHRASES,
  unreachable: UNREACHABLE_PHRASES,
  identifiers: IDENTIFIER_PHRASES,
  negations: NEGATION_WORDS,
  vipContacts: [],
  vipDomains: [],
  priorityAccounts: [],
};

export type DeepPartial<T> = T extends readonly (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * Desk configuration extends the defaults: every list in `override` is
 * appended to the matching list in `base` (duplicates dropped). Keys that
 * `base` does not have are ignored, so a typo in configuration cannot plant
 * a new key (or `__proto__`) in the rules.
 */
export function mergeRules(base: TriageRules, override: DeepPartial<TriageRules>): TriageRules {
  return mergeValue(base, override) as TriageRules;
}

function mergeValue(base: unknown, extra: unknown): unknown {
  if (extra === undefined || extra === null) return base;
  if (Array.isArray(base)) {
    return Array.isArray(extra) ? [...new Set([...base, ...extra])] : base;
  }
  if (!isRecord(base) || !isRecord(extra)) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(extra)) {
    if (Object.hasOwn(base, key)) merged[key] = mergeValue(base[key], extra[key]);
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// Text and phrase matching

export interface Token {
  word: string;
  /** Index of the sentence (or line) the word is in; phrases never span two. */
  sentence: number;
  /** Index of the clause (split also at commas, colons, dashes); negation does not cross one. */
  clause: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Sentence ends: punctuation before a space (not "2.14" or "v1.2") and line breaks. */
const SENTENCE_END = /[.!?;]+(?=\s|$)|\n/u;
/** "Not urgent, new starter next week": the "not" belongs to another clause. */
const CLAUSE_END = /[,:)(]+(?=\s|$)|\s[-–—]+\s/u;
const MAX_GAP = 2;
const NEGATION_WINDOW = 2;

/**
 * Lower-case, no apostrophes, digits split from letters, no diacritics on
 * Latin letters (Romanian is typed with and without them) and "ё" as "е"
 * (Russian is typed both ways); "й" stays, it is a letter of its own.
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/ё/gu, 'е')
    .replace(/['’ʼ`]/gu, '')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2');
}

/** Addresses and links: "accounts@example.com" says nothing about an access issue. */
const ADDRESS_OR_URL = /\b(?:https?:\/\/\S+|www\.\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/giu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  normalizeText(text.replace(ADDRESS_OR_URL, ' '))
    .split(SENTENCE_END)
    .forEach((sentenceText, sentence) => {
      for (const part of sentenceText.split(CLAUSE_END)) {
        for (const word of part.match(WORD) ?? []) tokens.push({ word, sentence, clause });
        clause += 1;
      }
    });
  return tokens;
}

type Alternative = { kind: 'word'; text: string; exact: boolean } | { kind: 'number'; min: number };
export interface Phrase {
  /** The phrase as written in the rules, for `reasons`. */
  source: string;
  words: Alternative[][];
  /** Most other words allowed between two neighbouring phrase words. */
  maxGap: number;
}

export function compilePhrase(source: string): Phrase | undefined {
  const quoted = /^\s*".*"\s*$/su.test(source);
  const words = normalizeText(source)
    .replace(/[^\p{L}\p{N}|*=#\s]+/gu, ' ')
    .split(/\s+/)
    .filter((spec) => spec !== '')
    .map(compileWord);
  if (words.length === 0 || words.some((alts) => alts.length === 0)) return undefined;
  return { source: source.trim().replace(/^"|"$/g, ''), words, maxGap: quoted ? 0 : MAX_GAP };
}

/** A leading "=" makes every alternative of the word whole-word ("=monitor|monitors"). */
function compileWord(spec: string): Alternative[] {
  const allExact = spec.startsWith('=');
  return spec
    .replace(/^=/, '')
    .split('|')
    .filter((alt) => alt !== '')
    .map((alt) => compileAlternative(alt, allExact));
}

function compileAlternative(spec: string, allExact: boolean): Alternative {
  if (spec.startsWith('#')) return { kind: 'number', min: Number(spec.slice(1)) || 0 };
  const stem = spec.endsWith('*');
  const text = spec.replace(/^=/, '').replace(/\*$/, '');
  const exact = !stem && (allExact || spec.startsWith('=') || [...text].length <= 3);
  return { kind: 'word', text, exact };
}

export interface MatchOptions {
  /** Token indexes that may not be part of a match (identifier labels). */
  masked?: ReadonlySet<number>;
  /**
   * A match preceded by one of these words (same sentence), or with one of
   * them in a gap between its words, does not count.
   */
  negations?: ReadonlySet<string>;
}

export interface Span {
  start: number;
  end: number;
}

/** The first place at or after token `from` where `phrase` occurs, if any. */
export function findPhrase(tokens: readonly Token[], phrase: Phrase, options: MatchOptions = {}, from = 0): Span | undefined {
  for (const start of startCandidates(tokens, phrase.words[0], from)) {
    if (!wordMatches(tokens, start, phrase.words[0], options)) continue;
    const end = matchRest(tokens, start, phrase, 1, options);
    if (end !== undefined && !isNegated(tokens, start, options.negations)) return { start, end };
  }
  return undefined;
}

/**
 * Where a phrase can start: only tokens sharing the first two letters of one
 * of its first word's alternatives. Thousands of phrases are tried on every
 * issue, so looking starts up in a per-text index instead of scanning every
 * token for every phrase keeps triage within its CPU budget.
 */
const PREFIX = 2;
const prefixIndexes = new WeakMap<readonly Token[], Map<string, number[]>>();
/** Per first word: its alternatives' prefixes, or null when one needs every token (numbers, one-letter stems). */
const firstKeys = new WeakMap<Alternative[], string[] | null>();

function keysOf(first: Alternative[]): string[] | null {
  let keys = firstKeys.get(first);
  if (keys === undefined) {
    keys = first.some((alt) => alt.kind === 'number' || alt.text.length < PREFIX) ? null : first.map((alt) => (alt as { text: string }).text.slice(0, PREFIX));
    firstKeys.set(first, keys);
  }
  return keys;
}

function indexOf(tokens: readonly Token[]): Map<string, number[]> {
  let index = prefixIndexes.get(tokens);
  if (!index) {
    index = new Map();
    for (let i = 0; i < tokens.length; i++) {
      const key = tokens[i].word.slice(0, PREFIX);
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
    prefixIndexes.set(tokens, index);
  }
  return index;
}

function startCandidates(tokens: readonly Token[], first: Alternative[], from: number): number[] {
  const keys = keysOf(first);
  if (!keys) return range(from, tokens.length);
  const index = indexOf(tokens);
  if (keys.length === 1) return (index.get(keys[0]) ?? []).filter((i) => i >= from);
  const starts = new Set<number>();
  for (const key of keys) for (const i of index.get(key) ?? []) if (i >= from) starts.add(i);
  return [...starts].sort((a, b) => a - b);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function matchRest(
  tokens: readonly Token[],
  previous: number,
  phrase: Phrase,
  index: number,
  options: MatchOptions,
): number | undefined {
  if (index === phrase.words.length) return previous;
  const last = Math.min(tokens.length - 1, previous + 1 + phrase.maxGap);
  for (let next = previous + 1; next <= last; next++) {
    if (tokens[next].sentence !== tokens[previous].sentence) return undefined;
    if (wordMatches(tokens, next, phrase.words[index], options)) {
      const end = matchRest(tokens, next, phrase, index + 1, options);
      if (end !== undefined) return end;
    }
    // "still not able to" must not read as "still able to".
    if (options.negations?.has(tokens[next].word)) return undefined;
  }
  return undefined;
}

function wordMatches(tokens: readonly Token[], index: number, alternatives: Alternative[], options: MatchOptions): boolean {
  if (options.masked?.has(index)) return false;
  const word = tokens[index].word;
  return alternatives.some((alt) => {
    if (alt.kind === 'number') return /^\d+$/.test(word) && Number(word) >= alt.min;
    return alt.exact ? word === alt.text : word.startsWith(alt.text);
  });
}

function isNegated(tokens: readonly Token[], start: number, negations: ReadonlySet<string> | undefined): boolean {
  if (!negations) return false;
  for (let i = Math.max(0, start - NEGATION_WINDOW); i < start; i++) {
    if (tokens[i].clause === tokens[start].clause && negations.has(tokens[i].word)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Compiled form, cached per rules object (rules are immutable values)

export interface CompiledRules {
  categories: Record<Category, Record<Language, Phrase[]>>;
  signals: Record<Signal, Record<Language, Phrase[]>>;
  unreachable: Record<Language, Phrase[]>;
  identifiers: Record<Language, Phrase[]>;
  negations: Record<Language, ReadonlySet<string>>;
}

const compiledCache = new WeakMap<TriageRules, CompiledRules>();

export function compileRules(rules: TriageRules): CompiledRules {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const compiled: CompiledRules = {
    categories: mapValues(rules.categories, compileLists),
    signals: mapValues(rules.signals, compileLists),
    unreachable: compileLists(rules.unreachable),
    identifiers: compileLists(rules.identifiers),
    negations: mapValues(rules.negations, (words) => new Set(words.map((word) => normalizeText(word).trim()))),
  };
  compiledCache.set(rules, compiled);
  return compiled;
}

function compileLists(lists: PhraseLists): Record<Language, Phrase[]> {
  return mapValues(lists, (phrases) =>
    phrases.map(compilePhrase).filter((phrase): phrase is Phrase => phrase !== undefined),
  );
}

function mapValues<K extends string, V, W>(record: Record<K, V>, fn: (value: V) => W): Record<K, W> {
  const out = {} as Record<K, W>;
  for (const key of Object.keys(record) as K[]) out[key] = fn(record[key]);
  return out;
}
