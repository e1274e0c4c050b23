/**
 * Classifies one issue (one problem out of a customer's mail) into a
 * category and a priority, following LABELS.md. Pure: no I/O.
 *
 * Category: a suspected security incident takes the category of what it
 * affects (a compromised account is access, malware on a server network); a
 * service nobody can reach is network whatever application it is; otherwise
 * the category whose phrases score highest, ties broken by the subject.
 *
 * Priority comes from impact signals, never from "urgent" on its own:
 *   security                              P1
 *   planned work (onboarding, move, ...)  P4, or P2 if due within a working day ("tomorrow") or already late
 *   cosmetic defect                       P3
 *   outage, revenue stopped               P1
 *   many users affected                   P1, or P3 if they have a workaround
 *   deadline within one working day       P2
 *   blocked / no workaround               P2, or P3 if a workaround is stated
 *   an explicit "some day" wish           P4
 *   anything else (incl. questions)       P3
 * Then the desk's VIP senders and priority accounts raise P3 to P2, and a
 * learned model trained on agents' corrections may override either label
 * once it has enough history and is confident (see learned.ts).
 *
 * The subject and the text shared by all issues of the mail (`shared`) are
 * context: their dates and planning apply to an issue with no impact of its
 * own (a list item "network ports for the new area" under "Office move next
 * month"), their other signals only to an issue of the same category (so an
 * outage in the subject does not make the billing question below it P1).
 */
import { CATEGORIES, type Category, type Language, type Priority } from '../types';
import { describeLearned, outweighsRules, predict, type LearnedModel } from './learned';
import {
  compileRules,
  findPhrase,
  tokenize,
  type CompiledRules,
  type MatchOptions,
  type Phrase,
  type Signal,
  type Span,
  type Token,
  type TriageRules,
} from './rules';

export interface Classification {
  priority: Priority;
  category: Category;
  /** Which rules fired, for agents to see why (stored on the ticket). */
  reasons: string[];
}

export interface ClassifyContext {
  subject: string;
  lang: Language;
  /** Sender, "Name <address>" or a bare address. */
  from?: string;
  /** Account number as extracted from the mail. */
  account?: string;
  rules: TriageRules;
  learned?: LearnedModel;
  /** Text of the mail outside every issue (the splitter's `shared`). */
  shared?: string;
}

/** Category when nothing in the issue or its context names one. */
const DEFAULT_CATEGORY: Category = 'software';
const TIME_SIGNALS: ReadonlySet<Signal> = new Set(['planned-future', 'deadline-today', 'already-late', 'near-date']);
/**
 * Tie order. An application named next to a device is usually what the issue
 * is about ("install Python on my workstation"), and a password next to a
 * service is an access problem ("forgot my VPN password").
 */
const TIE_ORDER: readonly Category[] = ['access', 'billing', 'network', 'software', 'hardware'];

interface Evidence {
  scores: Record<Category, number>;
  phrases: Record<Category, string[]>;
  unreachable: string[];
  signals: Map<Signal, string[]>;
}

interface Decision<T> {
  value: T;
  reason: string;
}

export function classifyIssue(text: string, ctx: ClassifyContext): Classification {
  const rules = compileRules(ctx.rules);
  const issue = analyse(text, ctx.lang, rules);
  const context = contextTexts(text, ctx).map((part) => analyse(part, ctx.lang, rules));
  const category = decideCategory(issue, context);
  const signals = combineSignals(issue, context, category.value);
  const priority = decidePriority(signals);
  const reasons = [category.reason, priority.reason, ...otherSignals(signals, priority.reason)];
  const raised = raiseForCustomer(priority.value, ctx);
  if (raised) reasons.push(raised.reason);
  const result: Classification = { priority: raised?.value ?? priority.value, category: category.value, reasons };
  return ctx.learned ? applyLearned(result, text, ctx.lang, ctx.learned, signals.has('security')) : result;
}

function analyse(text: string, lang: Language, rules: CompiledRules): Evidence {
  const tokens = tokenize(text);
  const masked = maskIdentifiers(tokens, rules.identifiers[lang]);
  const scores = {} as Record<Category, number>;
  const phrases = {} as Record<Category, string[]>;
  for (const category of CATEGORIES) {
    const found = withoutOverlaps(matches(tokens, rules.categories[category][lang], { masked }));
    phrases[category] = unique(found.map((match) => match.text));
    scores[category] = found.reduce((sum, match) => sum + phraseWeight(match.phrase), 0);
  }
  const unreachable = unique(matches(tokens, rules.unreachable[lang], {}).map((match) => match.text));
  const negations = rules.negations[lang];
  const signals = new Map<Signal, string[]>();
  for (const [signal, lists] of Object.entries(rules.signals) as Array<[Signal, Record<Language, Phrase[]>]>) {
    const found = unique(matches(tokens, lists[lang], { negations }).map((match) => match.text));
    if (found.length > 0) signals.set(signal, found);
  }
  return { scores, phrases, unreachable, signals };
}

interface Match {
  phrase: Phrase;
  span: Span;
  /** The words that matched, as normalised, for `reasons`. */
  text: string;
}

/** Phrases found in `tokens` (a phrase counts once however often it occurs). */
function matches(tokens: Token[], phrases: readonly Phrase[] | undefined, options: MatchOptions): Match[] {
  const found: Match[] = [];
  for (const phrase of phrases ?? []) {
    const span = findPhrase(tokens, phrase, options);
    if (span) found.push({ phrase, span, text: tokens.slice(span.start, span.end + 1).map((token) => token.word).join(' ') });
  }
  return found;
}

/**
 * Words count once per category: "windows update" scores as one phrase,
 * not also as "update". Longer phrases are kept first.
 */
function withoutOverlaps(found: Match[]): Match[] {
  const kept: Match[] = [];
  const byLength = [...found].sort((a, b) => b.span.end - b.span.start - (a.span.end - a.span.start));
  for (const match of byLength) {
    if (!kept.some((other) => match.span.start <= other.span.end && other.span.start <= match.span.end)) kept.push(match);
  }
  return kept;
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}

/**
 * Longer phrases are more specific: "shared folder" beats "folder" plus
 * "server". Words are counted as written ("1с", "wi-fi" are one word).
 */
function phraseWeight(phrase: Phrase): number {
  return 1 + 0.5 * (phrase.source.trim().split(/\s+/).length - 1);
}

/** Every occurrence of every label, so a repeated signature is masked too. */
function maskIdentifiers(tokens: Token[], labels: readonly Phrase[] | undefined): Set<number> {
  const masked = new Set<number>();
  for (const label of labels ?? []) {
    for (let from = 0; from < tokens.length; ) {
      const span = findPhrase(tokens, label, {}, from);
      if (!span) break;
      for (let i = span.start; i <= span.end; i++) masked.add(i);
      from = span.end + 1;
    }
  }
  return masked;
}

/** Subject and shared text, unless the caller already put them in the issue text. */
function contextTexts(text: string, ctx: ClassifyContext): string[] {
  const inText = tokenize(text).map((token) => token.word).join(' ');
  return [ctx.subject, ctx.shared ?? ''].filter((part) => {
    const words = tokenize(part).map((token) => token.word).join(' ');
    return words !== '' && !inText.includes(words);
  });
}

function decideCategory(issue: Evidence, context: Evidence[]): Decision<Category> {
  if (issue.signals.has('security')) {
    const affected = topCategories(issue.scores, ['access', 'network', 'hardware']);
    const value = affected.length === 1 ? affected[0] : 'network';
    const what = issue.phrases[value].length > 0 ? quote(issue.phrases[value]) : 'nothing more specific named';
    return { value, reason: `category ${value}: security incident affecting ${value} (${what})` };
  }
  if (issue.unreachable.length > 0) {
    return { value: 'network', reason: `category network: service unreachable (${quote(issue.unreachable)})` };
  }
  const own = topCategories(issue.scores, candidateCategories(issue));
  if (own.length === 1) return { value: own[0], reason: `category ${own[0]}: ${quote(issue.phrases[own[0]])}` };
  const fromContext = context.map((part) => contextCategory(part, own)).find((value) => value !== undefined);
  if (fromContext) return { value: fromContext, reason: `category ${fromContext}: from the subject or the text around the issue` };
  if (own.length > 1) {
    const value = TIE_ORDER.find((category) => own.includes(category)) ?? own[0];
    return { value, reason: `category ${value}: tie between ${own.join(', ')}` };
  }
  return { value: DEFAULT_CATEGORY, reason: `category ${DEFAULT_CATEGORY}: default, no category phrase matched` };
}

/**
 * Billing is the customer's own invoices and payments to the desk. When many
 * people or the revenue are hit, payment words describe the customer's
 * business ("tills cannot take card payments"), not a billing request.
 */
function candidateCategories(issue: Evidence): readonly Category[] {
  const widespread = ['outage', 'revenue-stopped', 'many-users'].some((signal) => issue.signals.has(signal as Signal));
  return widespread ? CATEGORIES.filter((category) => category !== 'billing') : CATEGORIES;
}

/** Context settles a tie among `tied` (or picks freely when the issue had no evidence). */
function contextCategory(part: Evidence, tied: Category[]): Category | undefined {
  if (part.unreachable.length > 0 && (tied.length === 0 || tied.includes('network'))) return 'network';
  const candidates = tied.length > 0 ? tied : CATEGORIES;
  const top = topCategories(part.scores, candidates);
  return top.length === 1 ? top[0] : undefined;
}

/** Categories sharing the highest positive score among `candidates`. */
function topCategories(scores: Record<Category, number>, candidates: readonly Category[]): Category[] {
  const best = Math.max(...candidates.map((category) => scores[category]));
  return best > 0 ? candidates.filter((category) => scores[category] === best) : [];
}

function combineSignals(issue: Evidence, context: Evidence[], category: Category): Map<Signal, string[]> {
  const signals = new Map(issue.signals);
  const ownImpact = [...issue.signals.keys()].some((signal) => !TIME_SIGNALS.has(signal) && signal !== 'question');
  for (const part of context) {
    const sameTopic = part.signals.size > 0 && decideCategory(part, []).value === category && hasCategoryEvidence(part);
    for (const [signal, phrases] of part.signals) {
      const applies = TIME_SIGNALS.has(signal) ? !ownImpact || sameTopic : sameTopic;
      if (applies) signals.set(signal, [...(signals.get(signal) ?? []), ...phrases]);
    }
  }
  return signals;
}

function hasCategoryEvidence(part: Evidence): boolean {
  return part.unreachable.length > 0 || CATEGORIES.some((category) => part.scores[category] > 0);
}

function decidePriority(signals: Map<Signal, string[]>): Decision<Priority> {
  const has = (signal: Signal): boolean => signals.has(signal);
  const because = (value: Priority, why: string, ...fired: Signal[]): Decision<Priority> => {
    const evidence = fired.filter(has).map((signal) => `${signal}: ${quote(signals.get(signal) ?? [])}`);
    return { value, reason: `priority ${value}: ${why}${evidence.length > 0 ? ` (${evidence.join('; ')})` : ''}` };
  };
  if (has('security')) return because('P1', 'suspected security incident', 'security');
  if (has('planned-future')) {
    if (has('already-late') || has('deadline-today') || has('near-date')) {
      const fired: Signal[] = ['planned-future', 'already-late', 'deadline-today', 'near-date'];
      return because('P2', 'planned work already late or due within one working day', ...fired);
    }
    return because('P4', 'planned work ahead of its date', 'planned-future');
  }
  if (has('outage') || has('revenue-stopped')) return because('P1', 'outage or revenue stopped', 'outage', 'revenue-stopped', 'many-users');
  if (has('cosmetic')) return because('P3', 'cosmetic defect', 'cosmetic');
  if (has('many-users')) {
    return has('workaround') ? because('P3', 'many users affected but they have a workaround', 'many-users', 'workaround') : because('P1', 'many users or customers affected', 'many-users');
  }
  if (has('deadline-today')) return because('P2', 'hard deadline within one working day', 'deadline-today');
  if (has('workaround') && (has('blocked') || has('no-workaround'))) return because('P3', 'work can go on with a workaround', 'workaround');
  if (has('blocked') || has('no-workaround')) return because('P2', 'blocked from work with no workaround', 'blocked', 'no-workaround');
  if (has('wish')) return because('P4', 'a wish with no urgency', 'wish');
  return because('P3', has('question') ? 'a question' : 'work can go on (no impact signal)', 'question', 'workaround');
}

/** Signals that fired but did not decide, so agents see the whole picture. */
function otherSignals(signals: Map<Signal, string[]>, priorityReason: string): string[] {
  const others = [...signals].filter(([signal]) => !priorityReason.includes(`${signal}: `));
  return others.length > 0 ? [`also: ${others.map(([signal, texts]) => `${signal} (${quote(texts)})`).join('; ')}`] : [];
}

function raiseForCustomer(priority: Priority, ctx: ClassifyContext): Decision<Priority> | undefined {
  if (priority !== 'P3') return undefined;
  const who = customerStatus(ctx);
  return who ? { value: 'P2', reason: `priority raised P3→P2: ${who}` } : undefined;
}

function customerStatus(ctx: ClassifyContext): string | undefined {
  const address = ctx.from ? (/<([^>]+)>/.exec(ctx.from)?.[1] ?? ctx.from).trim().toLowerCase() : '';
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1) : '';
  if (address && ctx.rules.vipContacts.some((vip) => vip.trim().toLowerCase() === address)) return `VIP sender ${address}`;
  const vipDomain = ctx.rules.vipDomains
    .map((entry) => entry.trim().toLowerCase().replace(/^@/, ''))
    .find((entry) => entry !== '' && (domain === entry || domain.endsWith(`.${entry}`)));
  if (vipDomain) return `VIP domain ${vipDomain}`;
  const account = ctx.account?.trim().toLowerCase();
  if (account && ctx.rules.priorityAccounts.some((entry) => entry.trim().toLowerCase() === account)) return `priority account ${ctx.account?.trim()}`;
  return undefined;
}

function applyLearned(result: Classification, text: string, lang: Language, model: LearnedModel, security: boolean): Classification {
  const prediction = predict(model, text, lang);
  const out: Classification = { ...result, reasons: [...result.reasons] };
  const { category, priority } = prediction;
  if (category && outweighsRules(category, out.category)) {
    out.reasons.push(`learned: category ${category.label} instead of ${out.category} (${describeLearned(category)})`);
    out.category = category.label;
  }
  if (priority && outweighsRules(priority, out.priority)) {
    // A suspected breach is never talked down by statistics over past tickets.
    if (security && out.priority === 'P1') {
      out.reasons.push(`learned: suggested ${priority.label}, kept P1 for a security incident`);
    } else {
      out.reasons.push(`learned: priority ${priority.label} instead of ${out.priority} (${describeLearned(priority)})`);
      out.priority = priority.label;
    }
  }
  return out;
}

function quote(phrases: readonly string[]): string {
  return phrases.map((phrase) => `"${phrase}"`).join(', ');
}
