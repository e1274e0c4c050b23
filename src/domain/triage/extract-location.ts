/**
 * Where the problem is: a site, building, floor or room, taken exactly as
 * written, inflection included ("кабинете 305", "etajul 1", "Leeds office").
 *
 * The span convention follows the labelled requests: the place words and
 * what qualifies them, without the preposition or article in front ("in our
 * Leeds office" → "Leeds office", "в кабинете 305" → "кабинете 305", "din
 * camera 12" → "camera 12"), with the qualifiers after the place noun
 * ("second floor of building B", "офисе на Лесной, 12", "переговорной на 2
 * этаже", "centrul de date de la Pipera").
 *
 * A qualified place (with a number, a name, a floor or a street) is preferred
 * to a bare one ("lobby", "reception"), which counts only after a preposition
 * ("in the lobby", not "poor reception").
 */
import { WORD_END, WORD_START } from './text';

export interface LocationHit {
  value: string;
  start: number;
  end: number;
  qualified: boolean;
}

interface Pattern {
  re: RegExp;
  qualified: boolean;
}

/**
 * Lets each alternative of a list start with a capital too ("кабинет" or
 * "Кабинет" at a sentence start). The patterns are otherwise case-sensitive:
 * with the `i` flag `\p{Lu}` matches lower-case letters as well, and names
 * ("Leeds", "Садовой") are told from common words by their capital.
 */
function ci(list: string): string {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === '|' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((alt) => (/^\p{Ll}/u.test(alt) ? `[${alt[0]}${alt[0].toUpperCase()}]${alt.slice(1)}` : alt)).join('|');
}

const CAP = '\\p{Lu}[\\p{L}\'’-]*';
/** A room's name in quotes: «Байкал», "Everest", „Everest”. */
const QUOTED = '(?:«[^»\\n]{1,40}»|"[^"\\n]{1,40}"|„[^”"\\n]{1,40}[”"]|“[^”\\n]{1,40}”)';
const ID = '(?:no\\.? ?|# ?|№ ?|nr\\.? ?)?(?:-?\\d+[A-Za-z]?(?:[./-]\\d+[A-Za-z]?)*|[A-Z]\\d*(?:[./-]\\d+)*)(?![\\p{L}\\p{N}])';

// ---- English
const ORD_WORDS = '(?:ground|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top|\\d{1,2}(?:st|nd|rd|th))';
const ORD = `(?:${ci(ORD_WORDS.slice(3, -1))})`;
const EN_CHAIN = `(?:,? (?:on|of|in|at) (?:the )?(?:${ORD} floor|floor -?\\d+|level -?\\d+|building [A-Z0-9][\\w.-]*|block [A-Z0-9]\\w*))?`;
const EN_UNITS = '[Rr]oom|[Ff]loor|[Bb]uilding|[Bb]lock|[Ll]evel(?= \\d+(?! (?:support|tech|engineer|escalation)))|[Ss]uite|[Dd]esk|[Hh]all|[Ll]ab|[Ss]ite|[Ww]arehouse|[Ss]tore|[Bb]ranch|[Oo]ffice(?! 365)|[Tt]ower|[Ww]ing';
const EN_PLACES = 'office|site|branch|campus|warehouse|depot|plant|factory|store|shop|data cent(?:re|er)|headquarters|HQ|building|clinic|hospital|school|showroom|hotel';
const EN_BARE = 'head office|main office|lobby|reception|server room|meeting room|conference room|board ?room|canteen|kitchen|break room|basement|mail ?room|print room|training room|front desk|showroom|open[- ]plan (?:area|office)|call cent(?:re|er)|warehouse|data cent(?:re|er)|stock ?room|store ?room|car park|cafeteria';
const NOT_PLACES = /^(?:SharePoint|Support|Help|Web|Download|Intranet|Google|Microsoft|Teams|Company|Customer|Client|Partner|Booking)\s+(?:site|store|shop|hub)$/u;
const EN_DETERMINERS = /^(?:Our|The|My|Your|This|That|Their|His|Her|A|An|At|In|On|From|To|Of|Hi|Hello|Dear|Please|And|Also|Since|Its|Whole|Entire|All)\s+/u;

// ---- Russian
const RU_FLOOR_WORDS = '(?:\\d{1,2}(?:-?(?:м|й|ом|ем|ий|ой))? этаж\\p{L}*|этаж\\p{L}* \\d{1,2}|(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|цокольн|подвальн|последн|верхн)\\p{L}* этаж\\p{L}*)';
const RU_FLOOR = `(?:${ci(RU_FLOOR_WORDS.slice(3, -1))})`;
const RU_CHAIN = `(?:,? на ${RU_FLOOR})?`;
const RU_WHERE = `(?:на|в|во) (?:ул(?:ице|\\.)? ?)?${CAP}(?:,? (?:д\\.? ?)?\\d+[\\p{L}]?(?![\\p{N}]))?`;
const RU_UNITS = 'каб\\.|кабинет|комнат|офис|корпус|зал|аудитори|помещени|строени|склад|цех|блок|павильон|секци';
const RU_PLACES = 'офис|здани|филиал|склад|магазин|отделени|корпус|бизнес-центр|кампус|представительств|завод|фабрик|помещени|клиник|школ|больниц';
const RU_BARE = '(?:головн|центральн|главн)\\p{L}* офис|склад|переговорн|серверн|при[её]мн|ресепшн|ресепшен|холл|вестибюл|столов|кухн|подвал|опенспейс|коворкинг';
const RU_STREET = '(?:ул\\.|улица|улице|пр-т|просп\\.|проспект\\p{L}*|пер\\.|переул\\p{L}*|ш\\.|шоссе|бульвар\\p{L}*|б-р|наб\\.)';

// ---- Romanian
const RO_FLOOR_WORDS = '(?:etaj(?:ul)? (?:\\d{1,2}|[îi]nt[âa]i|unu|doi|trei|patru|cinci|al (?:doilea|treilea|patrulea|cincilea|\\d+-lea))|parter(?:ul)?|demisol(?:ul)?|mansard[aă])';
const RO_FLOOR = `(?:${ci(RO_FLOOR_WORDS.slice(3, -1))})`;
const RO_CHAIN = `(?:,? (?:de la|la|din|de pe) ${RO_FLOOR})?`;
const RO_UNITS = 'camer[aeă]|sal[aă]|sala|birou(?:l)?|cl[ăa]dire(?:a)?|corp(?:ul)?|bloc(?:ul)?|hal[aă]|depozit(?:ul)?|scar[aă]|cabinet(?:ul)?|laborator(?:ul)?|atelier(?:ul)?';
const RO_PLACES = 'sediu|birou|filial|sucursal|depozit|magazin|centr\\p{L}* de date|punct\\p{L}* de lucru|fabric|hal|cl[ăa]dir|spa[țţ]i|agen[țţ]i|campus|showroom|reprezentan[țţ]';
const RO_OWNER = '(?: (?:nostru|noastr[ăa]|meu|mea|lor|vostru|central|principal|firmei|companiei|societ[ăa][țţ]ii))?';
const RO_BARE = 'recep[țţ]i\\p{L}*|sala de (?:[șş]edin[țţ]e|conferin[țţ]e|consiliu|mese)|camera serverelor|sala serverelor|hol(?:ul)?|depozit(?:ul)?|sediul central|cantin\\p{L}*|buc[ăa]t[ăa]ri\\p{L}*';
const RO_STREET = '(?:str\\.|strada|bd\\.|bulevardul|b-dul|calea|[șş]os\\.|[șş]oseaua|aleea|pia[țţ]a)';

function p(source: string, qualified: boolean): Pattern {
  return { re: new RegExp(`${WORD_START}${source}`, 'gu'), qualified };
}

/** Patterns with a `v` group take only that group (the place after a preposition). */
const PATTERNS: readonly Pattern[] = [
  p(`${ORD}[- ]floor(?: (?:office|meeting room|kitchen|reception|open[- ]plan area|conference room))?${EN_CHAIN}${WORD_END}`, true),
  p(`(?:${EN_UNITS}) ${ID}${EN_CHAIN}`, true),
  p(`(?:[Mm]eeting|[Cc]onference|[Ss]erver|[Tt]raining|[Bb]oard|[Cc]omms|[Pp]rint) [Rr]oom (?:${ID}|${CAP}|${QUOTED})${EN_CHAIN}`, true),
  p(`(?:${CAP} ){1,3}(?:(?:head|main|regional|central|local|new|old|sales|home) )?(?:${EN_PLACES})${WORD_END}`, true),
  p(`(?:(?:${ci('head|main|regional|central|sales')}) )?(?:${ci(EN_PLACES)}) (?:in|at) ${CAP}(?: ${CAP}){0,2}`, true),
  p(`(?:${CAP} ){0,3}(?:${ci(EN_PLACES)}) (?:on|at) (?:the )?(?:${ORD} floor|floor -?\\d+|level -?\\d+)`, true),
  p(`\\d{1,4}[A-Za-z]? ${CAP}(?: ${CAP})? (?:Street|St\\.|Road|Rd\\.|Avenue|Ave\\.|Lane|Way|Square|Boulevard|Blvd\\.?|Drive|Place|Park)${WORD_END}`, true),
  p(`(?:${ci('in|at|on|near|from|to|by|inside|outside')}) (?:the |our |my )?(?<v>(?:${EN_BARE})${WORD_END}${EN_CHAIN})`, false),
  p(`(?:${ci(RU_UNITS)})\\p{L}* (?:№ ?)?(?:\\d+[\\p{L}]?(?:[-./]\\d+)?|\\p{Lu}(?![\\p{L}]))${RU_CHAIN}`, true),
  p(`(?:(?:${ci('головн|центральн|главн')})\\p{L}* )?(?:${ci(RU_PLACES)})\\p{L}* ${RU_WHERE}${RU_CHAIN}`, true),
  p(`(?:${ci(RU_PLACES)})\\p{L}* на ${RU_FLOOR}`, true),
  p(`\\d+(?:-?(?:м|й|ом|ем))? (?:кабинет|комнат|офис|аудитори|корпус)\\p{L}*${RU_CHAIN}`, true),
  p(`${RU_FLOOR}${WORD_END}`, true),
  p(`(?:${ci('у|в|во|на|из|около|возле')}) (?<v>(?:${RU_BARE})\\p{L}* ${QUOTED}${RU_CHAIN})`, true),
  p(`(?:${ci('у|в|во|на|из|около|возле')}) (?<v>(?:${RU_BARE})\\p{L}*${RU_CHAIN})`, false),
  p(`(?:${ci(RU_STREET.slice(3, -1))}) ?${CAP}(?:,? (?:д\\.? ?)?\\d+[\\p{L}]?)?`, true),
  p(`(?:${ci(RO_UNITS)}) ${ID}${RO_CHAIN}`, true),
  p(`${RO_FLOOR}${WORD_END}`, true),
  p(`(?:${ci(RO_PLACES)})\\p{L}*${RO_OWNER} (?:de la|de pe|din|la) ${RO_FLOOR}`, true),
  p(`(?:${ci(RO_PLACES)})\\p{L}*${RO_OWNER} (?:din|de la|de pe) (?:str(?:ada|\\.)? ?)?${CAP}(?: ${CAP})?(?:,? (?:nr\\.? ?)?\\d+)?`, true),
  p(`(?:${ci('[îi]n|la|din|de la|pe|l[âa]ng[ăa]')}) (?<v>(?:${RO_BARE}) ${QUOTED}${RO_CHAIN})`, true),
  p(`(?:${ci('[îi]n|la|din|de la|pe|l[âa]ng[ăa]')}) (?<v>(?:${RO_BARE})${WORD_END}${RO_CHAIN})`, false),
  p(`(?:${ci(RO_STREET.slice(3, -1))}) ?${CAP}(?: ${CAP})?(?:,? (?:nr\\.? ?)?\\d+[A-Za-z]?)?`, true),
];

function candidates(text: string): LocationHit[] {
  const out: LocationHit[] = [];
  for (const { re, qualified } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const group = m.groups?.v;
      const offset = group === undefined ? 0 : m[0].lastIndexOf(group);
      let value = group ?? m[0];
      // A capitalised word in front may be a determiner or a sentence start, not part of a name.
      const lead = EN_DETERMINERS.exec(value);
      const cut = (lead ? lead[0].length : 0) + offset;
      if (lead) value = value.slice(lead[0].length);
      // "Our office" without the determiner is no name at all; "the Support site" is a web site.
      if ((lead && !/\p{Lu}|\d/u.test(value)) || NOT_PLACES.test(value)) continue;
      value = value.replace(/[\s,.;:]+$/u, '');
      const start = (m.index ?? 0) + cut;
      if (value !== '') out.push({ value, start, end: start + value.length, qualified });
    }
  }
  return out;
}

/** Every place named in the text, longest first where they overlap, in order. */
export function findLocations(text: string): LocationHit[] {
  const all = candidates(text).sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: LocationHit[] = [];
  for (const hit of all) {
    if (!kept.some((k) => hit.start < k.end && k.start < hit.end)) kept.push(hit);
  }
  return joinLists(text, kept.sort((a, b) => a.start - b.start));
}

/** "clădirea B, etajul 4, sala 402" is one place written in parts: qualified neighbours joined by a comma merge. */
function joinLists(text: string, hits: LocationHit[]): LocationHit[] {
  const out: LocationHit[] = [];
  for (const hit of hits) {
    const prev = out[out.length - 1];
    if (prev?.qualified && hit.qualified && /^\s*,\s*$/u.test(text.slice(prev.end, hit.start))) {
      out[out.length - 1] = { ...prev, value: text.slice(prev.start, hit.end), end: hit.end };
    } else out.push(hit);
  }
  return out;
}

/** The place an analyst would note: the first qualified one, else the first bare one. */
export function firstLocation(text: string): string | undefined {
  const hits = findLocations(text);
  return (hits.find((h) => h.qualified) ?? hits[0])?.value;
}
