import { z } from 'zod';
import { ConfigError, describeIssues } from './errors';
import { isLoopback } from './env';

/**
 * OAuth 2.0 login of one support mailbox (the desk file's `mailboxes[].oauth`):
 * the gateway holds a refresh token and trades it for short-lived access tokens
 * (RFC 6749 section 6), which IMAP and SMTP then present through SASL XOAUTH2 or
 * OAUTHBEARER (RFC 7628) instead of a password. See docs/oauth.md.
 */

export const OAUTH_PROVIDERS = ['microsoft', 'google', 'custom'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

/**
 * Microsoft: both Exchange Online scopes live on one resource, so one access token serves IMAP and SMTP;
 * offline_access is what makes the token endpoint hand out refresh tokens at all.
 * Google: https://mail.google.com/ is the only scope Gmail's IMAP/SMTP accept (Google's XOAUTH2 doc).
 */
export const DEFAULT_SCOPES: Record<Exclude<OAuthProvider, 'custom'>, string> = {
  microsoft: 'https://outlook.office365.com/IMAP.AccessAsUser.All https://outlook.office365.com/SMTP.Send offline_access',
  google: 'https://mail.google.com/',
};

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const DEFAULT_MICROSOFT_TENANT = 'common';

const envName = z
  .string({ message: 'expected the name of an environment variable such as SUPPORT_OAUTH_REFRESH_TOKEN' })
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name (capital letters, digits and _), such as SUPPORT_OAUTH_REFRESH_TOKEN');

// YAML may hand over a Date (unquoted timestamp under the 1.1 schema) or a string; both end up a Date.
const isoDate = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()], { error: 'expected an ISO date such as 2025-07-01 or 2025-07-01T09:30:00Z' })
  .transform((v) => new Date(v));

const tokenUrl = z
  .url({ protocol: /^https?$/, message: 'expected the https URL of the token endpoint, such as https://auth.example.com/oauth2/token' })
  // The refresh token travels in the request body: never in clear text beyond this host (RFC 6749 section 10.4).
  .refine((u) => u.startsWith('https:') || isLoopback(new URL(u).hostname), { message: 'expected an https URL (plain http is allowed on loopback only)' });

export const oauthSchema = z
  .object({
    provider: z.enum(OAUTH_PROVIDERS, { message: 'expected microsoft, google or custom' }).describe('Who issues the tokens: microsoft (Entra ID / Microsoft 365), google (Google Workspace / Gmail), or custom (any RFC 6749 token endpoint, set tokenUrl).'),
    tenant: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'expected a directory (tenant) id, a domain such as contoso.onmicrosoft.com, or common / organizations')
      .optional()
      .describe('microsoft only: the Entra ID directory (tenant) id or domain; default common. A single-tenant app needs its own tenant here.'),
    tokenUrl: tokenUrl.optional().describe('Token endpoint; required for custom. Derived for microsoft (https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token) and google (https://oauth2.googleapis.com/token); set it only to override them (e.g. a national cloud).'),
    clientId: z.string({ message: 'expected the application (client) id of the registered app' }).min(1, 'expected the application (client) id of the registered app').describe('Application (client) id of the app registered in Entra ID or Google Cloud.'),
    clientSecretEnv: envName.optional().describe('Environment variable holding the client secret; unset for a public client (Entra ID "Allow public client flows"). Google requires one.'),
    refreshTokenEnv: envName.describe('Environment variable holding the refresh token obtained once by signing in as the mailbox (docs/oauth.md).'),
    scope: z.string().min(1, 'expected space-separated scopes').optional().describe('Space-separated scopes asked at each refresh; defaults: microsoft IMAP.AccessAsUser.All, SMTP.Send and offline_access on outlook.office365.com; google https://mail.google.com/.'),
    refreshTokenExpiresAt: isoDate.optional().describe('When the refresh token stops working, if known (e.g. 7 days after sign-in for a Google app in Testing status): managers are warned before then.'),
    warnDaysBefore: z.number({ message: 'expected a number of days' }).int('expected a whole number of days').min(0).max(365).default(7).describe('Days before refreshTokenExpiresAt that the managers start getting a daily warning.'),
  })
  .superRefine((o, ctx) => {
    if (o.provider === 'custom' && !o.tokenUrl) ctx.addIssue({ code: 'custom', path: ['tokenUrl'], message: 'required for provider custom: the URL of the token endpoint' });
    if (o.provider !== 'microsoft' && o.tenant !== undefined) ctx.addIssue({ code: 'custom', path: ['tenant'], message: `only used with provider microsoft, not ${o.provider}` });
  });

export type OAuthSettings = z.infer<typeof oauthSchema>;
/** What the desk file may hold (before defaults): for callers building settings by hand, e.g. tests. */
export type OAuthSettingsInput = z.input<typeof oauthSchema>;

/** Validates one mailbox's oauth block on its own (the desk schema embeds oauthSchema directly). */
export function parseOAuthSettings(value: unknown, source = 'oauth'): OAuthSettings {
  const result = oauthSchema.safeParse(value);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, source));
  return result.data;
}

/** The token endpoint: the configured one, else the provider's well-known one. */
export function resolveTokenUrl(settings: Pick<OAuthSettings, 'provider' | 'tenant' | 'tokenUrl'>): string {
  if (settings.tokenUrl) return settings.tokenUrl;
  switch (settings.provider) {
    case 'microsoft':
      return `https://login.microsoftonline.com/${encodeURIComponent(settings.tenant ?? DEFAULT_MICROSOFT_TENANT)}/oauth2/v2.0/token`;
    case 'google':
      return GOOGLE_TOKEN_URL;
    case 'custom':
      // The schema refuses custom without tokenUrl; this guards settings built by hand.
      throw new ConfigError(['oauth.tokenUrl: required for provider custom: the URL of the token endpoint']);
  }
}

/**
 * Scopes sent with each refresh, or undefined to send none: RFC 6749 section 6 makes scope
 * optional (the grant's original scopes then apply), which suits a custom server best.
 */
export function resolveScope(settings: Pick<OAuthSettings, 'provider' | 'scope'>): string | undefined {
  if (settings.scope) return settings.scope;
  return settings.provider === 'custom' ? undefined : DEFAULT_SCOPES[settings.provider];
}
