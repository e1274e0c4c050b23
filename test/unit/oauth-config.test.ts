import { strict as assert } from 'node:assert';
import { ConfigError } from '../../src/config/errors';
import { DEFAULT_SCOPES, oauthSchema, parseOAuthSettings, resolveScope, resolveTokenUrl } from '../../src/config/oauth';

/** The problems of a ConfigError, or a failure when nothing was thrown. */
function problems(value: unknown): string[] {
  try {
    parseOAuthSettings(value, 'mailboxes.0.oauth');
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

const microsoft = { provider: 'microsoft', clientId: '11111111-2222-3333-4444-555555555555', refreshTokenEnv: 'SUPPORT_REFRESH_TOKEN' };

describe('oauth config', () => {
  it('fills the defaults and derives the Microsoft token URL from the tenant (common by default)', () => {
    const s = parseOAuthSettings(microsoft);
    assert.equal(s.warnDaysBefore, 7);
    assert.equal(resolveTokenUrl(s), 'https://login.microsoftonline.com/common/oauth2/v2.0/token');
    assert.equal(resolveScope(s), 'https://outlook.office365.com/IMAP.AccessAsUser.All https://outlook.office365.com/SMTP.Send offline_access');
    const t = parseOAuthSettings({ ...microsoft, tenant: 'contoso.onmicrosoft.com' });
    assert.equal(resolveTokenUrl(t), 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
  });

  it('derives Google URL and scope', () => {
    const s = parseOAuthSettings({ provider: 'google', clientId: 'x.apps.googleusercontent.com', clientSecretEnv: 'GOOGLE_SECRET', refreshTokenEnv: 'GOOGLE_REFRESH' });
    assert.equal(resolveTokenUrl(s), 'https://oauth2.googleapis.com/token');
    assert.equal(resolveScope(s), DEFAULT_SCOPES.google);
    assert.equal(resolveScope({ ...s, scope: 'https://mail.google.com/ openid' }), 'https://mail.google.com/ openid');
  });

  it('custom uses its own URL and sends no scope unless given one', () => {
    const s = parseOAuthSettings({ provider: 'custom', tokenUrl: 'https://sso.example.com/oauth2/token', clientId: 'gw', refreshTokenEnv: 'SSO_REFRESH' });
    assert.equal(resolveTokenUrl(s), 'https://sso.example.com/oauth2/token');
    assert.equal(resolveScope(s), undefined);
  });

  it('an explicit tokenUrl overrides the derived one (national clouds)', () => {
    const s = parseOAuthSettings({ ...microsoft, tokenUrl: 'https://login.microsoftonline.us/contoso/oauth2/v2.0/token' });
    assert.equal(resolveTokenUrl(s), 'https://login.microsoftonline.us/contoso/oauth2/v2.0/token');
  });

  it('reads refreshTokenExpiresAt as a date or a date-time', () => {
    assert.equal(parseOAuthSettings({ ...microsoft, refreshTokenExpiresAt: '2025-07-01' }).refreshTokenExpiresAt?.toISOString(), '2025-07-01T00:00:00.000Z');
    assert.equal(parseOAuthSettings({ ...microsoft, refreshTokenExpiresAt: '2025-07-01T09:30:00+02:00' }).refreshTokenExpiresAt?.toISOString(), '2025-07-01T07:30:00.000Z');
    assert.equal(parseOAuthSettings({ ...microsoft, refreshTokenExpiresAt: new Date('2025-07-01T00:00:00Z') }).refreshTokenExpiresAt?.toISOString(), '2025-07-01T00:00:00.000Z');
  });

  it('names the key and what is expected for bad input', () => {
    assert.deepEqual(problems({ ...microsoft, provider: 'yahoo' }), ['mailboxes.0.oauth.provider: expected microsoft, google or custom']);
    assert.match(problems({ ...microsoft, refreshTokenEnv: 'my-token' })[0], /^mailboxes\.0\.oauth\.refreshTokenEnv: expected an environment variable name/);
    assert.match(problems({ provider: 'google', refreshTokenEnv: 'R' })[0], /^mailboxes\.0\.oauth\.clientId: expected the application \(client\) id/);
    assert.deepEqual(problems({ ...microsoft, provider: 'custom' }), ['mailboxes.0.oauth.tokenUrl: required for provider custom: the URL of the token endpoint']);
    assert.deepEqual(problems({ ...microsoft, provider: 'google', tenant: 'contoso' }), ['mailboxes.0.oauth.tenant: only used with provider microsoft, not google']);
    assert.match(problems({ ...microsoft, refreshTokenExpiresAt: 'next week' })[0], /refreshTokenExpiresAt: expected an ISO date such as 2025-07-01/);
    assert.match(problems({ ...microsoft, warnDaysBefore: 2.5 })[0], /warnDaysBefore: expected a whole number of days/);
    assert.match(problems({ ...microsoft, tenant: 'contoso/evil' })[0], /tenant: expected a directory \(tenant\) id/);
  });

  it('refuses a plain-http token endpoint except on loopback', () => {
    assert.match(problems({ ...microsoft, provider: 'custom', tokenUrl: 'http://sso.example.com/token' })[0], /tokenUrl: expected an https URL \(plain http is allowed on loopback only\)/);
    assert.equal(parseOAuthSettings({ ...microsoft, provider: 'custom', tokenUrl: 'http://127.0.0.1:8080/token' }).tokenUrl, 'http://127.0.0.1:8080/token');
    assert.match(problems({ ...microsoft, provider: 'custom', tokenUrl: 'ftp://x/token' })[0], /tokenUrl: expected the https URL of the token endpoint/);
  });

  it('describes every field (for the generated configuration docs)', () => {
    for (const [key, field] of Object.entries(oauthSchema.shape)) assert.ok(field.description, `${key} has no description`);
  });
});
