import { strict as assert } from 'node:assert';
import { authenticatedByTrustedServer } from '../../src/domain/auth-results';

describe('Authentication-Results (RFC 8601) for agents', () => {
  const trusted = 'mx.example.test';

  it('accepts a DKIM pass for the sender domain from the trusted server', () => {
    const r = authenticatedByTrustedServer(['mx.example.test; spf=pass smtp.mailfrom=example.test; dkim=pass header.d=example.test header.s=s1'], trusted, 'example.test');
    assert.deepEqual(r, { pass: true, method: 'dkim' });
  });

  it('accepts a DMARC pass', () => {
    assert.equal(authenticatedByTrustedServer(['mx.example.test; dmarc=pass header.from=example.test'], trusted, 'example.test').pass, true);
  });

  it('ignores a header written by anyone else (a forger can add one)', () => {
    assert.equal(authenticatedByTrustedServer(['evil.example; dkim=pass header.d=example.test'], trusted, 'example.test').pass, false);
  });

  it('refuses a DKIM pass signed by another domain', () => {
    assert.equal(authenticatedByTrustedServer(['mx.example.test; dkim=pass header.d=attacker.example'], trusted, 'example.test').pass, false);
  });

  it('refuses failures and missing headers', () => {
    assert.equal(authenticatedByTrustedServer(['mx.example.test; dkim=fail header.d=example.test; dmarc=fail'], trusted, 'example.test').pass, false);
    assert.equal(authenticatedByTrustedServer([], trusted, 'example.test').pass, false);
  });

  it('accepts the authserv-id with a version number after it', () => {
    assert.equal(authenticatedByTrustedServer(['mx.example.test 1; dkim=pass header.d=example.test'], trusted, 'example.test').pass, true);
  });

  it('reads only the topmost header of the trusted server: a forged pass below its fail does not count', () => {
    const headers = ['mx.example.test; dkim=fail header.d=example.test', 'mx.example.test; dkim=pass header.d=example.test'];
    assert.equal(authenticatedByTrustedServer(headers, trusted, 'example.test').pass, false);
  });

  it('skips other servers above the trusted one', () => {
    const headers = ['relay.example.net; dkim=none', 'mx.example.test; dmarc=pass header.from=example.test'];
    assert.equal(authenticatedByTrustedServer(headers, trusted, 'example.test').pass, true);
  });
});
