import type { KeyedLock } from './ports';

/**
 * Serialises the read-compute-write of one record. FerretDB v1 neither
 * serialises concurrent updates of one document nor pushes a compound filter
 * such as `{_id, rev}` down to SQLite (each such update reads the whole
 * collection), so the conditional write a MongoDB design would use is both
 * unsafe and slow there. The composition root passes a Redis lock shared by
 * every process; without one, writes are serialised within this process only.
 */

/** Serialises work per key inside one process: a promise chain per key. */
export function localKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
