import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Logger } from '../../src/app/ports';
import { parseOAuthSettings } from '../../src/config/oauth';
import { ConfigError } from '../../src/config/errors';
import { createTokenProvider, OAuthError, type TokenProvider } from '../../src/mail/oauth-tokens';

const REFRESH = 'rt-original-0123456789';
const SECRET = 'client-secret-abcdef';

interface Seen {
  contentType?: string;
  form: URLSearchParams;
}

type Reply = (form: URLSearchParams, n: number) => { status: number; body: unknown; delayMs?: number };

/** A token endpoint on loopback: records every request and answers with `reply`. */
async function tokenServer(reply: Reply): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const form = new URLSearchParams(text);
      seen.push({ contentType: req.headers['content-type'], form });
      const r = reply(form, seen.length);
      setTimeout(() => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
      }, r.delayMs ?? 0);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    seen,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

function fakeClock(start = '2025-06-01T08:00:00Z'): Clock & { advance(ms: number): void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

/** A logger that keeps everything it is given, serialised, to look for secrets in. */
function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push(JSON.stringify({ level, ...obj, msg }));
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const ok = (token: string, extra: Record<string, unknown> = {}) => ({ status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600, ...extra } });

describe('oauth token provider', () => {
  let server: Awaited<ReturnType<typeof tokenServer>>;
  let clock: ReturnType<typeof fakeClock>;
  let log: ReturnType<typeof captureLog>;
  let reply: Reply;

  beforeEach(async () => {
    clock = fakeClock();
    log = captureLog();
    reply = (_f, n) => ok(`at-${n}`);
    server = await tokenServer((f, n) => reply(f, n));
  });
  afterEach(() => server.close());

  function provider(extra: Record<string, unknown> = {}, secrets: Record<string, string | undefined> = { TG_REFRESH: REFRESH, TG_SECRET: SECRET }, timeoutMs = 2000): TokenProvider {
    const settings = parseOAuthSettings({ provider: 'custom', tokenUrl: server.url, clientId: 'app-1', clientSecretEnv: 'TG_SECRET', refreshTokenEnv: 'TG_REFRESH', scope: 'mail', ...extra });
    return createTokenProvider({ settings, secrets, clock, log, mailbox: 'support@acme.example', timeoutMs });
  }

  it('sends the refresh-token grant as a form (RFC 6749 section 6) and caches the token', async () => {
    const p = provider();
    assert.equal(await p.accessToken(), 'at-1');
    clock.advance(30 * 60_000);
    assert.equal(await p.accessToken(), 'at-1');
    assert.equal(server.seen.length, 1);
    const { contentType, form } = server.seen[0];
    assert.equal(contentType, 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(form), { grant_type: 'refresh_token', refresh_token: REFRESH, client_id: 'app-1', client_secret: SECRET, scope: 'mail' });
    const s = p.status();
    assert.equal(s.ok, true);
    assert.equal(s.expiresAt?.toISOString(), '2025-06-01T09:00:00.000Z');
  });

  it('refreshes within 5 minutes of expiry, not before', async () => {
    const p = provider();
    await p.accessToken();
    clock.advance(54 * 60_000);
    assert.equal(await p.accessToken(), 'at-1');
    clock.advance(60_001);
    assert.equal(await p.accessToken(), 'at-2');
    assert.equal(server.seen.length, 2);
  });

  it('forceRefresh gets a new token even while the cached one is valid', async () => {
    const p = provider();
    await p.accessToken();
    assert.equal(await p.accessToken({ forceRefresh: true }), 'at-2');
  });

  it('concurrent callers share one request', async () => {
    reply = (_f, n) => ({ ...ok(`at-${n}`), delayMs: 50 });
    const p = provider();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => p.accessToken()));
    assert.deepEqual(new Set(tokens), new Set(['at-1']));
    assert.equal(server.seen.length, 1);
  });

  it('uses a rotated refresh token next time, tells the caller, and logs neither token', async () => {
    reply = (_f, n) => ok(`at-${n}`, n === 1 ? { refresh_token: 'rt-rotated-9876543210' } : {});
    const stored: string[] = [];
    const settings = parseOAuthSettings({ provider: 'custom', tokenUrl: server.url, clientId: 'app-1', refreshTokenEnv: 'TG_REFRESH' });
    const p = createTokenProvider({ settings, secrets: { TG_REFRESH: REFRESH }, clock, log, mailbox: 'support@acme.example', onRefreshTokenRotated: (t) => void stored.push(t) });
    await p.accessToken();
    clock.advance(2 * 3600_000);
    await p.accessToken();
    assert.equal(server.seen[1].form.get('refresh_token'), 'rt-rotated-9876543210');
    assert.deepEqual(stored, ['rt-rotated-9876543210']);
    const warning = log.lines.find((l) => l.includes('new refresh token'));
    assert.ok(warning?.includes('TG_REFRESH'), 'names the env var to update');
    assertNoSecrets(log.lines, ['rt-rotated-9876543210', REFRESH, 'at-1', 'at-2']);
  });

  it('invalid_grant is permanent and says what to do, naming the env var', async () => {
    reply = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS700082: The refresh token has expired due to inactivity.\r\nTrace ID: 1' } });
    const p = provider();
    const err = await rejection(p.accessToken());
    assert.ok(err instanceof OAuthError);
    assert.equal(err.permanent, true);
    assert.equal(err.oauthError, 'invalid_grant');
    assert.match(err.message, /TG_REFRESH/);
    assert.match(err.message, /sign in as the mailbox again/);
    assert.match(err.message, /AADSTS700082/);
    assert.doesNotMatch(err.message, /Trace ID/);
    const s = p.status();
    assert.equal(s.ok, false);
    assert.equal(s.permanent, true);
    assert.equal(s.lastError, err.message);
  });

  it('invalid_client and unauthorized_client are permanent too', async () => {
    for (const code of ['invalid_client', 'unauthorized_client']) {
      reply = () => ({ status: 401, body: { error: code } });
      const err = await rejection(provider().accessToken());
      assert.ok(err instanceof OAuthError && err.permanent, code);
      assert.match(err.message, /app-1/);
    }
  });

  it('does not ask again for 10 minutes after a permanent failure', async () => {
    reply = () => ({ status: 400, body: { error: 'invalid_grant' } });
    const p = provider();
    await rejection(p.accessToken());
    await rejection(p.accessToken());
    assert.equal(server.seen.length, 1);
    clock.advance(10 * 60_000);
    reply = (_f, n) => ok(`at-${n}`);
    assert.equal(await p.accessToken(), 'at-2');
    assert.equal(p.status().ok, true);
  });

  it('503 and non-JSON answers are transient and retried at the next call', async () => {
    reply = () => ({ status: 503, body: '<html>down</html>' });
    const p = provider();
    const err = await rejection(p.accessToken());
    assert.ok(err instanceof OAuthError);
    assert.equal(err.permanent, false);
    assert.equal(err.httpStatus, 503);
    assert.equal(p.status().failingSince?.toISOString(), '2025-06-01T08:00:00.000Z');
    reply = (_f, n) => ok(`at-${n}`);
    assert.equal(await p.accessToken(), 'at-2');
  });

  it('an unreachable endpoint and a timeout are transient', async () => {
    const settings = parseOAuthSettings({ provider: 'custom', tokenUrl: 'http://127.0.0.1:1/token', clientId: 'app-1', refreshTokenEnv: 'TG_REFRESH' });
    const down = createTokenProvider({ settings, secrets: { TG_REFRESH: REFRESH }, clock, log });
    const e1 = await rejection(down.accessToken());
    assert.ok(e1 instanceof OAuthError && !e1.permanent);
    assert.match(e1.message, /unreachable/);
    reply = () => ({ ...ok('late'), delayMs: 1500 });
    const e2 = await rejection(provider({}, undefined, 300).accessToken());
    assert.ok(e2 instanceof OAuthError && !e2.permanent);
    assert.match(e2.message, /no answer within 0.3 s/);
  });

  it('keeps tokens and secrets out of logs and messages, even when the server echoes them', async () => {
    reply = (f) => ({ status: 400, body: { error: 'invalid_request', error_description: `bad refresh_token ${f.get('refresh_token')} for secret ${f.get('client_secret')}` } });
    const err = await rejection(provider().accessToken());
    assert.match(err.message, /\[redacted\]/);
    assertNoSecrets([err.message, ...log.lines], [REFRESH, SECRET]);
    reply = (_f, n) => ok(`access-token-${n}-xyz`);
    const p = provider();
    await p.accessToken();
    assertNoSecrets([...log.lines, JSON.stringify(p.status())], [REFRESH, SECRET, 'access-token-1-xyz']);
  });

  it('learns the refresh token expiry from refresh_token_expires_in (Google) or the settings', async () => {
    reply = () => ok('at', { refresh_token_expires_in: 7 * 86400 });
    const p = provider({ refreshTokenExpiresAt: '2025-12-31' });
    assert.equal(p.status().refreshTokenExpiresAt?.toISOString(), '2025-12-31T00:00:00.000Z');
    await p.accessToken();
    assert.equal(p.status().refreshTokenExpiresAt?.toISOString(), '2025-06-08T08:00:00.000Z');
  });

  it('refuses to start without the refresh token or a named client secret', () => {
    assert.throws(() => provider({}, { TG_SECRET: SECRET }), (e: unknown) => e instanceof ConfigError && /TG_REFRESH/.test(e.message));
    assert.throws(() => provider({}, { TG_REFRESH: REFRESH }), (e: unknown) => e instanceof ConfigError && /TG_SECRET/.test(e.message));
  });
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected a rejection');
}

function assertNoSecrets(texts: string[], secrets: string[]): void {
  for (const text of texts) for (const s of secrets) assert.ok(!text.includes(s), `"${s}" leaked into: ${text}`);
}
