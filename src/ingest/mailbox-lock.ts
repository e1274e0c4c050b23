import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../workers/redis-connection';

/**
 * One active poller per mailbox across processes: a Redis lock with expiry
 * (SET NX PX), renewed while the poller runs. Renew and release check the
 * token, so a process that lost its lock (paused past the expiry) cannot
 * delete or extend the lock another process now holds.
 */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface MailboxLock {
  acquire(): Promise<boolean>;
  renew(): Promise<boolean>;
  release(): Promise<void>;
  readonly ttlMs: number;
}

export function createMailboxLock(redis: RedisClient, key: string, ttlMs = 30_000): MailboxLock {
  const token = randomUUID();
  return {
    ttlMs,
    async acquire() {
      return (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async renew() {
      return Number(await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1;
    },
    async release() {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
