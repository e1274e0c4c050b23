import { strict as assert } from 'node:assert';
import { oauthAlert } from '../../src/mail/oauth-alerts';

const NOW = new Date('2025-06-01T08:00:00Z');
const base = { mailbox: 'Support@Acme.Example', now: NOW, warnDaysBefore: 7, refreshTokenEnv: 'SUPPORT_REFRESH_TOKEN' };

describe('oauth alerts', () => {
  it('says nothing while all is well', () => {
    assert.equal(oauthAlert({ ...base, status: { ok: true } }), undefined);
    assert.equal(oauthAlert({ ...base, status: { ok: true, refreshTokenExpiresAt: new Date('2025-06-09T08:00:00Z') } }), undefined);
  });

  it('alerts at once on a permanent failure, with the error in the message and a daily key', () => {
    const lastError = 'mailbox support@acme.example: ... put the new refresh token in SUPPORT_REFRESH_TOKEN and restart';
    const alert = oauthAlert({ ...base, status: { ok: false, permanent: true, lastError, failingSince: NOW } });
    assert.equal(alert?.kind, 'refresh-failed');
    assert.ok(alert.message.includes(lastError));
    assert.equal(alert.key, 'oauth:refresh-failed:support@acme.example:2025-06-01');
  });

  it('alerts on a transient failure only after the grace period', () => {
    const status = { ok: false, permanent: false, lastError: 'unreachable', failingSince: new Date(NOW.getTime() - 59 * 60_000) };
    assert.equal(oauthAlert({ ...base, status }), undefined);
    const later = oauthAlert({ ...base, status: { ...status, failingSince: new Date(NOW.getTime() - 61 * 60_000) } });
    assert.equal(later?.kind, 'refresh-failed');
    assert.match(later.message, /failing since 2025-06-01T06:59:00.000Z/);
    assert.equal(oauthAlert({ ...base, status, transientGraceMinutes: 30 })?.kind, 'refresh-failed');
  });

  it('warns from warnDaysBefore days ahead of the refresh token expiry, naming the env var', () => {
    const alert = oauthAlert({ ...base, status: { ok: true, refreshTokenExpiresAt: new Date('2025-06-04T08:00:00Z') } });
    assert.equal(alert?.kind, 'refresh-token-expiring');
    assert.match(alert.message, /expires in 3 days \(2025-06-04T08:00:00.000Z\)/);
    assert.match(alert.message, /SUPPORT_REFRESH_TOKEN/);
    assert.equal(alert.key, 'oauth:refresh-token-expiring:support@acme.example:2025-06-01');
    const soon = oauthAlert({ ...base, status: { ok: true, refreshTokenExpiresAt: new Date('2025-06-01T10:30:00Z') } });
    assert.match(soon?.message ?? '', /expires in 3 hour\(s\)/);
  });

  it('says so once the refresh token has expired; warnDaysBefore 0 warns only then', () => {
    const status = { ok: true, refreshTokenExpiresAt: new Date('2025-05-31T00:00:00Z') };
    assert.match(oauthAlert({ ...base, status, warnDaysBefore: 0 })?.message ?? '', /expired on 2025-05-31/);
    assert.equal(oauthAlert({ ...base, warnDaysBefore: 0, status: { ok: true, refreshTokenExpiresAt: new Date('2025-06-02T00:00:00Z') } }), undefined);
  });

  it('a failure outranks the expiry warning', () => {
    const alert = oauthAlert({ ...base, status: { ok: false, permanent: true, lastError: 'x', refreshTokenExpiresAt: new Date('2025-06-02T00:00:00Z') } });
    assert.equal(alert?.kind, 'refresh-failed');
  });

  it('the key changes with the UTC day, so a lasting problem is reported once a day', () => {
    const status = { ok: false, permanent: true, lastError: 'x' };
    const a = oauthAlert({ ...base, status, now: new Date('2025-06-01T00:00:00Z') });
    const b = oauthAlert({ ...base, status, now: new Date('2025-06-01T23:59:59Z') });
    const c = oauthAlert({ ...base, status, now: new Date('2025-06-02T00:00:00Z') });
    assert.equal(a?.key, b?.key);
    assert.notEqual(b?.key, c?.key);
  });
});
