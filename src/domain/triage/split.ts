/**
 * One support request, several issues: a customer often lists unrelated
 * problems in one mail, and each one that a different person or team could fix
 * on its own becomes its own ticket. Pure: no I/O.
 *
 * Order of work:
 *  1. The frame: quoted history goes; greeting, closing words, signature and
 *     disclaimers become shared context (split-frame).
 *  2. The core as paragraphs and lists (split-units), grouped into issues by
 *     markers and by what each part is about (split-group).
 *  3. A new starter or a move that needs several support centres becomes one
 *     issue per centre (split-onboarding).
 *  4. A billing issue that states no account borrows the customer's account
 *     number from another issue: invoices and payments always concern it.
 *  5. The subject goes in front of the first issue, unless the body restates
 *     it or it names several of the issues ("printer + wifi", "A few
 *     things"): then it is context for all.
 */
import { firstIds } from './extract-ids';
import { splitOnboarding } from './split-onboarding';
import { isOnboarding } from './split-cues';
import { frameBody } from './split-frame';
import { draftText, group } from './split-group';
import { isBillingLike, things } from './split-topics';
import { blocks } from './split-units';

export interface SplitResult {
  issues: string[];
  shared: string;
}

const SUBJECT_PREFIX = /^(?:(?:re|fw|fwd|aw|wg|tr|sv|vs|rv|ответ|отв|пересл|перес)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+/iu;
const SEVERAL =
  /(?:a few|several|some|multiple|two|three|various|couple of) (?:things|issues|problems|questions|requests|matters|points)|несколько (?:вопросов|проблем|просьб|моментов)|пара вопросов|mai multe (?:probleme|[îi]ntreb[ăa]ri|solicit[ăa]ri|lucruri)|c[âa]teva (?:probleme|[îi]ntreb[ăa]ri|lucruri|solicit[ăa]ri)|dou[ăa] probleme|^(?:problems|issues|questions|requests|проблемы|вопросы|просьбы|probleme|[îi]ntreb[ăa]ri|solicit[ăa]ri)$/iu;

function cleanSubject(subject: string): string {
  return subject.replace(SUBJECT_PREFIX, '').replace(/\[[^\]]*\]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** One text per independent problem, in order of first appearance; `shared` is the context common to all (greeting, closing, signature, disclaimers), which details extraction also reads. */
export function splitIssues(subject: string, body: string): SplitResult {
  const topic = cleanSubject(subject);
  const frame = frameBody(body);
  const shared: string[] = [...frame.head];
  let issues = frame.core === '' ? [] : issuesOf(frame.core, topic, shared);
  if (issues.length === 0) return { issues: [topic], shared: [...shared, ...frame.tail].join('\n\n') };
  issues = borrowAccount(issues, [...shared, ...frame.tail].join('\n'));
  const placed = placeSubject(topic, frame.core, issues);
  if (placed === 'shared') shared.unshift(topic);
  else if (placed === 'first') issues[0] = `${topic}\n\n${issues[0]}`;
  return { issues, shared: [...shared, ...frame.tail].join('\n\n') };
}

/** Issue texts of the core; context common to all of them is pushed onto `shared`. */
function issuesOf(core: string, subject: string, shared: string[]): string[] {
  const grouping = group(blocks(core), subject);
  let issues = grouping.issues.map(draftText);
  if (issues.length === 0) issues = [grouping.context.join('\n\n')];
  else if (issues.length === 1) issues[0] = [...grouping.context, issues[0]].join('\n\n');
  else shared.push(...grouping.context);
  shared.push(...grouping.shared);
  return issues.flatMap((text) => {
    const split = isOnboarding(`${subject}\n${text}`) ? splitOnboarding(text) : undefined;
    if (!split) return [text];
    shared.push(...split.context);
    return split.parts;
  });
}

/**
 * "Our site is down, account AC-90017. Also, the November invoice is
 * doubled." The invoice is about the same customer account, so the billing
 * issue carries the number too; other issues keep only what they state.
 */
function borrowAccount(issues: string[], shared: string): string[] {
  if (firstIds(shared).account) return issues;
  // A username is a person's login, not the customer's account: it is not borrowed.
  const accounts = issues.map((text) => {
    const found = firstIds(text).account;
    return found?.shape === 'id' ? found : undefined;
  });
  const source = accounts.findIndex((a) => a !== undefined);
  const found = accounts[source];
  if (!found) return issues;
  const phrase = issues[source].slice(found.start, found.end);
  return issues.map((text) => (!firstIds(text).account && isBillingLike(text) ? `${text}\n\n${phrase}` : text));
}

function placeSubject(subject: string, core: string, issues: readonly string[]): 'first' | 'shared' | 'none' {
  if (subject === '') return 'none';
  const bare = subject.toLowerCase().replace(/[.!?]+$/u, '');
  if (core.toLowerCase().includes(bare)) return 'none';
  if (issues.length < 2) return 'first';
  const named = things(subject);
  const issuesNamed = issues.filter((text) => [...things(text)].some((t) => named.has(t))).length;
  return SEVERAL.test(subject) || issuesNamed >= 2 ? 'shared' : 'first';
}
