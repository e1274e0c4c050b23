import type { KeyedLock } from './ports';

/**
 * Serialises the read-compute-write of one record. FerretDB v1 neither
 * serialises concurrent updates of one document nor pushes a compound filter
 * such as `{_id, rev}` down to SQLite (each such update reads the whole
 * collection), so the conditional write a MongoDB design would use is both
 * unsafe and slow there. The composition root passes a Redis lock shared by
 * every process; without one, writes are serialised within this process only.
 */

/**
 * Serialises work per key inside one process: a promise chain per key. With
 * `waitMs`, a caller that has waited that long for its turn gives up with an
 * error (its work never runs), so one hung holder cannot hold every later
 * writer of the record for ever; the job that gave up fails and retries.
 */
export function localKeyedLock(waitMs?: number): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    let state: 'waiting' | 'started' | 'abandoned' = 'waiting';
    const busy = () => new Error(`lock ${key} still busy after ${waitMs} ms`);
    const start = () => {
      if (state === 'abandoned') return Promise.reject(busy());
      state = 'started';
      clearTimeout(timer);
      return work();
    };
    const run = before.then(start, start);
    const tail: Promise<unknown> = run.catch(() => undefined).then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    tails.set(key, tail);
    // Only the wait is bounded: work that has started is awaited to its end.
    const gaveUp = new Promise<never>((_, reject) => {
      if (waitMs !== undefined && state === 'waiting') timer = setTimeout(() => state === 'waiting' && ((state = 'abandoned'), reject(busy())), waitMs);
    });
    try {
      return await Promise.race([run, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  };
}
