/**
 * An in-memory inverted index of term lists (see similarity.ts). Pure: no I/O.
 *
 * Scores are those of `similarity` with the index's own idf: the cosine of
 * binary term vectors, each term weighing idf × termWeight. A search touches only the documents sharing a
 * query term, and skips most of those without reading their terms: a
 * document's norm is at least the square root of its dot product with the
 * query, which bounds its score from above before its norm is known.
 */
import { termWeight } from './similarity-weight';

interface Doc<M> {
  terms: readonly string[];
  meta: M;
}

export interface SearchOptions<M> {
  limit: number;
  minScore: number;
  filter?: (id: string, meta: M) => boolean;
}

export interface SearchHit<M> {
  id: string;
  score: number;
  meta: M;
}

export class TermIndex<M = undefined> {
  private readonly docs = new Map<string, Doc<M>>();
  private readonly postings = new Map<string, Set<string>>();

  /** Adds a document, replacing any with the same id. Repeated terms count once. */
  add(id: string, terms: readonly string[], meta: M): void {
    this.remove(id);
    const unique = [...new Set(terms)];
    this.docs.set(id, { terms: unique, meta });
    for (const term of unique) {
      const ids = this.postings.get(term);
      if (ids) ids.add(id);
      else this.postings.set(term, new Set([id]));
    }
  }

  remove(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    for (const term of doc.terms) {
      const ids = this.postings.get(term);
      ids?.delete(id);
      if (ids?.size === 0) this.postings.delete(term);
    }
    this.docs.delete(id);
  }

  get size(): number {
    return this.docs.size;
  }

  /**
   * Smoothed idf, log((N+1)/(df+1)) + 1 with N documents of which df hold the
   * term: never below 1, so a term every document has still counts a little
   * (in a printer-only index two printer tickets still share something), and
   * highest, log(N+1) + 1, for a term no document has.
   */
  idf(term: string): number {
    const df = this.postings.get(term)?.size ?? 0;
    return Math.log((this.docs.size + 1) / (df + 1)) + 1;
  }

  /** Best matches first (ties by id), only those >= minScore, at most limit. */
  search(terms: readonly string[], opts: SearchOptions<M>): Array<SearchHit<M>> {
    const weight = this.weights();
    const query = [...new Set(terms)];
    const queryNorm = Math.sqrt(query.reduce((sum, term) => sum + weight(term), 0));
    if (query.length === 0 || opts.limit <= 0) return [];
    const best = new TopHits<M>(opts.limit, opts.minScore);
    for (const [id, dot] of this.dotProducts(query, weight)) {
      if (Math.sqrt(dot) / queryNorm < best.threshold) continue;
      const doc = this.docs.get(id) as Doc<M>;
      if (opts.filter && !opts.filter(id, doc.meta)) continue;
      const docNorm = Math.sqrt(doc.terms.reduce((sum, term) => sum + weight(term), 0));
      best.offer({ id, score: Math.min(1, dot / (queryNorm * docNorm)), meta: doc.meta });
    }
    return best.result();
  }

  /** (idf × termWeight)² per term, computed once per search: documents share most of their terms. */
  private weights(): (term: string) => number {
    const cache = new Map<string, number>();
    return (term) => {
      let value = cache.get(term);
      if (value === undefined) {
        value = (this.idf(term) * termWeight(term)) ** 2;
        cache.set(term, value);
      }
      return value;
    };
  }

  private dotProducts(query: readonly string[], weight: (term: string) => number): Map<string, number> {
    const dots = new Map<string, number>();
    for (const term of query) {
      const ids = this.postings.get(term);
      if (!ids) continue;
      const w = weight(term);
      for (const id of ids) dots.set(id, (dots.get(id) ?? 0) + w);
    }
    return dots;
  }
}

/**
 * The `limit` best hits seen so far. Once that many are kept, the worst of
 * them becomes the bar (`threshold`) a document's score bound must reach,
 * so a search with a small limit reads few documents' terms.
 */
class TopHits<M> {
  private hits: Array<SearchHit<M>> = [];
  threshold: number;

  constructor(
    private readonly limit: number,
    private readonly minScore: number,
  ) {
    this.threshold = minScore;
  }

  offer(hit: SearchHit<M>): void {
    if (hit.score < this.threshold) return;
    this.hits.push(hit);
    if (this.hits.length >= 2 * this.limit) this.trim();
  }

  result(): Array<SearchHit<M>> {
    this.trim();
    return this.hits;
  }

  private trim(): void {
    this.hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.hits.length = Math.min(this.hits.length, this.limit);
    if (this.hits.length === this.limit) this.threshold = Math.max(this.minScore, this.hits[this.limit - 1].score);
  }
}
