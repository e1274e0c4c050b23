/**
 * Similar tickets across customers and languages: problem detection ("many
 * customers report the same outage") and knowledge ("this was solved
 * before"). Pure: no I/O.
 *
 * A text becomes a set of terms (`terms`):
 *  - word stems of its language, products and codes (similarity-words.ts),
 *    which match within a language and on names like "VPN" or "0x80070005";
 *  - concept terms ("c:vpn", "c:cannot-connect"), one per support concept
 *    whose phrases occur in the text in any of the three languages
 *    (similarity-concepts.ts), which is what matches across languages.
 * Greetings and signatures are the caller's to remove.
 *
 * Two term sets compare by the cosine of binary vectors in which each term
 * weighs idf × its kind's weight (`similarity`, `termWeight`): shared rare
 * terms (an error code, "c:vpn" among printer tickets) count for more than
 * shared common ones, what is affected for more than how it fails, and a
 * long mail is not similar to everything just because it mentions
 * everything.
 */
import type { Language } from './types';
import { compilePhrase, findPhrase, tokenize, type Phrase } from './triage/rules';
import { SUPPORT_CONCEPTS } from './similarity-concepts';
import { CONCEPT_PREFIX, termWeight } from './similarity-weight';
import { wordTerms } from './similarity-words';

export { TermIndex, type SearchHit, type SearchOptions } from './similarity-index';
export { CONCEPT_PREFIX, termWeight } from './similarity-weight';

/** The terms of a text, sorted and unique: stems, products and codes, plus concept terms. */
export function terms(text: string, lang: Language): string[] {
  return [...new Set([...wordTerms(text, lang), ...conceptTerms(text)])].sort();
}

/** "c:<id>" for every support concept named in `text` in any language. */
export function conceptTerms(text: string): string[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  return compiledConcepts()
    .filter(({ phrases }) => phrases.some((phrase) => findPhrase(tokens, phrase) !== undefined))
    .map(({ id }) => `${CONCEPT_PREFIX}${id}`);
}

let compiled: Array<{ id: string; phrases: Phrase[] }> | undefined;

/** Compiled once: the table is constant and compiling is the costly part. */
function compiledConcepts(): Array<{ id: string; phrases: Phrase[] }> {
  compiled ??= Object.entries(SUPPORT_CONCEPTS).map(([id, lists]) => ({
    id,
    phrases: [...lists.en, ...lists.ru, ...lists.ro]
      .map(compilePhrase)
      .filter((phrase): phrase is Phrase => phrase !== undefined),
  }));
  return compiled;
}

/**
 * Cosine of the two term sets as binary vectors, each term weighing
 * idf(term) × termWeight(term) (so a shared term adds that squared to the
 * dot product), in 0..1. Repeated terms count once; an empty set is similar
 * to nothing. Without `idf` every term's idf is 1.
 */
export function similarity(a: readonly string[], b: readonly string[], idf: (term: string) => number = () => 1): number {
  const left = new Set(a);
  const right = new Set(b);
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  const weight = (term: string): number => (idf(term) * termWeight(term)) ** 2;
  for (const term of left) {
    const w = weight(term);
    leftNorm += w;
    if (right.has(term)) dot += w;
  }
  for (const term of right) rightNorm += weight(term);
  return leftNorm > 0 && rightNorm > 0 ? Math.min(1, dot / Math.sqrt(leftNorm * rightNorm)) : 0;
}
