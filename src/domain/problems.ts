/**
 * Problem detection: many customers reporting the same underlying problem
 * (an outage, a broken release) at about the same time. Pure: no I/O.
 *
 * A new case joins the best earlier case that is the same problem: same
 * category, another customer, recent, and similar text in any language (see
 * similarity.ts). Customers of one company count as different customers:
 * when a company's VPN is down, each of its people reporting it is one more
 * voice for the same problem, which is what the desk wants to see.
 */
import type { Category } from './types';
import { TermIndex } from './similarity';

export interface OpenCase {
  ticketId: string;
  /** The requester's address ("Name <address>" is accepted too). */
  requester: string;
  category?: Category;
  createdAt: Date;
  /** `terms` of the customer's first text. */
  terms: string[];
  problemId?: string;
}

export interface ProblemRules {
  /** How far back an earlier case may be. */
  windowHours: number;
  /** Least similarity (0..1) for two cases to be one problem. */
  minScore: number;
}

/**
 * minScore 0.4, from the mails in test/unit/problems.test.ts (idf from all
 * of them): five short reports of one VPN outage in three languages score
 * 0.49-1 against each other, longer ones 0.42-0.69 against their best match,
 * while other problems sharing only a symptom or a product ("cannot connect"
 * to the Wi-Fi or a shared folder, Outlook crashing and Outlook not reaching
 * its server) score 0.35 at most, and unrelated mails 0.
 */
export const DEFAULT_PROBLEM_RULES: ProblemRules = { windowHours: 24, minScore: 0.4 };

const HOUR_MS = 3_600_000;

/**
 * The best earlier case `newCase` is the same underlying problem as. Among
 * the cases that qualify, one already in a problem wins (the new case then
 * joins that problem rather than starting a second one for the same cause),
 * then the higher score, then the newest. Idf comes from the candidates
 * plus the new case, so what most of them share ("c:cannot-connect") counts
 * for less than what sets a problem apart ("c:vpn", an error code).
 */
export function matchProblem<C extends OpenCase>(newCase: OpenCase, candidates: readonly C[], rules: ProblemRules): { match: C; score: number } | undefined {
  if (newCase.terms.length === 0 || candidates.length === 0) return undefined;
  const index = new TermIndex<C | null>();
  index.add('new', newCase.terms, null);
  candidates.forEach((candidate, i) => index.add(`#${i}`, candidate.terms, candidate));
  const hits = index.search(newCase.terms, {
    limit: candidates.length,
    minScore: rules.minScore,
    filter: (_id, candidate) => candidate !== null && isSameProblemCandidate(newCase, candidate, rules),
  });
  const ranked = hits.map((hit) => ({ match: hit.meta as C, score: hit.score })).sort(preferred);
  return ranked[0];
}

/** Same category, another requester, created within the window before the new case. */
function isSameProblemCandidate(newCase: OpenCase, candidate: OpenCase, rules: ProblemRules): boolean {
  if (candidate.ticketId === newCase.ticketId || candidate.category !== newCase.category) return false;
  if (address(candidate.requester) === address(newCase.requester)) return false;
  const age = newCase.createdAt.getTime() - candidate.createdAt.getTime();
  return age >= 0 && age <= rules.windowHours * HOUR_MS;
}

function address(requester: string): string {
  return (/<([^>]*)>/.exec(requester)?.[1] ?? requester).trim().toLowerCase();
}

function preferred(a: { match: OpenCase; score: number }, b: { match: OpenCase; score: number }): number {
  const inProblem = Number(b.match.problemId !== undefined) - Number(a.match.problemId !== undefined);
  return inProblem || b.score - a.score || b.match.createdAt.getTime() - a.match.createdAt.getTime();
}
