/**
 * How much one term counts in a similarity, before idf. Pure: no I/O.
 *
 * Two customers with the same problem name the same thing, in whatever
 * words; the symptom is shared by many different problems. So a concept
 * naming what is affected ("c:vpn", "c:printer") counts double, a symptom
 * concept ("c:cannot-connect", "c:error") less than a word, and words,
 * products and codes 1. Tuned on the mails in test/unit/problems.test.ts:
 * with every term weighing the same, "Cannot connect to the VPN, error 809"
 * and "Outlook cannot connect to the server, error 0x800CCC0E" scored 0.44
 * (0.27 now), more than the same VPN outage reported in English and Russian.
 */
import { SYMPTOM_CONCEPTS } from './similarity-concepts';

/** Prefix of concept terms; no word term contains a colon. */
export const CONCEPT_PREFIX = 'c:';

const OBJECT_WEIGHT = 2;
const SYMPTOM_WEIGHT = 0.7;
const WORD_WEIGHT = 1;

export function termWeight(term: string): number {
  if (!term.startsWith(CONCEPT_PREFIX)) return WORD_WEIGHT;
  return SYMPTOM_CONCEPTS.has(term.slice(CONCEPT_PREFIX.length)) ? SYMPTOM_WEIGHT : OBJECT_WEIGHT;
}
