/**
 * Small text helpers shared by issue splitting and details extraction.
 * Pure: no I/O.
 *
 * `\b` only knows ASCII letters, so Cyrillic and Romanian words would never
 * match it; word edges are written as look-arounds on Unicode letters and
 * digits instead.
 */

/** Not preceded by a letter or digit: the start of a word in any script. */
export const WORD_START = '(?<![\\p{L}\\p{N}])';
/** Not followed by a letter or digit: the end of a word in any script. */
export const WORD_END = '(?![\\p{L}\\p{N}])';

/** A case-insensitive Unicode pattern that must start on a word edge; `whole` also ends on one. */
export function words(source: string, whole = false, flags = 'iu'): RegExp {
  return new RegExp(`${WORD_START}(?:${source})${whole ? WORD_END : ''}`, flags);
}

/** `\n` line ends, no trailing blanks on lines, trimmed. */
export function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/** Blocks of text separated by blank lines, each trimmed, none empty. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Words after which a full stop does not end a sentence ("Customer no. 77102",
 * "ул. Лесная", "Str. Victoriei"). Lower-case, without the dot.
 */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'no', 'nr', 'tel', 'str', 'e.g', 'i.e', 'approx', 'ext', 'bd', 'bl', 'sc', 'ap',
  'ул', 'д', 'г', 'тел', 'т.е', 'т.к', 'стр', 'кв', 'каб', 'эт', 'моб', 'пр', 'им',
  'sf', 'et', 'mob', 'jud', 'sect', 'p.s', 'p.p.s', 'п.с', 'ps',
]);

/** Offsets where a new sentence starts inside `text` (the first sentence, at 0, is not listed). */
export function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  // A sentence ends at . ! ? or … followed by space and an upper-case letter,
  // a quote or a bracket: "v2. then" and "no. 5" are not sentence ends.
  // A line break before a capital starts one too: many write one sentence a line, without a full stop.
  const end = /(?:([.!?…]+)["»”)]?[ \t]*\n?[ \t]*|[ \t]*\n[ \t]*)(?<=[\s])(?=[\p{Lu}"«„(])/gu;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    if (m[1] === '.' && isAbbreviation(text, m.index)) continue;
    starts.push(m.index + m[0].length);
  }
  return starts;
}

function isAbbreviation(text: string, dot: number): boolean {
  const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot));
  if (!before) return false;
  const word = before[1].toLowerCase();
  // A single capital letter with a dot is an initial ("J. Smith").
  return ABBREVIATIONS.has(word) || /^\p{Lu}$/u.test(before[1]);
}

export function countDigits(text: string): number {
  return (text.match(/\d/g) ?? []).length;
}
