import type { TokenStatus } from './oauth-tokens';

/**
 * Decides whether a mailbox's OAuth state is worth a manager alert. Pure: the
 * caller sends the mail and remembers the key (e.g. in the outbox's idempotency
 * key), which changes once a day per mailbox and problem, so a problem that
 * lasts is reported once a day, not at every check.
 */

export type OAuthAlertKind = 'refresh-failed' | 'refresh-token-expiring';

export interface OAuthAlert {
  kind: OAuthAlertKind;
  message: string;
  /** `oauth:<kind>:<mailbox>:<UTC day>`. */
  key: string;
}

export interface OAuthAlertInput {
  mailbox: string;
  status: TokenStatus;
  now: Date;
  warnDaysBefore: number;
  /** Named in the message: where the new refresh token goes. */
  refreshTokenEnv?: string;
  /** Transient failures (network, 5xx) alert only once they have lasted this long; default 60. */
  transientGraceMinutes?: number;
}

const DAY_MS = 24 * 3600_000;

export function oauthAlert(input: OAuthAlertInput): OAuthAlert | undefined {
  return refreshFailed(input) ?? expiring(input);
}

/** A permanent failure alerts at once; a transient one only when it outlasts the grace period (a blip is no news). */
function refreshFailed(input: OAuthAlertInput): OAuthAlert | undefined {
  const { status, now, mailbox } = input;
  if (status.ok) return undefined;
  const graceMs = (input.transientGraceMinutes ?? 60) * 60_000;
  const since = status.failingSince ?? now;
  if (!status.permanent && now.getTime() - since.getTime() < graceMs) return undefined;
  const lasting = status.permanent ? '' : ` (failing since ${since.toISOString()}; mail is neither read nor sent for ${mailbox} meanwhile)`;
  const message = `${mailbox}: OAuth token refresh failed${lasting}: ${status.lastError ?? 'unknown error'}`;
  return { kind: 'refresh-failed', message, key: key('refresh-failed', mailbox, now) };
}

/** Warns from `warnDaysBefore` days ahead of a known refresh-token expiry, and after it. */
function expiring(input: OAuthAlertInput): OAuthAlert | undefined {
  const { status, now, mailbox } = input;
  const at = status.refreshTokenExpiresAt;
  if (!at) return undefined;
  const leftMs = at.getTime() - now.getTime();
  if (leftMs > input.warnDaysBefore * DAY_MS) return undefined;
  const where = input.refreshTokenEnv ?? 'its refresh-token environment variable';
  const todo = `sign in as the mailbox again (docs/oauth.md), put the new refresh token in ${where} and restart`;
  const when = leftMs <= 0 ? `expired on ${at.toISOString()}` : `expires in ${daysLeft(leftMs)} (${at.toISOString()})`;
  return { kind: 'refresh-token-expiring', message: `${mailbox}: the OAuth refresh token ${when}: ${todo}`, key: key('refresh-token-expiring', mailbox, now) };
}

function daysLeft(ms: number): string {
  if (ms < DAY_MS) return `${Math.max(1, Math.ceil(ms / 3600_000))} hour(s)`;
  const days = Math.floor(ms / DAY_MS);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** UTC day: one alert per problem per mailbox per day, whatever the desk's time zone. */
function key(kind: OAuthAlertKind, mailbox: string, now: Date): string {
  return `oauth:${kind}:${mailbox.toLowerCase()}:${now.toISOString().slice(0, 10)}`;
}
