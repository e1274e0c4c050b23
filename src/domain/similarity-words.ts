/**
 * Word terms for similarity: tokens folded, stop words dropped, crude stems.
 * Pure: no I/O. Concept terms are in similarity.ts.
 *
 * Choices:
 *  - Stop words of all three languages are dropped whatever the mail's
 *    language: customers mix languages and the detector can be wrong, and no
 *    stop word is a support term in another of the languages.
 *  - Stems are crude suffix stripping (no dictionary): they only need to make
 *    "printers"/"printing"/"printer" or "пароль"/"пароля"/"паролем" equal
 *    within a language; across languages the concepts do the work.
 *  - Product names, acronyms and codes stay as written (lower-cased), so
 *    "VPN", "OneDrive", "0x80070005" and "e-1234" match exactly.
 *  - Short stems prefix too much, so no stem is cut below three letters.
 */
import type { Language } from './types';

const STOP_WORDS = new Set(
  [
    // English, apostrophes removed ("can't" is "cant").
    'a an the and or but if then than so as at by for from in into of on onto to with without about over under',
    'up out off is am are was were be been being do does did doing have has had having will would shall should',
    'can could may might must i me my mine we us our ours you your yours he him his she her it its they them their',
    'this that these those there here what which who whom whose when where why how all any both each few more most',
    'other some such no nor not only own same too very just also again still even ever yet already now today',
    'tonight yesterday tomorrow morning afternoon evening since until while during before after ago always never',
    'hi hello hey dear thanks thank regards please kindly best cheers ok okay yes help issue issues problem problems',
    'question get gets got getting keep keeps kept let lets know need needs needed want wants try tried trying seem',
    'seems like one anyone someone something anything everything nothing everyone everybody nobody noone every via',
    'per etc cannot cant dont doesnt didnt isnt arent wasnt werent wont wouldnt couldnt shouldnt im ive id youre',
    'weve theyre thats theres able unable work works worked working use used using time times day days hour hours',
    'minute minutes week urgent urgently asap again anymore around right see said say says tell told go going went',
    'none team guys folks someone anybody whole entire two three four five six seven eight nine ten first second',
    'monday tuesday wednesday thursday friday saturday sunday',
    // Russian, "ё" written "е".
    'и в во не на с со к ко о об от до по за из у же ли бы то что чтобы как так а но или да нет ни это этот эта эти',
    'этого этой тот та те я мы вы ты он она оно они меня мне мной нас нам нами вас вам вами его ее их им ему ей мой',
    'моя мое мои моего моей моих наш наша наше наши нашего нашей наших ваш ваша ваше ваши вашего вашей свой своя',
    'свои своего уже еще все весь вся всех всем очень только даже тоже также опять снова сейчас сегодня вчера завтра',
    'утра утром утро вечером днем дня день самого здравствуйте добрый доброе привет спасибо пожалуйста помогите',
    'помочь подскажите прошу просим можно нужно надо могу можем может могут мог смог есть был была было были будет',
    'буду быть при для через после перед под над когда где куда почему зачем какой какая какие который которая',
    'которые кто чем чего там тут здесь вот уж проблема проблемы проблему проблемой вопрос срочно коллеги уважаемые',
    'работает работают работать работаю работал работала работали раз час часа часов минут без сидит сидим сидят',
    'никто ничего ни один одна весь вся все всего всей целый каждый каждые каждую каждого каждое невозможно',
    'возможно почти понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье',
    // Romanian, diacritics removed.
    'si sa se nu este e sunt era fost fi fie am ai a au are avem aveti ati pentru ca cu pe la din de in intr un o',
    'unui unei unor al ale lui lor le li ii i il ei ea el eu tu noi voi mi mie imi iti ma te ne va meu mea mei mele nostru',
    'noastra nostri noastre vostru dumneavoastra dvs acest aceasta acesta aceste acestea acel acea acei acele asta',
    'cel cea cei cele ce care cum cand unde daca dar sau ori nici mai foarte doar tot toate toti toata inca deja',
    'acum azi astazi ieri maine dimineata seara dupa inainte pana catre prin despre fara ul buna ziua salut',
    'multumesc multumim rog rugam problema problemei probleme intrebare ajutor ajutati pot poate putem puteti',
    'trebuie vreau doresc merge functioneaza ora ore zi zile minute primim primesc primit primiti totul',
    'luni marti miercuri joi vineri sambata duminica',
  ]
    .join(' ')
    .split(/\s+/),
);

/** Hyphenated words written as one ("wi-fi" is "wifi"). */
const JOINED = new Set(['wifi', 'email', 'emails', 'login', 'logon', 'signin', 'signon', 'ecommerce', 'вайфай']);
/** Romanian enclitic articles on loanwords and acronyms: "VPN-ul", "mail-urile". */
const ROMANIAN_ARTICLES = new Set(['ul', 'ului', 'uri', 'urile', 'urilor', 'ua', 'a', 'le', 'lui', 'ii', 'ei']);
/** Product names that stay whole (not stemmed) however they are capitalised. */
const PRODUCTS = new Set([
  'vpn', 'wifi', 'email', 'outlook', 'windows', 'teams', 'excel', 'chrome', 'firefox', 'zoom', 'skype',
  'sharepoint', 'onedrive', 'office', 'android', 'iphone', 'ipad', 'macos', 'linux', 'citrix', 'exchange',
]);
/** Ordinals and clock times: numbers that name no problem ("2nd floor", "9am"). */
const NOT_A_CODE = /^\d+(?:st|nd|rd|th|am|pm|h|ый|ий|ой|го|й|ea|lea)$/u;

const TOKEN = /[\p{L}\p{N}]+(?:['’ʼ][\p{L}]+)*(?:[-_][\p{L}\p{N}]+)*/gu;
const ADDRESS_OR_URL = /(?:https?:\/\/\S+|www\.\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/giu;

/** The word terms of `text`: stems, products and codes, in text order (may repeat). */
export function wordTerms(text: string, lang: Language): string[] {
  const out: string[] = [];
  for (const token of text.replace(ADDRESS_OR_URL, ' ').match(TOKEN) ?? []) {
    for (const term of tokenTerms(token.replace(/['’ʼ]s$/u, ''), lang)) out.push(term);
  }
  return out;
}

function tokenTerms(token: string, lang: Language): string[] {
  const folded = fold(token);
  if (/\p{N}/u.test(folded)) return codeTerm(folded);
  if (!/[-_]/.test(folded)) return wordTerm(token, folded, lang);
  const parts = folded.split(/[-_]/);
  const joined = parts.join('');
  if (JOINED.has(joined)) return [joined];
  if (parts.length > 1 && ROMANIAN_ARTICLES.has(parts[parts.length - 1])) {
    return tokenTerms(token.slice(0, token.length - parts[parts.length - 1].length - 1), lang);
  }
  return token.split(/[-_]/).flatMap((part) => tokenTerms(part, lang));
}

/** Lower case, no diacritics on Latin letters, "ё" as "е", no apostrophes. */
export function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/ё/gu, 'е')
    .replace(/['’ʼ]/gu, '');
}

/** Error codes and models as written; bare numbers only when code-sized (3-5 digits, not dates or phones). */
function codeTerm(folded: string): string[] {
  if (/^\d+$/.test(folded)) return folded.length >= 3 && folded.length <= 5 ? [folded] : [];
  return NOT_A_CODE.test(folded) ? [] : [folded];
}

function wordTerm(original: string, folded: string, lang: Language): string[] {
  if (STOP_WORDS.has(folded) || [...folded].length < 2) return [];
  if (isProductName(original, folded)) return [folded];
  if (/\p{Script=Cyrillic}/u.test(folded)) return [russianStem(folded)];
  return [lang === 'ro' ? romanianStem(folded) : englishStem(folded)];
}

/** "VPN", "ПК", "OneDrive", "iPhone" or a known product: a name, not a word to stem. */
function isProductName(original: string, folded: string): boolean {
  if (PRODUCTS.has(folded)) return true;
  const letters = [...original];
  const acronym = letters.length <= 5 && original === original.toUpperCase() && original !== original.toLowerCase();
  return acronym || /\p{Lu}/u.test(letters.slice(1).join('')) && /\p{Ll}/u.test(original);
}

const VOWEL = /[aeiouyаеиоуыэюя]/u;

/** Cuts `suffix` off `word` if what stays has at least `min` letters and a vowel. */
function cut(word: string, suffix: string, min = 3): string | undefined {
  if (!word.endsWith(suffix)) return undefined;
  const stem = word.slice(0, word.length - suffix.length);
  return [...stem].length >= min && VOWEL.test(stem) ? stem : undefined;
}

/** The first suffix in `suffixes` (longest listed first) that can be cut. */
function cutFirst(word: string, suffixes: readonly string[], min = 3): string {
  for (const suffix of suffixes) {
    const stem = cut(word, suffix, min);
    if (stem !== undefined) return stem;
  }
  return word;
}

/** printers→printer, connecting→connect, crashes→crash, updates/updating→updat, jammed→jam. */
export function englishStem(word: string): string {
  if (word.length <= 3) return word;
  let stem = word;
  if (/ies$/.test(stem)) stem = `${stem.slice(0, -3)}y`;
  else if (/(?:ches|shes|xes|sses)$/.test(stem)) stem = stem.slice(0, -2);
  else if (/[^su]s$/.test(stem) && !/is$/.test(stem)) stem = stem.slice(0, -1);
  const suffixed = cut(stem, 'ing') ?? (/[^e]ed$/.test(stem) ? cut(stem, 'ed') : undefined);
  if (suffixed !== undefined) {
    stem = suffixed;
    if (/([b-df-hj-kmnp-rtv-z])\1$/.test(stem)) stem = stem.slice(0, -1);
  }
  if (/e$/.test(stem) && stem.length > 4) stem = stem.slice(0, -1);
  if (/y$/.test(stem) && stem.length > 3) stem = `${stem.slice(0, -1)}i`;
  return stem;
}

/** Endings of Russian nouns, adjectives and verbs, longest first (reflexive "ся"/"сь" go before). */
const RUSSIAN_ENDINGS = [
  'ениями', 'ениях', 'ением', 'ениям', 'ения', 'ение', 'ению', 'ении', 'ений',
  'иями', 'ями', 'ами', 'ией', 'иях', 'иям', 'ием',
  'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ает', 'яет', 'ают', 'яют', 'ует', 'уют', 'еет', 'еют',
  'ить', 'ать', 'ять', 'еть', 'уть', 'ыть', 'ила', 'ило', 'или', 'ала', 'ало', 'али', 'ела', 'ели', 'ыла', 'ыли',
  'ишь', 'ешь', 'ите', 'ете', 'аю', 'яю',
  'ых', 'их', 'ый', 'ий', 'ой', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ую', 'юю', 'ым', 'им', 'ом', 'ем',
  'ил', 'ал', 'ел', 'ыл', 'ит', 'ят', 'ам', 'ям', 'ах', 'ях', 'ов', 'ев', 'ей', 'ия', 'ию', 'ии',
  'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
];

/** подключается/подключиться/подключение→подключ, пароля→парол, принтеров→принтер. */
export function russianStem(word: string): string {
  if ([...word].length <= 3) return word;
  // "-пись" (запись, подпись) is a noun, not a reflexive verb.
  const stem = cut(word, 'ся') ?? (word.endsWith('пись') ? undefined : cut(word, 'сь')) ?? word;
  return cutFirst(stem, RUSSIAN_ENDINGS);
}

/** Romanian articles, case endings and verb endings, longest first. */
const ROMANIAN_ENDINGS = [
  'urilor', 'arile', 'urile', 'ului', 'ilor', 'elor', 'easca', 'eaza', 'area', 'arii', 'irea', 'erea', 'ile', 'ele', 'lui', 'uri', 'eze', 'esc', 'este',
  'esti', 'ati', 'ata', 'ate', 'ita', 'ite', 'uta', 'ute', 'and', 'ind', 'are', 'ire', 'ere',
  'ul', 'ua', 'ii', 'ei', 'ea', 'ez', 'am', 'at', 'it', 'ut', 'ur', 'a', 'e', 'i', 'u',
];

/**
 * conectează/conectare/conecta→conect, imprimantele→imprimant, contului→cont,
 * factura/facturile→fact ("-ur" goes too, else "fact-urile" and "factur-ile"
 * would part).
 * Stems keep four letters: the endings list is long and three-letter stems
 * ("ero" from "eroarea") would join unrelated words.
 */
export function romanianStem(word: string): string {
  if (word.length <= 4) return word;
  // An article after a case or verb ending ("retea-ua", "actualizar-ea") needs a second cut.
  return cutFirst(cutFirst(word, ROMANIAN_ENDINGS, 4), ROMANIAN_ENDINGS, 4);
}
