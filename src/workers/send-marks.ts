import type { SendMarks } from '../app/ports';
import type { RedisClient } from './redis-connection';

/** A week: far longer than any retry or recovery sweep takes to come back to a message. */
const TTL_SECONDS = 7 * 24 * 3600;

/** Send marks as plain Redis keys with an expiry (one SET after a send, one GET before it). */
export function redisSendMarks(redis: RedisClient, prefix: string): SendMarks {
  return {
    async get(outboxId) {
      return (await redis.get(`${prefix}:${outboxId}`)) ?? undefined;
    },
    async set(outboxId, response) {
      await redis.set(`${prefix}:${outboxId}`, response || '250', 'EX', TTL_SECONDS);
    },
  };
}
