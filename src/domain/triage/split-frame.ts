/**
 * The frame around what a customer asks: quoted history (dropped), greeting,
 * closing words, signature and disclaimers (kept as shared context), and
 * between them the core text that holds the issues.
 *
 * Quoted history is cut by the gateway's reply-text rules; the RFC 3676
 * signature delimiter is protected from them here because a signature is
 * context (the customer's phone number), not something to throw away.
 */
import { extractReplyText } from '../reply-text';
import { findPhones } from './extract-phone';
import { normalise, paragraphs, sentenceStarts, wordCount } from './text';

export interface Frame {
  /** Greeting lines, in order. */
  head: string[];
  /** Everything between greeting and closing; a P.S. written under the signature is put back at its end. */
  core: string;
  /** Closing words, signature, disclaimers, in order. */
  tail: string[];
}

const SENTINEL = '\uE0F0';

const GREETING =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening|day)|greetings|hiya|здравствуй\p{L}*|добр(?:ый|ое|ого) (?:день|утро|вечер|времени(?: суток)?)|доброго (?:дня|времени(?: суток)?)|привет\p{L}*|уважаем\p{L}*|коллеги|день добрый|bun[ăa] (?:ziua|diminea[țţ]a|seara)|bun[ăa]|salut\p{L}*|stimat\p{L}*|dragi|drag[ăa])(?![\p{L}])/iu;
const GREETING_WORDS =
  /^(?:team|all|everyone|support|there|colleagues|folks|guys|helpdesk|desk|service|it|hi|hello|всем|коллеги|добрый|доброе|день|утро|вечер|привет|здравствуйте|echipa|echip[ăa]|tuturor|ziua|bun[ăa]|salut|colegi|to|the|of|and|и)$/iu;
const SIGN_OFF =
  /^(?:thanks|thank you|many thanks|thanks in advance|thx|ty|regards|best regards|kind regards|warm regards|best wishes|best|cheers|sincerely|yours(?: sincerely| faithfully| truly)?|respectfully|спасибо|большое спасибо|заранее спасибо|благодарю|с уважением|с наилучшими пожеланиями|всего доброго|всего хорошего|mul[țţt]umesc|mul[țţt]umim|v[ăa] mul[țţt]umesc|v[ăa] mul[țţt]umim|cu stim[ăa]|cu respect|toate cele bune|o zi bun[ăa]|numai bine|salut[ăa]ri|mersi|merci|спс)(?![\p{L}])/iu;
const CLOSING =
  /^(?:please (?:help|advise|treat|let (?:me|us) know|get back|call|contact|hurry|prioriti[sz]e|confirm)|let (?:me|us) know|any help|looking forward|hope to hear|hope you can help|hoping for|(?:i |we )?appreciate|thanks? in advance|help(?: please)?!|urgent(?:ly)?!|asap!?|срочно|помогите|прошу (?:помочь|срочно|решить|ответить|связаться)|жд(?:у|[её]м) (?:ответа|вашего|решения)|заранее|надеюсь на|v[ăa] rog (?:s[ăa] (?:interveni[țţ]i|m[ăa] ajuta[țţ]i|reveni[țţ]i|confirma[țţ]i)|urgent)|v[ăa] rug[ăa]m (?:s[ăa] (?:interveni[țţ]i|reveni[țţ]i|confirma[țţ]i))|a[șş]tept (?:un )?r[ăa]spuns|(?:you can |feel free to )?(?:call|reach|contact|phone) (?:me|us)|my (?:phone|mobile|cell|direct line|number)|(?:звоните|позвоните|пишите)|мой (?:телефон|номер|мобильный)|для связи|со мной можно связаться|suna[țţ]i-m[ăa]|m[ăa] pute[țţ]i (?:contacta|suna|g[ăa]si)|telefonul meu|num[ăa]rul meu)(?![\p{L}])/iu;
const DISCLAIMER =
  /confidential|intended (?:solely |only )?for|privileged|if you (?:have )?received this|unauthori[sz]ed|this (?:e-?mail|message) (?:and any|may contain)|think before you print|конфиденциальн|предназначен\p{L}* (?:только|исключительно)|если вы получили|confiden[țţt]ial|destinat\p{L}* exclusiv|dac[ăa] a[țţ]i primit/iu;
const POSTSCRIPT = /^\s*(?:p\.?\s?p?\.?\s?s(?:\.|:|(?=\s))|п\.\s?с\.|ps:)/iu;

const NAME_WORD = "[\\p{Lu}][\\p{L}'’.-]*";
const NAME_LINE = new RegExp(
  `^${NAME_WORD}(?:\\s+(?:${NAME_WORD}|of|and|&|de|din|la|și|и|по))*\\s*(?:[,|–-]\\s*[^.?!]{1,60})?$`,
  'u',
);
const ORG = /(?:^|\s)(?:ООО|ОАО|АО|ЗАО|ПАО|ИП|Ltd\.?|LLC|Inc\.?|GmbH|S\.?R\.?L\.?|S\.?A\.?|PLC|Corp\.?)(?:\s|$|,)/u;
const ID_LINE = /(?:customer|client|account|acct|cont|cod|клиент|договор|лицев|contract|abonament|nr\.?|№|#)/iu;
const CONTACT = /^(?:tel|phone|mob|mobile|cell|fax|e-?mail|web|www|тел|моб|факс|telefon|mobil)(?![\p{L}])|@|https?:|www\.|^\+?[\d\s().-]{7,}$/iu;

/** Lines a signature is made of: a name, a role or company, contact data, a customer number. */
export function isSignatureLine(line: string): boolean {
  const text = line.trim();
  if (text === '' || wordCount(text) > 10) return false;
  if (CONTACT.test(text) || (wordCount(text) <= 6 && findPhones(text).length > 0)) return true;
  if (/[.?!:]$/.test(text) && !/(?:Ltd|Inc|Corp|S\.A|S\.R\.L)\.$/u.test(text)) return false;
  if (wordCount(text) <= 6 && NAME_LINE.test(text)) return true;
  if (ORG.test(text)) return true;
  return wordCount(text) <= 6 && /\d/.test(text) && ID_LINE.test(text);
}

function isSignOff(line: string): boolean {
  const m = SIGN_OFF.exec(line.trim());
  return m !== null && !line.includes('?') && wordCount(line.trim().slice(m[0].length)) <= 8;
}

function isClosing(line: string): boolean {
  return CLOSING.test(line.trim()) && wordCount(line) <= 14;
}

/**
 * Splits the greeting off the first line: the whole line ("Hi support,"), or
 * its start when the request follows on the same line ("Hi, my laptop…",
 * "Добрый день. 20 марта…"). Words between the greeting and its punctuation
 * must be names or greeting words, so "Hello my laptop is broken, help" keeps
 * its request.
 */
function greeting(line: string): { greeting: string; rest: string } | undefined {
  const text = line.trim();
  const m = GREETING.exec(text);
  if (!m) return undefined;
  const token = /\s*(?:([,!.:;]+)|([\p{L}'’-]+))/uy;
  let end = m[0].length;
  let pos = end;
  let sawPunctuation = false;
  let request = false;
  for (;;) {
    token.lastIndex = pos;
    const t = token.exec(text);
    if (!t) break;
    pos = token.lastIndex;
    if (t[1] !== undefined) {
      end = pos;
      sawPunctuation = true;
    } else if (!(/^\p{Lu}/u.test(t[2]) || GREETING_WORDS.test(t[2]))) {
      request = true;
      break;
    }
  }
  // A line of greeting words only ("Hi support") needs no punctuation.
  if (!request && text.slice(pos).trim() === '') end = text.length;
  else if (!sawPunctuation) return undefined;
  return { greeting: text.slice(0, end).trim(), rest: text.slice(end).trim() };
}

const FORWARD_LINE =
  /^(?:-{2,}\s*(?:forwarded message|пересылаемое сообщение|mesaj(?:ul)? redirec[tțţ]ionat)\s*-{2,}|begin forwarded message:|начало переадресованного сообщения:|[îi]nceputul mesajului redirec[tțţ]ionat:)$/iu;
const HEADER_LINE = /^\*?[\p{L} -]{2,20}\s?:\*?(?:\s|$)/u;

/**
 * "FW: printer — see below": in a forwarded mail the problem is usually the
 * forwarded text, so it is kept (without its header block), unlike quoted
 * history of a reply.
 */
function forwarded(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => FORWARD_LINE.test(l.trim()));
  if (at < 0) return '';
  let from = at + 1;
  while (from < lines.length && (lines[from].trim() === '' || HEADER_LINE.test(lines[from].trim()))) from++;
  const body = lines.slice(from).map((l) => l.replace(/^\s*>\s?/, '')).join('\n');
  return extractReplyText(body).text;
}

/** Quoted history goes; text under a "-- " delimiter comes back as the signature. */
function cutHistory(body: string): { content: string; signature: string } {
  const protectedText = normalise(body).replace(/^--[ \t]*$/gm, SENTINEL);
  const reply = extractReplyText(protectedText);
  const forward = reply.marker?.startsWith('forward') ? forwarded(protectedText) : '';
  const kept = forward === '' ? reply.text : `${reply.text}\n\n${forward}`;
  const at = kept.indexOf(SENTINEL);
  if (at < 0) return { content: kept, signature: '' };
  return { content: kept.slice(0, at).trim(), signature: kept.slice(at + SENTINEL.length).replaceAll(SENTINEL, '').trim() };
}

/** A P.S. under the signature is more content, not signature. */
function takePostscript(lines: string[]): string {
  const at = lines.findIndex((line, i) => i > 0 && POSTSCRIPT.test(line));
  if (at < 0 || !lines.slice(0, at).some((l) => isSignOff(l) || isSignatureLine(l))) return '';
  let end = at + 1;
  while (end < lines.length && lines[end].trim() !== '') end++;
  return lines.splice(at, end - at).join('\n');
}

/** Moves closing words, signature lines and sign-offs at the end into the tail, keeping `keep` lines of content. */
function takeTrailer(lines: string[], keep: number): string[] {
  const tail: string[] = [];
  for (;;) {
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
    const content = lines.filter((l) => l.trim() !== '').length;
    const last = lines[lines.length - 1];
    if (content <= keep || !(isSignatureLine(last) || isSignOff(last) || isClosing(last))) return tail;
    tail.unshift(lines.pop() ?? '');
  }
}

/** "…installed on my laptop. Thanks, Jo": a sign-off ending the last line of text. */
function takeInlineSignOff(lines: string[], tail: string[]): void {
  let i = lines.length - 1;
  while (i >= 0 && lines[i].trim() === '') i--;
  if (i < 0) return;
  const starts = sentenceStarts(lines[i]);
  const at = starts[starts.length - 1];
  if (at === undefined || !isSignOff(lines[i].slice(at)) || wordCount(lines[i].slice(at)) > 4) return;
  tail.unshift(lines[i].slice(at).trim());
  lines[i] = lines[i].slice(0, at).trimEnd();
}

/** Greeting, core and closing of a mail body. */
export function frameBody(body: string): Frame {
  const { content, signature } = cutHistory(body);
  const tail: string[] = [];
  const kept = paragraphs(content).filter((block) => {
    const disclaimer = DISCLAIMER.test(block) && wordCount(block) >= 8;
    if (disclaimer) tail.push(block);
    return !disclaimer;
  });
  const lines = kept.join('\n\n').split('\n');
  const head: string[] = [];
  const first = lines.findIndex((l) => l.trim() !== '');
  const opening = first >= 0 ? greeting(lines[first]) : undefined;
  if (opening && (opening.rest !== '' || lines.filter((l) => l.trim() !== '').length > 1)) {
    head.push(opening.greeting);
    lines[first] = opening.rest;
  }
  const postscript = takePostscript(lines);
  takeInlineSignOff(lines, tail);
  // With a P.S. below, everything above the signature may be greeting and closing only.
  const trailer = takeTrailer(lines, postscript === '' ? 1 : 0);
  // "Hi,\n\nThanks,\nBob": a body of courtesies only has no core at all.
  if (lines.every((l) => l.trim() === '' || isSignOff(l) || isClosing(l))) trailer.unshift(...lines.splice(0));
  const core = [lines.join('\n').trim(), postscript].filter((t) => t !== '').join('\n\n');
  const closing = [trailer.join('\n').trim(), signature, ...tail].filter((t) => t !== '');
  return { head, core, tail: closing };
}
