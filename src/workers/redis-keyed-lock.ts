import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-connection';
import type { KeyedLock } from '../app/ports';
import { localKeyedLock } from '../app/keyed-lock';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisLockOptions {
  /** Expiry of a held lock: how long a crashed holder blocks the key. A ticket write takes milliseconds. */
  ttlMs?: number;
  /** How long to wait for a busy key before giving up (the job then retries). */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A lock per key shared by every process on one Redis: SET NX PX to take it,
 * a compare-and-delete script to release it, so a holder that outlived its
 * expiry cannot free a lock another process now holds. Contenders inside one
 * process queue locally first, so only one of them polls Redis.
 */
export function redisKeyedLock(redis: RedisClient, prefix: string, opts: RedisLockOptions = {}): KeyedLock {
  const ttlMs = opts.ttlMs ?? 15_000;
  const waitMs = opts.waitMs ?? 30_000;
  const local = localKeyedLock(waitMs);
  return <T>(key: string, work: () => Promise<T>) =>
    local(key, async () => {
      const name = `${prefix}:${key}`;
      const token = randomUUID();
      const started = Date.now();
      for (let pause = 2; (await redis.set(name, token, 'PX', ttlMs, 'NX')) !== 'OK'; pause = Math.min(pause * 2, 50)) {
        if (Date.now() - started > waitMs) throw new Error(`lock ${key} still busy after ${waitMs} ms`);
        await sleep(pause + Math.random() * pause);
      }
      try {
        return await work();
      } finally {
        await redis.eval(RELEASE, 1, name, token).catch(() => undefined);
      }
    });
}
