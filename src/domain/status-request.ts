/**
 * Is a customer's mail only a question about the state of a ticket ("any
 * update?", "какой статус?", "care este statusul?")? The gateway can answer
 * those itself instead of waking an agent.
 *
 * Conservative on purpose: a wrong "yes" hides a real message from the
 * agents, a wrong "no" only costs an agent a glance. So the whole text, once
 * greetings, a closing (with up to two words of name after it), "please" and
 * ticket numbers are removed, must match one of the phrase patterns below;
 * a mail that merely contains "status" ("the status light blinks red") does
 * not match. More than MAX_WORDS words left over is never a status question.
 *
 * The body decides when it says anything; the subject decides only when the
 * body is empty (or only a greeting and thanks), so subject "Status" over a
 * body describing a new problem is not a status request.
 *
 * The caller removes quoted text and signatures first. en/ru/ro; Romanian is
 * matched without diacritics because customers often type without them.
 */

const MAX_WORDS = 12;

export function isStatusRequest(subject: string, body: string): boolean {
  const bodyWords = coreWords(body);
  if (bodyWords.length > 0) return matches(bodyWords);
  const subjectWords = coreWords(stripSubjectPrefixes(removeTicketNumbers(subject)));
  return subjectWords.length > 0 && matches(subjectWords);
}

function matches(words: string[]): boolean {
  if (words.length > MAX_WORDS) return false;
  const phrase = words.join(' ');
  return PATTERNS.some((re) => re.test(phrase));
}

// --- phrase patterns, written over normalized words (see normalize) ---------

const EN_OBJECT =
  '(?:of|on|for|about|regarding|with) (?:(?:(?:my|our|the|this|that) )?(?:ticket|request|case|issue|problem|query)|this|that|it)';
const EN_ASK =
  '(?:(?:can|could|would) (?:you|u) (?:tell|give|send) (?:me|us) |(?:can|could|may) (?:i|we) (?:get|have|know) |' +
  '(?:let me know|let us know|tell me|give me|i would like to know|id like to know|i want to know) )';
const EN_STATUS =
  `${EN_ASK}?(?:(?:what is|whats|is there|are there) )?(?:the |a |an |any |some )?(?:current |latest )?` +
  `(?:(?:ticket|request|case) )?(?:status|status update|update|updates|news|progress)(?: ${EN_OBJECT})?(?: yet)?`;

const RU_NOUN =
  '(?:(?:мо[йяеюи]\\p{L}*|наш\\p{L}*|эт[оиау]\\p{L}*) )?(?:заявк\\p{L}*|обращени\\p{L}*|тикет\\p{L}*|запрос\\p{L}*|проблем\\p{L}*)';
const RU_STATUS =
  '(?:(?:какой|каков|уточните|подскажите|скажите|сообщите|напишите|можно узнать|хочу узнать|интересует) )?' +
  `(?:текущий )?статус(?: (?:(?:у|по|для) )?${RU_NOUN})?`;
const RU_NEWS =
  '(?:(?:есть (?:ли )?)?(?:(?:какие|что) (?:нибудь |то |либо )?)?(?:новости|обновления|новое|изменения|подвижки|прогресс)|что нового)' +
  `(?: (?:по|с|у) ${RU_NOUN})?`;
const RU_WHAT = `(?:что|как) (?:там )?(?:с|по) ${RU_NOUN}`;

const RO_NOUN =
  '(?:(?:pentru|la|pe|despre|cu|privind|legat de|legata de) )?' +
  '(?:tichet\\p{L}*|ticket\\p{L}*|solicitar\\p{L}*|cerer\\p{L}*|sesizar\\p{L}*|problem\\p{L}*)(?: (?:meu|mea|mei|mele|nostru|noastra))?';
const RO_ASK =
  '(?:(?:imi |ne )?puteti (?:sa (?:mi |ne ))?(?:spune|spuneti|comunica|comunicati) |(?:as vrea|vreau|doresc) sa (?:stiu|aflu) |spuneti mi )';
const RO_STATUS =
  `${RO_ASK}?(?:(?:care (?:este|e)|ce|cum (?:este|e)) )?(?:starea|stare|statusul|status|stadiul|stadiu)(?: actual| actuala)?` +
  `(?: (?:are )?${RO_NOUN})?`;
const RO_NEWS =
  '(?:ce (?:mai )?(?:e|este|avem) nou|ceva nou|ce noutati(?: (?:sunt|aveti|avem))?|noutati|' +
  '(?:(?:sunt|exista|aveti|avem) )?(?:vreo |vreun |niste |ceva )?(?:noutati|noutate|vesti|actualizari|actualizare|update|progrese|progres))' +
  `(?: ${RO_NOUN})?`;

const PATTERNS = [EN_STATUS, RU_STATUS, RU_NEWS, RU_WHAT, RO_STATUS, RO_NEWS].map((p) => new RegExp(`^(?:${p})$`, 'u'));

// --- what is ignored around the question ------------------------------------

const GREETINGS = phrases(
  'hi|hello|hey|hallo|hiya|dear|greetings|good morning|good afternoon|good evening|good day|' +
    'здравствуйте|здравствуй|добрый день|добрый вечер|доброе утро|день добрый|доброго дня|привет|приветствую|' +
    'buna ziua|buna seara|buna dimineata|buna|salut|salutare|neata|stimata|stimate',
);
/** Who a greeting is addressed to; a person's name is not skipped (it could be anything). */
const ADDRESSEES = new Set(
  'team|support|all|there|everyone|guys|folks|helpdesk|colleagues|sir|madam|коллеги|поддержка|техподдержка|команда|echipa|suport|colegi'.split(
    '|',
  ),
);
const CLOSINGS = phrases(
  'thanks|thank you|thanks in advance|thank you in advance|many thanks|thanks a lot|thank you very much|thx|ty|' +
    'regards|best regards|kind regards|best|cheers|br|' +
    'спасибо|спасибо заранее|заранее спасибо|большое спасибо|благодарю|заранее благодарю|с уважением|всего доброго|' +
    'multumesc|multumim|multumesc anticipat|multumesc frumos|va multumesc|va multumim|mersi|cu stima|cu respect|o zi buna|toate cele bune',
);
const FILLERS = phrases('please|pls|plz|kindly|пожалуйста|плиз|плз|va rog|te rog|rog');
/** Words allowed after a closing: the sender's name. */
const MAX_NAME_WORDS = 2;

function coreWords(text: string): string[] {
  let words = normalize(removeTicketNumbers(text));
  for (let before = -1; before !== words.length; ) {
    before = words.length;
    words = stripGreeting(words);
    words = stripClosing(words);
  }
  return removePhrases(words, FILLERS);
}

/**
 * `[TG-000123]`, `TG-000123`, `#TG-000123` say nothing about the question;
 * a preposition before one goes with it ("any update on TG-000123").
 */
const TICKET_NUMBER =
  /(?:(?<!\p{L})(?:on|of|for|about|по|для|у|pentru|la|cu|despre|privind)\s+)?[[#№]?(?<![\p{L}\p{N}])[A-Z][A-Z0-9]{0,9}-\d{6,}(?!\p{N})\]?/giu;

function removeTicketNumbers(text: string): string {
  return text.replace(TICKET_NUMBER, ' ');
}

function stripSubjectPrefixes(subject: string): string {
  const prefix = /^\s*(?:re|fwd?|aw|tr|sv|rv|отв|ответ)\s*(?:\[\d+\]|\(\d+\))?\s*:/i;
  let s = subject;
  while (prefix.test(s)) s = s.replace(prefix, '');
  return s;
}

/**
 * Lower case, Romanian diacritics (both comma and cedilla forms) and ё
 * folded, apostrophes dropped ("what's" → "whats"), any other non-letter a
 * word break. No Unicode decomposition: it would turn й into и.
 */
function normalize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[ăâ]/g, 'a')
    .replace(/î/g, 'i')
    .replace(/[șş]/g, 's')
    .replace(/[țţ]/g, 't')
    .replace(/ё/g, 'е')
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Also a leading "thanks" ("Thanks, any update?"), which ends nothing there. */
function stripGreeting(words: string[]): string[] {
  const len = longestPhraseAt(words, 0, GREETINGS) || longestPhraseAt(words, 0, CLOSINGS);
  if (len === 0) return words;
  let i = len;
  while (i < words.length && i - len < 2 && ADDRESSEES.has(words[i])) i++;
  return words.slice(i);
}

function stripClosing(words: string[]): string[] {
  for (let tail = 0; tail <= MAX_NAME_WORDS && tail < words.length; tail++) {
    const end = words.length - tail;
    for (const phrase of CLOSINGS) {
      const start = end - phrase.length;
      if (start >= 0 && phrase.every((w, k) => words[start + k] === w)) return words.slice(0, start);
    }
  }
  return words;
}

function removePhrases(words: string[], list: string[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const len = longestPhraseAt(words, i, list);
    if (len > 0) i += len;
    else out.push(words[i++]);
  }
  return out;
}

/** Length in words of the longest phrase of `list` starting at words[i], 0 if none. */
function longestPhraseAt(words: string[], i: number, list: string[][]): number {
  let best = 0;
  for (const phrase of list) {
    if (phrase.length > best && phrase.every((w, k) => words[i + k] === w)) best = phrase.length;
  }
  return best;
}

/** Longest first, so "thank you in advance" wins over "thank you". */
function phrases(list: string): string[][] {
  return list
    .split('|')
    .map((p) => p.split(' '))
    .sort((a, b) => b.length - a.length);
}
