/**
 * Paragraphs and lists grouped into issues. A paragraph or sentence starts a
 * new issue when a marker says so ("Also", "Кроме того", "În plus") and it is
 * about something else, or when, without a marker, it is about another
 * device or system entirely and asks for something. Everything else adds to
 * the issue before it: symptoms, error messages, serial numbers, "it started
 * yesterday".
 */
import { hasCue, isOnboarding, markerAt, pointsBack } from './split-cues';
import { emptyScope, isApart, isNovel, scopeOf, widen, type Scope } from './split-scope';
import { categoriesIn, requestCategory, things, topicsIn } from './split-topics';
import type { Block } from './split-units';
import { sentenceStarts, wordCount } from './text';

export interface Draft {
  parts: string[];
  scope: Scope;
}

export interface Grouping {
  issues: Draft[];
  /** Lead-ins of split lists ("We are moving on 15 January. Please plan for:"): context for all. */
  shared: string[];
  /** Paragraphs before the first issue that name nothing and ask nothing. */
  context: string[];
}

/**
 * Does `text` start a new issue after an issue about `before`? Only a
 * paragraph may split without a marker; a clause inside a sentence ("…, and
 * also …") splits only on a new thing, as "and also shows an error" is a
 * symptom.
 */
function startsNew(text: string, before: Scope, level: 'paragraph' | 'sentence' | 'clause'): boolean {
  const found = markerAt(text);
  const marker = found && level === 'clause' ? { ...found, strength: 'weak' as const } : found;
  const rest = marker ? text.slice(marker.length) : text;
  if (pointsBack(rest)) return false;
  const own = scopeOf(text);
  if (marker?.strength === 'strong') return isNovel(own, before) || (own.things.size === 0 && hasCue(rest));
  if (marker) return isNovel(own, before) && hasCue(rest);
  return level === 'paragraph' && isApart(own, before) && hasCue(text) && opensWithThing(text);
}

/**
 * Without a marker, a paragraph is about another thing only when it says so
 * up front ("The scanner on floor 2…", "Монитор в переговорной…"); a thing
 * named in passing ("I need it for the Teams meeting") is context.
 */
function opensWithThing(text: string): boolean {
  const first = topicsIn(text).find((h) => h.kind !== 'part' && h.kind !== 'generic');
  return first !== undefined && wordCount(text.slice(0, first.index)) <= 4;
}

/** Clause-level markers inside a sentence: "…, and also …", "…, а также …", "…, iar …". */
const CLAUSE_MARKER =
  /(?:[,;:]\s+|\s+[—–-]\s+|\s+(?=(?:and also|oh,? and|[șş]i,? de asemenea|а также|а ещ[её]|и ещ[её])[\s,]))(?=(?:and also|also|and another thing|oh,? and|plus|а также|а ещ[её]|и ещ[её]|кроме того|iar|[șş]i,? de asemenea|de asemenea|[îi]n plus|[șş]i [îi]nc[ăa])[\s,:])/giu;
/** A second request joined by "and": "…keeps dropping and I need Visio installed". Split only on a new thing. */
const AND_REQUEST = /,?\s+(?=(?:and (?:i|we) (?:also )?(?:need|want|would like)|и (?:мне|нам) (?:ещ[её] )?(?:нужн\p{L}*|надо)|[șş]i (?:am|avem) (?:[șş]i )?nevoie)(?![\p{L}]))/giu;

interface Cut {
  at: number;
  clause: boolean;
}

function cutPoints(text: string): Cut[] {
  const sentences = sentenceStarts(text).map((at) => ({ at, clause: false }));
  const clauses = [...text.matchAll(CLAUSE_MARKER), ...text.matchAll(AND_REQUEST)].map((m) => ({ at: (m.index ?? 0) + m[0].length, clause: true }));
  return [...sentences, ...clauses].sort((a, b) => a.at - b.at);
}

/** The paragraph cut where a sentence (or clause) starts another issue; `running` is what the text before was about. */
function pieces(text: string, running: Scope): string[] {
  const cuts = [0];
  let last = 0;
  let clause = false;
  for (const cut of [...cutPoints(text), { at: text.length, clause: false }]) {
    const segment = text.slice(last, cut.at);
    const sofar = text.slice(cuts[cuts.length - 1], last);
    // A piece is more than a marker: "P.S." or "Also:" alone never stands as an issue.
    if (last > 0 && cut.at > last && wordCount(sofar) >= 3 && startsNew(segment, running, clause ? 'clause' : 'sentence')) {
      cuts.push(last);
      running = emptyScope();
    }
    widen(running, segment);
    last = cut.at;
    clause = cut.clause;
  }
  return cuts.map((at, i) => text.slice(at, cuts[i + 1] ?? text.length).trim()).filter((p) => p !== '');
}

function open(state: Grouping, text: string): void {
  state.issues.push({ parts: [text], scope: scopeOf(text) });
}

function add(state: Grouping, text: string): void {
  const current = state.issues[state.issues.length - 1];
  current.parts.push(text);
  widen(current.scope, text);
}

function copy(scope: Scope): Scope {
  return { things: new Set(scope.things), devices: new Set(scope.devices), places: new Set(scope.places), models: new Set(scope.models) };
}

function addPara(state: Grouping, text: string): void {
  const current = state.issues[state.issues.length - 1];
  if (!current && things(text).size === 0 && !hasCue(text)) {
    state.context.push(text);
    return;
  }
  // The running scope of the paragraph starts as a copy: the issue's own scope grows only with what joins it.
  const [first, ...others] = pieces(text, current ? copy(current.scope) : emptyScope());
  if (!current || startsNew(first, current.scope, 'paragraph')) open(state, first);
  else add(state, first);
  for (const piece of others) open(state, piece);
}

const NAME_ITEM = /^[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+){0,3}\s*(?:[(,–—-].{0,60})?[.,;]?$/u;
const STEPS_LEAD =
  /(?:steps?|symptoms?|what (?:i|we) (?:have )?(?:tried|did)|tried so far|details|error (?:messages?|details)|шаг\p{L}*|симптом\p{L}*|что (?:я |мы )?(?:пробовал|сделал)\p{L}*|подробност\p{L}*|pa[șş]i\p{L}*|simptom\p{L}*|am [îi]ncercat|detalii)\s*:?\s*$/iu;

/** "Printer: HP M404", "Error: paper jam", "Серийный номер: X": the fields of one form. */
const FIELD_ITEM = /^[\p{L}][\p{L} /-]{1,25}:\s*\S/u;

/** A list that is one issue: people for the same request, fields of a form, steps, symptoms of the lead's device, a short shopping list. */
function isOneIssue(lead: string | undefined, items: readonly string[]): boolean {
  if (items.every((item) => NAME_ITEM.test(item) && things(item).size === 0)) return true;
  if (items.every((item) => FIELD_ITEM.test(item))) return true;
  if (lead !== undefined && STEPS_LEAD.test(lead)) return true;
  const leadThings = lead === undefined ? new Set<string>() : things(lead);
  if (leadThings.size > 0 && items.every((item) => [...things(item)].every((t) => leadThings.has(t)))) return true;
  const categories = new Set(items.flatMap((item) => categoriesIn(item)));
  return items.every((item) => wordCount(item) <= 4 && !hasCue(item)) && categories.size <= 1;
}

/** Items grouped by the support centre of the first thing each names; an item naming nothing joins the one before. */
function byCategory(items: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  let last: string | undefined;
  for (const item of items) {
    const category = requestCategory(item) ?? last ?? 'none';
    groups.set(category, [...(groups.get(category) ?? []), item]);
    last = category;
  }
  return [...groups.values()].map((texts) => texts.join('\n'));
}

function isLeadIn(lead: string): boolean {
  return /[:：]\s*$/u.test(lead) || things(lead).size === 0;
}

function addList(state: Grouping, block: Extract<Block, { kind: 'list' }>, subject: string): void {
  const { lead, items } = block;
  if (isOneIssue(lead, items)) {
    addPara(state, [lead, ...items].filter((t) => t !== undefined).join('\n'));
    return;
  }
  if (lead !== undefined && isLeadIn(lead)) state.shared.push(lead);
  else if (lead !== undefined) addPara(state, lead);
  const onboarding = isOnboarding([subject, lead ?? '', ...items].join('\n'));
  for (const text of onboarding ? byCategory(items) : items) open(state, text);
}

/** Issues from the core's blocks, in order of first appearance. */
export function group(blocks: readonly Block[], subject: string): Grouping {
  const state: Grouping = { issues: [], shared: [], context: [] };
  for (const block of blocks) {
    if (block.kind === 'para') addPara(state, block.text);
    else addList(state, block, subject);
  }
  return state;
}

export function draftText(draft: Draft): string {
  return draft.parts.join('\n\n');
}
