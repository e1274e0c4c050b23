import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../workers/redis-connection';

/**
 * Spreads the support mailboxes over the live ingest processes. Each process
 * announces itself in a Redis sorted set (score: its last heartbeat); its
 * share is ceil(mailboxes / live processes). A poller takes a mailbox's lock
 * only while its process holds fewer than its share, and a process holding
 * more (another process joined, or all started at once and one was first)
 * gives one up per heartbeat, so the others can take it. The mailbox lock
 * still guarantees one active poller per mailbox; this only balances.
 */
export interface MailboxShare {
  /** Whether this process may take one more mailbox now. */
  mayTake(): Promise<boolean>;
  /** Whether the poller of `address` should give its mailbox up (at most one poller at a time is told so). */
  shouldGiveUp(address: string): Promise<boolean>;
  took(address: string): void;
  released(address: string): void;
  stop(): Promise<void>;
}

export function redisMailboxShare(redis: RedisClient, key: string, mailboxes: number, heartbeatMs: number): MailboxShare {
  const id = randomUUID();
  const held = new Set<string>();
  const leaving = new Set<string>();
  const beat = () => redis.multi().zadd(key, Date.now(), id).zremrangebyscore(key, 0, Date.now() - heartbeatMs * 3).exec();
  void beat().catch(() => undefined);
  const timer = setInterval(() => void beat().catch(() => undefined), heartbeatMs);
  const share = async () => {
    const live = Math.max(1, await redis.zcount(key, Date.now() - heartbeatMs * 3, '+inf'));
    return Math.ceil(mailboxes / live);
  };
  return {
    async mayTake() {
      return held.size < (await share());
    },
    async shouldGiveUp(address) {
      const mine = await share();
      // Checked after the await: pollers of this process ask at the same tick, and only one may leave per heartbeat.
      if (!held.has(address) || leaving.size > 0 || held.size <= mine) return false;
      leaving.add(address);
      return true;
    },
    took: (address) => void held.add(address),
    released(address) {
      held.delete(address);
      leaving.delete(address);
    },
    async stop() {
      clearInterval(timer);
      await redis.zrem(key, id).catch(() => undefined);
    },
  };
}

/** A single process, or tests: every mailbox may be taken. */
export const takeAll: MailboxShare = {
  mayTake: async () => true,
  shouldGiveUp: async () => false,
  took: () => undefined,
  released: () => undefined,
  stop: async () => undefined,
};
