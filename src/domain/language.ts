/**
 * Guesses the language of a customer's mail (subject + body) so that replies
 * go out in the customer's language. Pure: no I/O.
 *
 * Scoring, in order:
 *  1. Cyrillic dominance: the desk has only one Cyrillic language, so Russian
 *     prose that outweighs the Latin prose decides at once. Product names and
 *     codes (ThinkPad, ECOSYS, M2040dn, VPN) are left out of the Latin count
 *     because Russian customers write them in Latin letters.
 *  2. A vote: English stopwords, Romanian stopwords plus words carrying
 *     Romanian diacritics, and Cyrillic words at half weight (signatures and
 *     names in Cyrillic should not outvote English prose). Romanian is matched
 *     with diacritics stripped because customers often type without them.
 *  3. No evidence or a tie: the caller's fallback (usually the desk default).
 */
import type { Language } from './types';

const ENGLISH_STOPWORDS = new Set(
  (
    'the and to of is it i you we my our your for on with this that these those can could ' +
    'please not does do did have has had be was were will would should from at by as or if ' +
    "but hi hello hey thanks thank regards dear since any also there what how when which who " +
    "me us they he she him her his its been so no all some just into about up out only more " +
    "need needs help still cannot can't i'm i've don't doesn't didn't isn't won't it's we're " +
    "let know after before again until every get got than then them their our there's here " +
    'anyone someone nobody none many much very today yesterday tomorrow morning urgent ' +
    'working work keeps since anymore'
  ).split(/\s+/),
);

/** Written without diacritics: matching happens on diacritic-stripped words. */
const ROMANIAN_STOPWORDS = new Set(
  (
    'si sa se nu este sunt pentru va ca cu pe la din de un o al ale lui mai avem ' +
    'ati fost fi foarte dar sau ce cum cand unde care meu mea mei mele nostru noastra ' +
    'nostri vostru dumneavoastra dvs rog rugam multumesc multumim buna ziua salut stima ' +
    'imprimanta functioneaza merge poate pot putem trebuie niciun nicio acum azi ieri maine ' +
    'dupa pana catre printre prin despre asemenea inca doar tot toate toti ' +
    'problema probleme contul parola acces urgent nou noua noi ei ea el eu tu' +
    ' si-a ne-ati ne-am mi-a mi-am sa-mi'
  ).split(/\s+/),
);

/** Subject prefixes and tags are Latin whatever the customer's language. */
const IGNORED_LATIN = new Set(['re', 'fw', 'fwd', 'aw', 'tr', 'tg']);

const ROMANIAN_DIACRITIC = /[ăâîșşțţ]/i;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const ADDRESS_OR_URL = /\b(?:https?:\/\/\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/gi;

interface Evidence {
  cyrillicLetters: number;
  latinLetters: number;
  cyrillicWords: number;
  english: number;
  romanian: number;
}

export function detectLanguage(text: string, fallback: Language): Language {
  const evidence = collectEvidence(tokenize(stripQuoted(text)));
  if (evidence.cyrillicLetters > 0 && evidence.cyrillicLetters >= evidence.latinLetters) return 'ru';

  const scores: Array<[Language, number]> = [
    ['en', evidence.english],
    ['ro', evidence.romanian],
    ['ru', evidence.cyrillicWords * 0.5],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (best[1] === 0 || best[1] === second[1]) return fallback;
  return best[0];
}

/**
 * Quoted history is the desk's own earlier mail (in whatever language the
 * desk used), so it says nothing about the customer's language. The
 * attribution line just above a quote ("On ... wrote:") is client boilerplate
 * in the client's UI language and goes too.
 */
function stripQuoted(text: string): string {
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*>/.test(line)) continue;
    if (/:\s*$/.test(line) && nextNonEmptyIsQuote(lines, i + 1)) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

function nextNonEmptyIsQuote(lines: string[], from: number): boolean {
  for (let i = from; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    return /^\s*>/.test(lines[i]);
  }
  return false;
}

function tokenize(text: string): string[] {
  const withoutAddresses = text.replace(ADDRESS_OR_URL, ' ').replace(/’/g, "'");
  return withoutAddresses.match(TOKEN) ?? [];
}

function collectEvidence(tokens: string[]): Evidence {
  const ev: Evidence = { cyrillicLetters: 0, latinLetters: 0, cyrillicWords: 0, english: 0, romanian: 0 };
  for (const token of tokens) {
    if (/\d/.test(token)) continue; // codes, models, numbers: no language
    if (CYRILLIC.test(token)) {
      ev.cyrillicLetters += countLetters(token);
      ev.cyrillicWords += 1;
      continue;
    }
    scoreLatin(token, ev);
  }
  return ev;
}

function scoreLatin(token: string, ev: Evidence): void {
  const lower = token.toLowerCase();
  if (IGNORED_LATIN.has(lower)) return;
  if (!looksLikeName(token)) ev.latinLetters += countLetters(token);
  if (ENGLISH_STOPWORDS.has(lower)) ev.english += 1;
  if (ROMANIAN_DIACRITIC.test(token)) ev.romanian += 1;
  else if (ROMANIAN_STOPWORDS.has(stripDiacritics(lower))) ev.romanian += 1;
}

/** Acronyms and CamelCase product names (VPN, ECOSYS, ThinkPad, OneDrive). */
function looksLikeName(token: string): boolean {
  return /\p{Lu}/u.test(token.slice(1));
}

function countLetters(token: string): number {
  return token.replace(/[^\p{L}]/gu, '').length;
}

function stripDiacritics(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}
