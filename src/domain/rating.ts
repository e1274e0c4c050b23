/**
 * Satisfaction ratings in replies to the survey mail. Pure: no I/O.
 *
 * The rule (en/ru/ro, case-insensitive):
 *  - Only the START of the reply counts: the first non-empty line, after
 *    leading white space and `>` quote markers. A rating buried in prose is
 *    not a rating; the survey asks for the number first.
 *  - That line begins with a score of 1 to 5, written as
 *      a digit ("5"), a number word ("five", "пять", "cinci", "пятёрка"),
 *      or filled stars ("★★★★☆", "⭐⭐⭐⭐"; `☆` counts as an empty star),
 *    optionally after a label ("Rating:", "Score", "Оценка:", "ставлю",
 *    "Nota", "Notă:", "I'd give it") and optionally followed by a scale
 *    ("/5", "out of 5", "из 5", "din 5") and/or a unit ("stars", "звёзд",
 *    "stele", "⭐").
 *  - After the score the line ends, or a separator (dash, `.`, `!`, `,`,
 *    `;`, `:`, `…`) introduces a comment. Plain white space followed by
 *    words introduces a comment only when a label, scale, unit or stars made
 *    the rating explicit: "3 printers are broken" and "5 users cannot log
 *    in" are bug reports, "4 stars great" is a rating.
 *  - A separator glued to a digit ("4.5", "4,5", "5:30", "1-2-2024") makes
 *    the line a decimal, a time or a date, not a rating; so do numbers
 *    outside 1-5 ("0", "6", "10/10", "502 again") and a scale other than 5.
 *  - "1. …" followed by a line "2. …" is a numbered list, not a rating.
 *  - The comment is the rest of the first line after the separator plus the
 *    following lines, trimmed; it is left out when empty.
 *
 * Conservative on purpose: a missed rating only costs the customer a click
 * on the survey link, a false one puts a wrong score on an agent's record.
 */

export type Score = 1 | 2 | 3 | 4 | 5;

export interface Rating {
  score: Score;
  comment?: string;
}

/** Not followed by a letter or digit: `\b` does not know Cyrillic or Romanian letters. */
const END = '(?![\\p{L}\\p{N}])';

const LABEL =
  "(?:my\\s+)?(?:rating|score|grade|mark)(?:\\s+is)?|i(?:['’]d|\\s+would)?\\s+give(?:\\s+(?:it|you|this))?|" +
  '(?:моя\\s+)?оценка|ставлю|(?:not[aă]|scor(?:ul)?|calificativ(?:ul)?)(?:\\s+mea)?(?:\\s+este)?';

/** Number words, nominative and (for the school grades after "ставлю") accusative. */
const WORD_SCORES: ReadonlyArray<readonly [Score, string]> = [
  [1, 'one|один|одна|единиц[аиу]|единичк[аиу]|unu'],
  [2, 'two|два|две|двойк[аиу]|doi|dou[aă]'],
  [3, 'three|три|тройк[аиу]|trei'],
  [4, 'four|четыре|четв[её]рк[аиу]|patru'],
  [5, 'five|пять|пят[её]рк[аиу]|cinci'],
];
const WORD_RES = WORD_SCORES.map(([score, alt]) => [score, new RegExp(`^(?:${alt})$`, 'iu')] as const);

const STAR = '(?:[★☆]|⭐\\uFE0F?)';
const VALUE =
  `(?<digit>[1-5])(?!\\d)|(?<word>${WORD_SCORES.map(([, alt]) => alt).join('|')})${END}|` +
  `(?<stars>${STAR}(?:\\s*${STAR})*)`;
const SCALE = `\\s*(?:\\/|out\\s+of|of|из|din)\\s*(?:5|five|пяти|cinci)${END}`;
const UNIT = `\\s*(?:(?:stars?|звезд\\p{L}*|звёзд\\p{L}*|stele|stea|stelu[tțţ]e|points?|балл\\p{L}*|puncte)${END}|⭐\\uFE0F?|★)`;

const RATING_LINE = new RegExp(
  `^(?:(?<label>${LABEL})\\s*[:=\\-–—]?\\s*)?(?:${VALUE})(?<scale>${SCALE})?(?<unit>${UNIT})?(?<tail>.*)$`,
  'iu',
);

const SEPARATOR = /^\s*(?:[-–—]+|[.!,;:…]+)/u;
const EMOTICON = /^\s*[:;=]-?[()DPp](?!\p{L})/u;
const LIST_ITEM = /^\s*\d{1,3}[.)]\s+\S/u;

/** The rating in a customer's reply to the survey (text already stripped of quotes and signatures), or undefined when the reply is not a rating. */
export function parseRating(text: string): Rating | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((line) => cleanLine(line) !== '');
  if (first < 0) return undefined;
  const m = RATING_LINE.exec(cleanLine(lines[first]));
  const groups = m?.groups;
  if (!groups) return undefined;
  const score = scoreOf(groups);
  if (score === undefined) return undefined;
  const explicit = Boolean(groups.label || groups.scale || groups.unit || groups.stars);
  const tail = splitTail(groups.tail ?? '', explicit);
  if (tail === undefined) return undefined;
  const following = lines.slice(first + 1);
  if (tail.separator.includes('.') && startsNumberedList(following)) return undefined;
  const comment = [tail.rest, ...following].join('\n').trim();
  return comment === '' ? { score } : { score, comment };
}

/**
 * Leading white space, a byte order mark, zero-width spaces and `>` quote
 * markers go. Runs of white space become one space: the pattern has several
 * optional `\s*` in a row, and a long run would make it backtrack for
 * seconds on a crafted mail.
 */
function cleanLine(line: string): string {
  return line
    .replace(/^[\s\uFEFF\u200B]*(?:>[\s>]*)?/u, '')
    .replace(/\s+/gu, ' ')
    .trimEnd();
}

function scoreOf(groups: Record<string, string | undefined>): Score | undefined {
  if (groups.digit) return Number(groups.digit) as Score;
  if (groups.word) return WORD_RES.find(([, re]) => re.test(groups.word ?? ''))?.[0];
  if (groups.stars) return starScore(groups.stars);
  return undefined;
}

/** Filled stars count; a row longer than five is not a 1-5 rating. */
function starScore(stars: string): Score | undefined {
  const filled = (stars.match(/★|⭐/gu) ?? []).length;
  const empty = (stars.match(/☆/gu) ?? []).length;
  if (filled < 1 || filled + empty > 5) return undefined;
  return filled as Score;
}

interface Tail {
  separator: string;
  rest: string;
}

/**
 * What follows the score: nothing, a separator and a comment, or (only when
 * the rating is explicit) white space and a comment. Undefined rejects the
 * line.
 */
function splitTail(tail: string, explicit: boolean): Tail | undefined {
  if (tail.trim() === '') return { separator: '', rest: '' };
  // "5 :)" is a rating with a smile, not a rating with the comment ")".
  if (EMOTICON.test(tail)) return { separator: ' ', rest: tail };
  const sep = SEPARATOR.exec(tail);
  if (sep) {
    const rest = tail.slice(sep[0].length);
    // "4.5", "4,5", "5:30", "1-2-2024": a number, a time or a date.
    if (/^\d/.test(rest)) return undefined;
    return { separator: sep[0], rest };
  }
  if (explicit && /^\s/.test(tail)) return { separator: ' ', rest: tail };
  return undefined;
}

/** "1. The printer…" followed by "2. The scanner…" is a list of problems. */
function startsNumberedList(following: string[]): boolean {
  const next = following.find((line) => line.trim() !== '');
  return next !== undefined && LIST_ITEM.test(next);
}
