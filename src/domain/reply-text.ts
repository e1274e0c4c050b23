/**
 * The new text in a reply: what the person wrote, without the history their
 * mail client appended under it and without their signature. The raw mail is
 * kept elsewhere; this is only for the stored message text. Pure: no I/O.
 *
 * Order:
 *  1. An HTML-only mail becomes text first. The clients' quote containers
 *     (Gmail's gmail_quote, Outlook's appendonsend / divRplyFwdMsg) are cut
 *     there, and <blockquote> turns into `>` lines so that the rules below
 *     treat it like quoted plain text.
 *  2. The first history marker on an unquoted line cuts: an attribution line
 *     ("On ... wrote:", "... пишет:", "Pe ... a scris:"), an original or
 *     forwarded message separator, or an Outlook header block. An attribution
 *     whose `>` lines are answered in between (interleaved quoting) does not
 *     cut: only the quoted lines go.
 *  3. `>` lines left are dropped.
 *  4. The signature goes at the RFC 3676 delimiter or a mobile client footer;
 *     closing words ("Thanks, Ana") stay: they are not a delimiter.
 *  5. If nothing is left, the whole text comes back: storing a quote twice is
 *     better than losing what a customer wrote.
 */
import type { Language } from './types';

export interface ReplyText {
  text: string;
  /** Quoted history (a marker, `>` lines or an HTML quote container) was removed. */
  quoted: boolean;
  signatureRemoved: boolean;
  /**
   * What cut: the history marker when history went (e.g. 'gmail-en',
   * 'outlook-header-ru', 'quote-prefix', 'html-gmail-quote'), otherwise the
   * signature marker ('signature-dashes', 'signature-mobile').
   */
  marker?: string;
}

interface History {
  /** First line of the history. */
  index: number;
  /** Lines the marker itself spans (a wrapped attribution takes two). */
  span: number;
  marker: string;
  attribution: boolean;
}

interface Cut {
  lines: string[];
  marker?: string;
}

/** Attribution lines, per language: how the line starts and how it ends. */
const ATTRIBUTIONS: readonly { lang: Language; start: RegExp; end: RegExp }[] = [
  { lang: 'en', start: /^On\s/i, end: /\swrote:$/i },
  {
    lang: 'ru',
    start: /^(?:(?:пн|вт|ср|чт|пт|сб|вс),\s*)?\d{1,2}[.\s/]/iu,
    // Gmail and Yandex end the Russian line with the address alone: "Ана <ana@x.com>:".
    end: /(?:\s(?:пишет|написала?|написал\(а\))|<[^<>\s]+@[^<>\s]+>):$/iu,
  },
  { lang: 'ro', start: /^(?:Pe|În data de|In data de|La)\s/iu, end: /\sa scris:$/iu },
];

/**
 * The date/name shape that tells an attribution from prose: a time or a year
 * followed by a comma (", Ana Pop wrote:"), or an address in angle brackets.
 * "On Monday the technician wrote:" has neither.
 */
const ATTRIBUTION_SHAPE = /(?:\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b)[^,]*,|<[^<>\s]+@[^<>\s]+>/u;
/** Right above `>` lines, a bare "Ana Pop wrote:" is an attribution too. */
const VERB_END = /\s(wrote|пишет|написала?|написал\(а\)|a scris):$/iu;
const MAX_ATTRIBUTION = 300;

const MAX_SEPARATOR = 80;
const SEPARATOR = /^-{3,}\s*([^-]+?)\s*-{3,}$/u;
const SEPARATOR_PHRASES: readonly { re: RegExp; lang: Language; forward: boolean }[] = [
  { re: /^original message$/i, lang: 'en', forward: false },
  { re: /^forwarded message$/i, lang: 'en', forward: true },
  { re: /^исходное сообщение$/iu, lang: 'ru', forward: false },
  { re: /^пересылаемое сообщение$/iu, lang: 'ru', forward: true },
  { re: /^mesaj(?:ul)? original$/iu, lang: 'ro', forward: false },
  { re: /^mesaj(?:ul)? redirec[tțţ]ionat$/iu, lang: 'ro', forward: true },
];
/** Apple Mail's forward intro, a line of its own. */
const FORWARD_INTROS: readonly { re: RegExp; lang: Language }[] = [
  { re: /^Begin forwarded message:$/i, lang: 'en' },
  { re: /^Начало переадресованного сообщения:$/iu, lang: 'ru' },
  { re: /^Începutul mesajului redirec[tțţ]ionat:$/iu, lang: 'ro' },
];

/** Outlook writes labels plain; Gmail's text part of an Outlook mail bolds them as *From:*. */
const FROM_LABELS: readonly { re: RegExp; lang: Language }[] = [
  { re: /^\*?From\s?:\*?\s+\S/i, lang: 'en' },
  { re: /^\*?От(?: кого)?\s?:\*?\s+\S/iu, lang: 'ru' },
  { re: /^\*?De la\s?:\*?\s+\S/iu, lang: 'ro' },
];
const HEADER_LABEL =
  /^\*?(?:Sent|Date|To|Cc|Subject|Отправлено|Дата|Кому|Копия|Тема|Trimis|Data|C[ăa]tre|Subiect)\s?:\*?(?:\s|$)/iu;
const UNDERSCORE_RULE = /^_{8,}$/;

const SIGNATURE_DELIMITER = /^--\s*$/;
/** "(?![\p{L}\p{N}])" ends a word: `\b` only knows ASCII letters, not Cyrillic ones. */
const MOBILE_FOOTERS: readonly RegExp[] = [
  /^Sent from my (?:iPhone|iPad|Android|Samsung|Galaxy|BlackBerry|Huawei|Xiaomi|mobile|phone|smartphone)(?![\p{L}\p{N}]).{0,60}$/iu,
  /^Get Outlook for (?:iOS|Android)(?![\p{L}\p{N}]).{0,80}$/iu,
  /^Sent from Mail(?:\s*<[^>]*>)? for Windows(?![\p{L}]).{0,20}$/iu,
  /^Отправлено (?:с|со|из) (?:моего )?(?:iPhone|iPad|Android|Samsung|Galaxy|телефона|смартфона)(?![\p{L}\p{N}]).{0,60}$/iu,
  /^Отправлено из (?:мобильной )?(?:Почты Mail\.ru|Яндекс\.?\s?Почты)(?![\p{L}\p{N}]).{0,60}$/iu,
  /^Trimis de pe (?:iPhone|iPad|Android|Samsung|Galaxy|telefonul meu|dispozitivul meu)(?![\p{L}\p{N}]).{0,60}$/iu,
];

/** The new text a person wrote in a reply: quoted history and signature removed. The raw mail is never changed; this is for the stored message text. */
/** An HTML body as plain text, nothing cut: the one converter the gateway uses for HTML-only mail. */
export function htmlToPlainText(html: string): string {
  return normalise(htmlToText(html, 'full').text);
}

export function extractReplyText(text: string, html?: string): ReplyText {
  const fromHtml = text.trim() === '' && html !== undefined && html.trim() !== '';
  const source = fromHtml ? htmlToText(html, 'reply') : { text };
  const original = normalise(fromHtml ? htmlToText(html, 'full').text : text);
  const history = cutHistory(normalise(source.text).split('\n'));
  const signature = cutSignature(history.lines);
  const result = normalise(signature.lines.join('\n'));
  if (result === '') return { text: original, quoted: false, signatureRemoved: false };
  const historyMarker = history.marker ?? source.marker;
  return {
    text: result,
    quoted: historyMarker !== undefined,
    signatureRemoved: signature.marker !== undefined,
    marker: historyMarker ?? signature.marker,
  };
}

/** \n line ends, no trailing blanks on lines, at most two blank lines in a row, trimmed. */
function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
}

function isQuoted(line: string): boolean {
  return /^ {0,3}>/.test(line);
}

function cutHistory(lines: string[]): Cut {
  const history = findHistory(lines);
  if (history && !(history.attribution && isInterleaved(lines, history.index + history.span))) {
    return { lines: dropQuoted(lines.slice(0, history.index)).lines, marker: history.marker };
  }
  // Interleaved answers (or no marker at all): the writer's lines stay wherever they are.
  const rest = history ? [...lines.slice(0, history.index), ...lines.slice(history.index + history.span)] : lines;
  const dropped = dropQuoted(rest);
  return { lines: dropped.lines, marker: history || dropped.dropped ? 'quote-prefix' : undefined };
}

function findHistory(lines: readonly string[]): History | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (isQuoted(lines[i]) || lines[i].trim() === '') continue;
    const found = attributionAt(lines, i) ?? separatorAt(lines, i) ?? headerBlockAt(lines, i);
    if (found) return found;
  }
  return undefined;
}

/** After the attribution, the writer answers between quoted lines rather than above them. */
function isInterleaved(lines: readonly string[], from: number): boolean {
  let sawQuote = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i];
    if (signatureMarker(line) !== undefined) return false;
    if (isQuoted(line)) sawQuote = true;
    else if (line.trim() !== '') return sawQuote;
  }
  return false;
}

/** Drops `>` lines; a blank line on both sides of a dropped block becomes one. */
function dropQuoted(lines: readonly string[]): { lines: string[]; dropped: boolean } {
  const out: string[] = [];
  let dropped = false;
  let justDropped = false;
  for (const line of lines) {
    if (isQuoted(line)) {
      dropped = justDropped = true;
      continue;
    }
    const blank = line.trim() === '';
    if (blank && justDropped && out.length > 0 && out[out.length - 1].trim() === '') continue;
    if (!blank) justDropped = false;
    out.push(line);
  }
  return { lines: out, dropped };
}

function attributionAt(lines: readonly string[], i: number): History | undefined {
  const line = lines[i].trim();
  const next = lines[i + 1];
  const single = attributionMarker(line, () => quoteFollows(lines, i + 1));
  if (single) return { index: i, span: 1, marker: single, attribution: true };
  // Gmail wraps a long attribution, sometimes inside the address: "<\nana@x.com> wrote:".
  if (next === undefined || next.trim() === '' || isQuoted(next)) return undefined;
  const joined = `${line} ${next.trim()}`.replace(/<\s+/g, '<');
  const wrapped = attributionMarker(joined, () => false);
  return wrapped ? { index: i, span: 2, marker: wrapped, attribution: true } : undefined;
}

function attributionMarker(candidate: string, quoteBelow: () => boolean): string | undefined {
  if (candidate.length > MAX_ATTRIBUTION) return undefined;
  for (const { lang, start, end } of ATTRIBUTIONS) {
    if (start.test(candidate) && end.test(candidate) && ATTRIBUTION_SHAPE.test(candidate)) {
      return `${attributionClient(candidate)}-${lang}`;
    }
  }
  const verb = VERB_END.exec(candidate);
  if (!verb || !quoteBelow()) return undefined;
  const word = verb[1].toLowerCase();
  return `attribution-${word === 'wrote' ? 'en' : word === 'a scris' ? 'ro' : 'ru'}`;
}

/** Gmail puts the time after "at/в/la"; Apple Mail puts a comma before that word. */
function attributionClient(line: string): string {
  if (/,\s+(?:at|в|la)\s+\d{1,2}:\d{2}/iu.test(line)) return 'apple';
  if (/\s(?:at|в|la)\s+\d{1,2}:\d{2}/iu.test(line)) return 'gmail';
  return 'attribution';
}

function quoteFollows(lines: readonly string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    if (lines[i].trim() !== '') return isQuoted(lines[i]);
  }
  return false;
}

function separatorAt(lines: readonly string[], i: number): History | undefined {
  const line = lines[i].trim();
  const intro = FORWARD_INTROS.find(({ re }) => re.test(line));
  if (intro) return { index: i, span: 1, marker: `forward-${intro.lang}`, attribution: false };
  // Separators are short; the length cap keeps the lazy pattern off long lines.
  const phrase = line.length > MAX_SEPARATOR ? undefined : SEPARATOR.exec(line)?.[1];
  const known = phrase === undefined ? undefined : SEPARATOR_PHRASES.find(({ re }) => re.test(phrase));
  if (!known) return undefined;
  // Outlook: "-----Original Message-----"; Thunderbird: "-------- Original Message --------".
  const client = known.forward ? 'forward' : /^-{5}[^-\s]/.test(line) ? 'outlook-original' : 'thunderbird-original';
  return { index: i, span: 1, marker: `${client}-${known.lang}`, attribution: false };
}

/**
 * Outlook's "From: / Sent: / To: / Subject:" block. A From line needs two
 * header lines under it (one is enough when it names an address), so that
 * "From: our office\nTo: the basement" in a customer's directions stays.
 */
function headerBlockAt(lines: readonly string[], i: number): History | undefined {
  const line = lines[i].trim();
  const from = FROM_LABELS.find(({ re }) => re.test(line));
  if (!from) return undefined;
  let followers = 0;
  for (let j = i + 1; j <= i + 4 && j < lines.length && lines[j].trim() !== ''; j++) {
    if (HEADER_LABEL.test(lines[j].trim())) followers++;
  }
  if (followers < 2 && !(followers === 1 && line.includes('@'))) return undefined;
  return { index: ruleAbove(lines, i) ?? i, span: 1, marker: `outlook-header-${from.lang}`, attribution: false };
}

/** Outlook draws "________________________________" right above the header block. */
function ruleAbove(lines: readonly string[], i: number): number | undefined {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const line = lines[j].trim();
    if (UNDERSCORE_RULE.test(line)) return j;
    if (line !== '') return undefined;
  }
  return undefined;
}

function signatureMarker(line: string): string | undefined {
  if (SIGNATURE_DELIMITER.test(line)) return 'signature-dashes';
  const trimmed = line.trim();
  return MOBILE_FOOTERS.some((re) => re.test(trimmed)) ? 'signature-mobile' : undefined;
}

function cutSignature(lines: string[]): Cut {
  for (let i = 0; i < lines.length; i++) {
    const marker = signatureMarker(lines[i]);
    if (marker) return { lines: lines.slice(0, i), marker };
  }
  return { lines };
}

// ---- HTML-only mail ----

/** A block boundary: a line break unless the text is already at the start of a line. */
const BLOCK = '\uE000';
const QUOTE_OPEN = '\uE001';
const QUOTE_CLOSE = '\uE002';

const QUOTE_CONTAINERS: readonly { re: RegExp; marker: string }[] = [
  { re: /<div\b[^<>]*\bclass\s*=\s*["']?[^"'<>]*\bgmail_quote(?:_container)?\b/i, marker: 'html-gmail-quote' },
  {
    re: /<div\b[^<>]*\bid\s*=\s*["']?(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)\b/i,
    marker: 'html-outlook-reply',
  },
];

const BLOCK_TAGS = /<\/?(?:p|div|li|ul|ol|tr|table|h[1-6]|pre|hr|center|section|article|header|footer|address)\b[^<>]*>/gi;

/** The named entities mail clients write for en/ru/ro text; others are numeric. Case matters: &Icirc; is Î. */
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', ndash: '–', mdash: '—',
  hellip: '…', laquo: '«', raquo: '»', bdquo: '„', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’',
  euro: '€', copy: '©', reg: '®', trade: '™', deg: '°', middot: '·', bull: '•', times: '×',
  acirc: 'â', Acirc: 'Â', icirc: 'î', Icirc: 'Î', abreve: 'ă', Abreve: 'Ă',
  scedil: 'ş', Scedil: 'Ş', tcedil: 'ţ', Tcedil: 'Ţ', eacute: 'é', Eacute: 'É',
};

/**
 * 'reply' cuts at the first quote container and marks <blockquote> lines with
 * `>`; 'full' keeps everything as plain lines (the fallback text).
 */
function htmlToText(html: string, mode: 'reply' | 'full'): { text: string; marker?: string } {
  let source = html.replace(/[\uE000-\uE002]/g, '');
  let marker: string | undefined;
  const container = mode === 'reply' ? firstContainer(source) : undefined;
  if (container) {
    source = source.slice(0, container.index);
    marker = container.marker;
  }
  const open = mode === 'reply' ? BLOCK + QUOTE_OPEN + BLOCK : BLOCK;
  const close = mode === 'reply' ? BLOCK + QUOTE_CLOSE + BLOCK : BLOCK;
  // Tags are matched as `<[^<>]*>` so that a stray `<` costs one step, not a scan to the end.
  const flat = dropHidden(source)
    .replace(/\s+/g, ' ') // source line breaks are not text line breaks
    .replace(/<blockquote\b[^<>]*>/gi, open)
    .replace(/<\/blockquote\s*>/gi, close)
    .replace(/<br\b[^<>]*>/gi, '\n')
    .replace(BLOCK_TAGS, BLOCK)
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^<>]*>/g, '')
    .replace(/ *([\n\uE000]) */g, '$1');
  return { text: markQuotes(layoutBlocks(decodeEntities(flat))), marker };
}

/**
 * Drops comments and elements whose content is not text. An unclosed one hides
 * the rest, as in a browser; searching forward only keeps hostile input linear.
 */
function dropHidden(html: string): string {
  const opener = /<!--|<(style|script|title)\b/gi;
  let out = '';
  let from = 0;
  for (let open = opener.exec(html); open; open = opener.exec(html)) {
    out += html.slice(from, open.index);
    const closer = open[1] === undefined ? /-->/g : new RegExp(`</${open[1]}\\s*>`, 'gi');
    closer.lastIndex = opener.lastIndex;
    if (!closer.exec(html)) return out;
    from = opener.lastIndex = closer.lastIndex;
  }
  return out + html.slice(from);
}

function firstContainer(html: string): { index: number; marker: string } | undefined {
  let first: { index: number; marker: string } | undefined;
  for (const { re, marker } of QUOTE_CONTAINERS) {
    const index = html.search(re);
    if (index >= 0 && (!first || index < first.index)) first = { index, marker };
  }
  return first;
}

/** "<div>a</div><div>b</div>" is two lines, not three: boundaries in a row count once. */
function layoutBlocks(text: string): string {
  let out = '';
  for (const piece of text.split(BLOCK)) {
    if (out !== '' && !out.endsWith('\n')) out += '\n';
    out += piece;
  }
  return out;
}

function markQuotes(text: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === QUOTE_OPEN) depth++;
    else if (line === QUOTE_CLOSE) depth = Math.max(0, depth - 1);
    else out.push(depth > 0 ? `${'>'.repeat(depth)} ${line}`.trimEnd() : line);
  }
  return out.join('\n');
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const hex = name[1] === 'x' || name[1] === 'X';
      const code = parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      if (code === 0xa0) return ' ';
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : whole;
  });
}
