import type { RedisClient } from './redis-connection';
import type { RateCounter } from '../app/ports';

/** INCR and EXPIRE in one MULTI: the first hit of a window sets its expiry, later hits only count. */
export function redisRateCounter(redis: RedisClient, prefix: string): RateCounter {
  return {
    async hit(key, windowSeconds) {
      const full = `${prefix}:${key}`;
      const res = await redis.multi().incr(full).expire(full, windowSeconds, 'NX').exec();
      const count = res?.[0]?.[1];
      if (typeof count !== 'number') throw new Error(`rate counter ${full} gave no count`);
      return count;
    },
  };
}
