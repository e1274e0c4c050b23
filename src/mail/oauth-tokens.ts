import type { Clock, Logger } from '../app/ports';
import { ConfigError } from '../config/errors';
import { resolveScope, resolveTokenUrl, type OAuthSettings } from '../config/oauth';

/**
 * Access tokens for one mailbox's IMAP and SMTP login (SASL XOAUTH2 / OAUTHBEARER,
 * RFC 7628), got from the refresh-token grant (RFC 6749 section 6) and cached
 * until shortly before they expire. Tokens and secrets are never logged.
 */

/**
 * Why a token refresh failed, worded for the operator. `permanent` failures repeat until someone
 * acts (a new refresh token, a fixed secret or consent); transient ones (network, 5xx, 429) pass.
 * Not a domain PermanentError on purpose: mail that cannot be sent while the token is dead must
 * wait for the fix, not fail for good.
 */
export class OAuthError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The token endpoint's `error` code (RFC 6749 section 5.2), when it gave one. */
    readonly oauthError?: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

export interface TokenStatus {
  /** False from a failed refresh until the next successful one. */
  ok: boolean;
  lastError?: string;
  /** The last failure needs someone to act (see OAuthError). */
  permanent?: boolean;
  /** First failure of the current run of failures. */
  failingSince?: Date;
  /** Expiry of the cached access token. */
  expiresAt?: Date;
  /** When the refresh token itself stops working, if known (configured, or told by the server). */
  refreshTokenExpiresAt?: Date;
  lastRefreshAt?: Date;
}

export interface TokenProvider {
  /** A valid access token; `forceRefresh` after the server refused the cached one. */
  accessToken(opts?: { forceRefresh?: boolean }): Promise<string>;
  status(): TokenStatus;
}

export interface TokenProviderDeps {
  settings: OAuthSettings;
  /** The environment (or a secrets file) that holds the refresh token and client secret. */
  secrets: Record<string, string | undefined>;
  fetch?: typeof fetch;
  clock: Clock;
  log: Logger;
  /** The mailbox address, for logs and messages. */
  mailbox?: string;
  timeoutMs?: number;
  /** Receives a rotated refresh token so the caller can store it; the only place it ever goes. */
  onRefreshTokenRotated?: (refreshToken: string) => void | Promise<void>;
}

const MARGIN_MS = 5 * 60_000;
const DEFAULT_TIMEOUT_MS = 15_000;
/** After a permanent failure the endpoint is asked again at most this often: nothing changes until someone acts. */
const PERMANENT_RETRY_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;
/** RFC 6749 section 5.1 makes expires_in only RECOMMENDED; an hour is what Google and Microsoft give. */
const DEFAULT_EXPIRES_IN_S = 3600;
/** RFC 6749 section 5.2 codes that no retry can cure. */
const PERMANENT_CODES = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope', 'unsupported_grant_type', 'invalid_request']);

interface Ctx {
  mailbox: string;
  settings: OAuthSettings;
  tokenUrl: string;
  clientSecret?: string;
  timeoutMs: number;
  fetch: typeof fetch;
  log: Logger;
  /** Removes any secret the process knows from text bound for a log or a message. */
  scrub(text: string): string;
}

interface State {
  refreshToken: string;
  cached?: { token: string; expiresAt: Date; renewAt: number };
  inflight?: Promise<string>;
  failure?: { error: OAuthError; since: Date; at: number };
  lastRefreshAt?: Date;
  refreshTokenExpiresAt?: Date;
  lastRotationWarnAt?: number;
}

interface TokenAnswer {
  accessToken: string;
  expiresInS: number;
  refreshToken?: string;
  refreshTokenExpiresInS?: number;
}

export function createTokenProvider(deps: TokenProviderDeps): TokenProvider {
  const { settings, clock } = deps;
  const mailbox = deps.mailbox ?? settings.clientId;
  const refreshToken = deps.secrets[settings.refreshTokenEnv];
  if (!refreshToken) throw new ConfigError([`mailbox ${mailbox}: environment variable ${settings.refreshTokenEnv} (oauth.refreshTokenEnv) is not set: put the refresh token there (docs/oauth.md)`]);
  const clientSecret = settings.clientSecretEnv ? deps.secrets[settings.clientSecretEnv] : undefined;
  if (settings.clientSecretEnv && !clientSecret) throw new ConfigError([`mailbox ${mailbox}: environment variable ${settings.clientSecretEnv} (oauth.clientSecretEnv) is not set: put the client secret there`]);
  const state: State = { refreshToken, refreshTokenExpiresAt: settings.refreshTokenExpiresAt };
  const secretsOf = () => [state.refreshToken, refreshToken, clientSecret, state.cached?.token].filter((s): s is string => !!s && s.length >= 4);
  const ctx: Ctx = {
    mailbox, settings, clientSecret, log: deps.log,
    tokenUrl: resolveTokenUrl(settings),
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: deps.fetch ?? globalThis.fetch,
    scrub: (text) => secretsOf().reduce((t, s) => t.split(s).join('[redacted]'), text),
  };
  const refresh = () => runRefresh(ctx, state, clock, deps.onRefreshTokenRotated);
  return {
    async accessToken(opts) {
      const now = clock.now().getTime();
      if (!opts?.forceRefresh && state.cached && now < state.cached.renewAt) return state.cached.token;
      if (state.failure?.error.permanent && now - state.failure.at < PERMANENT_RETRY_MS) throw state.failure.error;
      // Concurrent callers (IMAP connects, SMTP pool connections) share one request.
      state.inflight ??= refresh().finally(() => (state.inflight = undefined));
      return state.inflight;
    },
    status: () => statusOf(state),
  };
}

function statusOf(state: State): TokenStatus {
  const f = state.failure;
  return {
    ok: !f,
    ...(f ? { lastError: f.error.message, permanent: f.error.permanent, failingSince: f.since } : {}),
    ...(state.cached ? { expiresAt: state.cached.expiresAt } : {}),
    ...(state.refreshTokenExpiresAt ? { refreshTokenExpiresAt: state.refreshTokenExpiresAt } : {}),
    ...(state.lastRefreshAt ? { lastRefreshAt: state.lastRefreshAt } : {}),
  };
}

async function runRefresh(ctx: Ctx, state: State, clock: Clock, onRotated: TokenProviderDeps['onRefreshTokenRotated']): Promise<string> {
  // Lifetimes count from the request, not the answer: the token was issued somewhere in between.
  const started = clock.now().getTime();
  let answer: TokenAnswer;
  try {
    answer = await requestToken(ctx, state.refreshToken);
  } catch (err) {
    const error = err instanceof OAuthError ? err : new OAuthError(`mailbox ${ctx.mailbox}: token refresh failed: ${ctx.scrub(String((err as Error).message ?? err))}`, false);
    state.failure = { error, since: state.failure?.since ?? new Date(started), at: started };
    const level = error.permanent ? 'error' : 'warn';
    ctx.log[level]({ mailbox: ctx.mailbox, provider: ctx.settings.provider, oauthError: error.oauthError, httpStatus: error.httpStatus, permanent: error.permanent, err: error.message }, 'oauth token refresh failed');
    throw error;
  }
  const lifetimeMs = answer.expiresInS * 1000;
  // Renew 5 minutes early, or halfway through a token that lives less than 10 minutes.
  const renewAt = started + Math.max(0, lifetimeMs - Math.min(MARGIN_MS, lifetimeMs / 2));
  state.cached = { token: answer.accessToken, expiresAt: new Date(started + lifetimeMs), renewAt };
  state.failure = undefined;
  state.lastRefreshAt = new Date(started);
  if (answer.refreshTokenExpiresInS !== undefined) state.refreshTokenExpiresAt = new Date(started + answer.refreshTokenExpiresInS * 1000);
  const rotated = answer.refreshToken !== undefined && answer.refreshToken !== state.refreshToken;
  if (rotated) await rotate(ctx, state, answer.refreshToken!, started, onRotated);
  ctx.log.info({ mailbox: ctx.mailbox, provider: ctx.settings.provider, expiresAt: state.cached.expiresAt.toISOString(), rotated }, 'oauth access token refreshed');
  return answer.accessToken;
}

/**
 * RFC 6749 section 6: the server MAY issue a new refresh token and the client MUST then use it
 * (Microsoft does so at every refresh). It is kept in memory; the one in the environment is what
 * a restart falls back to, so the operator is told (once a day, never the value) to update it.
 */
async function rotate(ctx: Ctx, state: State, next: string, now: number, onRotated: TokenProviderDeps['onRefreshTokenRotated']): Promise<void> {
  state.refreshToken = next;
  try {
    await onRotated?.(next);
  } catch (err) {
    ctx.log.warn({ mailbox: ctx.mailbox, err: ctx.scrub(String((err as Error).message ?? err)) }, 'oauth rotated refresh token could not be stored');
  }
  if (state.lastRotationWarnAt !== undefined && now - state.lastRotationWarnAt < DAY_MS) return;
  state.lastRotationWarnAt = now;
  const env = ctx.settings.refreshTokenEnv;
  ctx.log.warn({ mailbox: ctx.mailbox, provider: ctx.settings.provider, refreshTokenEnv: env, stored: !!onRotated }, `the token endpoint issued a new refresh token, used from now on in memory; ${env} still holds the old one, which a restart falls back to: update ${env} before it expires`);
}

async function requestToken(ctx: Ctx, refreshToken: string): Promise<TokenAnswer> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: ctx.settings.clientId });
  // RFC 6749 section 2.3.1 allows the client secret in the body; Google and Microsoft both accept it there.
  if (ctx.clientSecret) form.set('client_secret', ctx.clientSecret);
  const scope = resolveScope(ctx.settings);
  if (scope) form.set('scope', scope);
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(ctx.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    throw networkFailure(ctx, err);
  }
  const body = parseJson(text);
  if (!res.ok) throw httpFailure(ctx, res.status, body);
  return tokenAnswer(ctx, body);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 6749 section 5.1 successful response; numbers may come as strings from some servers. */
function tokenAnswer(ctx: Ctx, body: Record<string, unknown> | undefined): TokenAnswer {
  const fail = (why: string) => new OAuthError(`mailbox ${ctx.mailbox}: token endpoint ${ctx.tokenUrl} answered 200 but ${why}; retrying later`, false, undefined, 200);
  if (!body || typeof body.access_token !== 'string' || body.access_token === '') throw fail('without an access_token');
  // XOAUTH2 and OAUTHBEARER carry bearer tokens only (RFC 6750; RFC 7628 section 3.1).
  if (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer') {
    throw new OAuthError(`mailbox ${ctx.mailbox}: token endpoint issued a ${body.token_type} token, but IMAP and SMTP take bearer tokens only: check oauth.tokenUrl`, true, undefined, 200);
  }
  const seconds = (v: unknown) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
  return {
    accessToken: body.access_token,
    expiresInS: seconds(body.expires_in) ?? DEFAULT_EXPIRES_IN_S,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
    // Google tells the remaining life of time-limited grants (e.g. an app in Testing status).
    refreshTokenExpiresInS: seconds(body.refresh_token_expires_in),
  };
}

/** Statuses that mean "later": timeout, too early, rate limit, and every server error. */
function transientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** A non-2xx answer (RFC 6749 section 5.2 error response), classified and worded. */
function httpFailure(ctx: Ctx, status: number, body: Record<string, unknown> | undefined): OAuthError {
  const code = typeof body?.error === 'string' ? body.error : undefined;
  const described = ctx.scrub(describe(code, body?.error_description));
  if (code && PERMANENT_CODES.has(code)) return new OAuthError(permanentMessage(ctx, code, described), true, code, status);
  if (transientStatus(status) || code) {
    return new OAuthError(`mailbox ${ctx.mailbox}: token endpoint ${ctx.tokenUrl} answered HTTP ${status}${described ? ` (${described})` : ''}; retrying later`, false, code, status);
  }
  const where = ctx.settings.provider === 'microsoft' ? 'oauth.tokenUrl and oauth.tenant' : 'oauth.tokenUrl';
  return new OAuthError(`mailbox ${ctx.mailbox}: token endpoint ${ctx.tokenUrl} answered HTTP ${status} without an OAuth error: check ${where} in the desk file`, true, undefined, status);
}

/** No HTTP answer at all: DNS, connection, TLS, or the timeout. */
function networkFailure(ctx: Ctx, err: unknown): OAuthError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
  const reason = timedOut ? `no answer within ${ctx.timeoutMs / 1000} s` : [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ');
  return new OAuthError(`mailbox ${ctx.mailbox}: token endpoint ${ctx.tokenUrl} unreachable (${ctx.scrub(reason)}); retrying later`, false);
}

function describe(code: string | undefined, description: unknown): string {
  // Microsoft's descriptions run to several lines (trace and correlation ids); the first says it all.
  const first = typeof description === 'string' ? description.split(/\r?\n/)[0].slice(0, 300) : '';
  return [code, first].filter(Boolean).join(': ');
}

/** Says what to do, per code: the operator reads it in the log and in the managers' alert. */
function permanentMessage(ctx: Ctx, code: string, described: string): string {
  const { provider, refreshTokenEnv, clientSecretEnv, clientId } = ctx.settings;
  const head = `mailbox ${ctx.mailbox}: the ${provider} token endpoint refused the refresh (${described})`;
  const newToken = `sign in as the mailbox again (docs/oauth.md), put the new refresh token in ${refreshTokenEnv} and restart`;
  const secret = clientSecretEnv ? `the client secret in ${clientSecretEnv}` : 'whether the app needs a client secret (oauth.clientSecretEnv)';
  switch (code) {
    case 'invalid_grant':
      return `${head}: the refresh token in ${refreshTokenEnv} expired, was revoked, or the user's password or consent changed; re-consent: ${newToken}`;
    case 'invalid_client':
      return `${head}: app ${clientId} was not accepted; check oauth.clientId and ${secret} (an expired secret must be renewed in Entra ID or Google Cloud), then restart; the refresh token in ${refreshTokenEnv} may be kept`;
    case 'unauthorized_client':
      return `${head}: app ${clientId} may not use refresh tokens; check its registration (public client flows, grant types) and consent, then ${newToken}`;
    case 'invalid_scope':
      return `${head}: the scopes were not granted; check oauth.scope and the app's API permissions (admin consent), then ${newToken}`;
    default:
      return `${head}: check oauth.clientId, oauth.tokenUrl and ${secret}; if they are right, ${newToken}`;
  }
}
