/**
 * A new starter or a move needs work from several support centres: the
 * laptop is hardware, the accounts are access, the network ports are network.
 * Each centre gets its own issue; the sentences that say who starts when and
 * where are context common to all of them.
 *
 * "Vă rog să pregătiți contul de e-mail, accesul la CRM și un laptop" becomes
 * "Vă rog să pregătiți contul de e-mail, accesul la CRM" (access) and
 * "Vă rog să pregătiți un laptop." (hardware): a short noun phrase cut from an
 * enumeration borrows the request words in front of the first item.
 */
import type { Category } from '../types';
import { requestCategory, topicsIn } from './split-topics';
import { sentenceStarts } from './text';

export interface OnboardingSplit {
  /** Sentences that name no equipment or account: who, when, where. */
  context: string[];
  /** One text per category, in order of first mention. */
  parts: string[];
}

interface Piece {
  text: string;
  category?: Category;
}

const CLAUSE_CUT =
  /\s*[,;]\s*(?:(?:and|or|и|или|а также|[șş]i|sau|precum [șş]i|plus|as well as)\s+)?|\s+(?:and|и|[șş]i|plus|as well as|а также|precum [șş]i|along with|together with)\s+/giu;
const TRAILING_DETERMINERS = /(?:\s+(?:\d+|a|an|the|his|her|their|un|o|ni[șş]te|new|nou|nou[ăa]))+\s*$/iu;


function sentencesOf(text: string): string[] {
  const cuts = [0, ...sentenceStarts(text), text.length];
  return cuts.slice(0, -1).map((at, i) => text.slice(at, cuts[i + 1]).trim()).filter((s) => s !== '');
}

/** Clauses of one sentence; clauses naming nothing join the next one ("Подготовьте, пожалуйста, ноутбук"). */
function clauses(sentence: string): Piece[] {
  const raw: string[] = [];
  let from = 0;
  for (const m of sentence.matchAll(CLAUSE_CUT)) {
    raw.push(sentence.slice(from, m.index));
    from = (m.index ?? 0) + m[0].length;
  }
  raw.push(sentence.slice(from));
  const out: Piece[] = [];
  let pending = '';
  for (const text of raw.filter((r) => r.trim() !== '')) {
    const category = requestCategory(text);
    if (category === undefined && out.length === 0) {
      pending += `${text}, `;
      continue;
    }
    if (category === undefined) out[out.length - 1].text += `, ${text}`;
    else out.push({ text: pending + text, category });
    pending = '';
  }
  if (pending !== '') out.push({ text: pending.replace(/,\s*$/, '') });
  return out;
}

/** "Please prepare " from "Please prepare a laptop": the request words before the first item. */
function requestPrefix(piece: Piece): string {
  const first = topicsIn(piece.text)[0];
  if (!first) return '';
  return piece.text.slice(0, first.index).replace(TRAILING_DETERMINERS, ' ');
}

const DETERMINER = /^(?:\d+|a|an|the|his|her|their|its|our|my|new|also|and|plus|un|o|ni[șş]te|nou|nou[ăa]|[șş]i|и|ещ[её]|нов\p{L}*)$/iu;

/** A clause that is only a noun phrase ("an email account", "un laptop", "почту"), not one with its own verb. */
function isNounPhrase(text: string): boolean {
  const first = topicsIn(text)[0];
  if (first === undefined) return false;
  return text.slice(0, first.index).split(/\s+/u).filter((w) => w !== '').every((w) => DETERMINER.test(w));
}

function addTo(groups: Map<Category, string[]>, category: Category, text: string): void {
  const list = groups.get(category) ?? [];
  list.push(text);
  groups.set(category, list);
}

function splitSentence(sentence: string, groups: Map<Category, string[]>): void {
  const pieces = clauses(sentence);
  const prefix = pieces.length > 0 ? requestPrefix(pieces[0]) : '';
  const byCategory = new Map<Category, string[]>();
  for (const piece of pieces) {
    const category = piece.category ?? [...byCategory.keys()].pop();
    if (category !== undefined) addTo(byCategory, category, piece.text.trim());
  }
  let first = true;
  for (const [category, texts] of byCategory) {
    const joined = texts.join(', ');
    addTo(groups, category, !first && prefix.trim() !== '' && isNounPhrase(texts[0]) ? prefix + joined : joined);
    first = false;
  }
}

/** The onboarding request cut into one text per category, or undefined when it needs only one. */
export function splitOnboarding(text: string): OnboardingSplit | undefined {
  const context: string[] = [];
  const groups = new Map<Category, string[]>();
  for (const sentence of sentencesOf(text)) {
    const categories = new Set(clauses(sentence).flatMap((p) => (p.category ? [p.category] : [])));
    if (categories.size === 0) context.push(sentence);
    else if (categories.size === 1) addTo(groups, [...categories][0], sentence);
    else splitSentence(sentence, groups);
  }
  if (groups.size < 2) return undefined;
  return { context, parts: [...groups.values()].map((texts) => texts.join(' ')) };
}
