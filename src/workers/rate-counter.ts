import type { RedisClient } from './redis-connection';
import type { RateCounter } from '../app/ports';

/** SADD, EXPIRE and SCARD in one MULTI: the first hit of a window sets its expiry; a repeated member does not count again. */
export function redisRateCounter(redis: RedisClient, prefix: string): RateCounter {
  return {
    async hit(key, member, windowSeconds) {
      const full = `${prefix}:${key}`;
      const res = await redis.multi().sadd(full, member).expire(full, windowSeconds, 'NX').scard(full).exec();
      const count = res?.[2]?.[1];
      if (typeof count !== 'number') throw new Error(`rate counter ${full} gave no count`);
      return count;
    },
  };
}
