import assert from 'node:assert/strict';
import { Cluster, Redis } from 'ioredis';
import { ConfigError } from '../../src/config/errors';
import { createRedis, parseRedisUrl } from '../../src/workers/redis-connection';

/** Expects a ConfigError naming REDIS_URL and saying `expected`; returns its message. */
function refused(url: string, expected: RegExp): string {
  try {
    parseRedisUrl(url);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.problems.length, 1);
    assert.match(err.problems[0], /^env\.REDIS_URL: /);
    assert.match(err.problems[0], expected);
    return err.message;
  }
  return assert.fail(`${url} was accepted`);
}

describe('REDIS_URL forms (parseRedisUrl)', () => {
  it('leaves a single-server URL to ioredis, as before', () => {
    assert.deepEqual(parseRedisUrl('redis://127.0.0.1:6379'), { mode: 'standalone', tls: false, url: 'redis://127.0.0.1:6379' });
    assert.deepEqual(parseRedisUrl('rediss://:pw@r.example:6380/2'), { mode: 'standalone', tls: true, url: 'rediss://:pw@r.example:6380/2' });
  });

  it('reads a Sentinel URL: sentinels, master name, default port 26379, db 0', () => {
    assert.deepEqual(parseRedisUrl('redis+sentinel://s1.example:26380,s2.example,10.0.0.3:5000/mymaster'), {
      mode: 'sentinel',
      tls: false,
      sentinels: [{ host: 's1.example', port: 26380 }, { host: 's2.example', port: 26379 }, { host: '10.0.0.3', port: 5000 }],
      name: 'mymaster',
      db: 0,
    });
  });

  it('reads Sentinel credentials: user:pass for the master, sentinelUsername/sentinelPassword for the sentinels, and db', () => {
    const t = parseRedisUrl('rediss+sentinel://app:p%40ss%2Fw+rd@[::1]:26379/my%20master?db=3&sentinelUsername=sen&sentinelPassword=a+b%26c');
    assert.deepEqual(t, {
      mode: 'sentinel',
      tls: true,
      sentinels: [{ host: '::1', port: 26379 }],
      name: 'my master',
      db: 3,
      username: 'app',
      password: 'p@ss/w+rd',
      sentinelUsername: 'sen',
      sentinelPassword: 'a+b&c',
    });
  });

  it('reads a password without a user, and an @ left unencoded in the password', () => {
    const t = parseRedisUrl('redis+sentinel://:se@cret@h:1/m');
    assert.equal(t.mode, 'sentinel');
    assert.deepEqual([t.mode === 'sentinel' && t.username, t.mode === 'sentinel' && t.password], [undefined, 'se@cret']);
  });

  it('reads a Cluster URL: seed nodes, default port 6379, credentials, TLS', () => {
    assert.deepEqual(parseRedisUrl('redis+cluster://127.0.0.1:7000,127.0.0.1:7001'), {
      mode: 'cluster',
      tls: false,
      nodes: [{ host: '127.0.0.1', port: 7000 }, { host: '127.0.0.1', port: 7001 }],
    });
    assert.deepEqual(parseRedisUrl('rediss+cluster://default:pw@c.example/'), {
      mode: 'cluster',
      tls: true,
      nodes: [{ host: 'c.example', port: 6379 }],
      username: 'default',
      password: 'pw',
    });
  });

  it('refuses malformed URLs with a reason, never echoing the password', () => {
    const cases: Array<[string, RegExp]> = [
      ['http://127.0.0.1', /expected redis:\/\/, rediss:\/\/, redis\+sentinel:\/\//],
      ['redis+sentinal://h/m', /expected redis:\/\//],
      ['redis+sentinel://:hunter2@h1:26379', /name the master group/],
      ['redis+sentinel://h1:26379/', /name the master group/],
      ['redis+sentinel://h1/m/2', /give the database as \?db=N/],
      ['redis+sentinel://h1/m?db=two', /db must be a database number/],
      ['redis+sentinel://h1/m?password=hunter2', /unknown parameter "password".*sentinelPassword/],
      ['redis+sentinel:///m', /no host/],
      ['redis+sentinel://h1,,h2/m', /"" is not host:port/],
      ['redis+sentinel://h1:0/m', /port 0 is not 1-65535/],
      ['redis+sentinel://h1:99999/m', /port 99999 is not 1-65535/],
      ['redis+sentinel://h1:abc/m', /"h1:abc" is not host:port/],
      ['redis+sentinel://:hunter2%zz@h1/m', /password is not valid percent-encoding/],
      ['redis+sentinel://h1/m#frag', /fragment/],
      ['redis+cluster://:hunter2@h1:7000/1', /only database 0/],
      ['redis+cluster://h1:7000?db=0', /unknown parameter "db"/],
      ['redis://h1:7000,h2:7001', /redis\+sentinel:\/\/ or redis\+cluster:\/\//],
      ['redis://:hunter2@', /no host|not a valid URL/],
    ];
    for (const [url, expected] of cases) assert.doesNotMatch(refused(url, expected), /hunter2/, url);
  });
});

describe('createRedis', () => {
  const opts = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: true };

  it('gives a plain client for redis://, with the options as given', () => {
    const client = createRedis('redis://:pw@127.0.0.1:6390/4', opts);
    try {
      assert.ok(client instanceof Redis);
      assert.deepEqual([client.options.port, client.options.db, client.options.password, client.options.maxRetriesPerRequest], [6390, 4, 'pw', null]);
      assert.equal(client.options.sentinels, null);
    } finally {
      client.disconnect();
    }
  });

  it('gives a Sentinel client that follows failovers', () => {
    const client = createRedis('rediss+sentinel://app:pw@s1:26379,s2:26380/mymaster?db=2&sentinelPassword=spw', opts);
    try {
      assert.ok(client instanceof Redis);
      const o = client.options;
      assert.deepEqual(o.sentinels, [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }]);
      assert.deepEqual([o.name, o.db, o.username, o.password, o.sentinelPassword, o.maxRetriesPerRequest, o.enableReadyCheck], ['mymaster', 2, 'app', 'pw', 'spw', null, true]);
      assert.deepEqual([o.tls, o.sentinelTLS, o.enableTLSForSentinelMode, o.failoverDetector], [{}, {}, true, true]);
      assert.equal(o.reconnectOnError?.(new Error('READONLY You can\'t write against a read only replica.')), 2);
      assert.equal(o.reconnectOnError?.(new Error('ERR wrong number of arguments')), false);
    } finally {
      client.disconnect();
    }
  });

  it('gives a Cluster whose nodes carry the credentials and maxRetriesPerRequest (where BullMQ reads it)', () => {
    const client = createRedis('rediss+cluster://app:pw@n1:7000,n2:7001', opts);
    try {
      assert.ok(client instanceof Cluster);
      assert.deepEqual(client.options.redisOptions, { username: 'app', password: 'pw', tls: {}, maxRetriesPerRequest: null });
      assert.deepEqual([client.options.enableReadyCheck, client.options.lazyConnect, typeof client.options.dnsLookup], [true, true, 'function']);
      assert.equal(client.options.enableOfflineQueue, true, 'an option not given keeps the ioredis default');
    } finally {
      client.disconnect();
    }
  });

  it('throws the ConfigError of a malformed URL before creating any client', () => {
    assert.throws(() => createRedis('redis+cluster://', opts), ConfigError);
  });
});
