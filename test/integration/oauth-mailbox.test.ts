import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, sendAsCustomer, waitForMail } from '../support/mail';

/**
 * An OAuth mailbox whose refresh token the provider refuses (invalid_grant,
 * as after a revoked consent) must not stop the desk: the other mailbox's
 * mail still becomes tickets, and the managers are told what to fix.
 */
describe('a failing OAuth mailbox beside a working one (real servers, a local token endpoint)', function () {
  this.timeout(90_000);
  let gw: TestGateway;
  let tokenServer: Server;
  let tokenRequests = 0;
  const id = uniq();

  before(async () => {
    tokenServer = createServer((_req, res) => {
      tokenRequests++;
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS70000: The provided grant has expired due to it being revoked.' }));
    });
    await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', r));
    const port = (tokenServer.address() as { port: number }).port;
    const domain = 'example.test';
    gw = await startGateway({
      id,
      desk: {
        mailboxes: [
          { address: `support-${id}@${domain}` },
          { address: `sales-${id}@${domain}`, oauth: { provider: 'custom', tokenUrl: `http://127.0.0.1:${port}/token`, clientId: 'ticketgate-test', refreshTokenEnv: 'SALES_REFRESH_TOKEN' } },
        ],
        managers: [{ name: 'Mia Manager', email: `manager-${id}@${domain}`, language: 'en', digests: [] }],
      } as never,
      secrets: { SALES_REFRESH_TOKEN: 'refresh-token-that-was-revoked' },
    });
  });
  after(async () => {
    await gw?.stop();
    await new Promise((r) => tokenServer?.close(r));
  });

  it('keeps serving the password mailbox, and alerts the managers once about the OAuth one', async () => {
    const customer = `oauth-side-${uniq()}@example.test`;
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Printer jams on floor 2', text: 'The printer on floor 2 jams on every page.' });
    const [ack] = await waitForMail(gw.stack, customer, 1, 30_000);
    assert.match(ack.subject ?? '', /TG-\d+/);
    const [alert] = await waitForMail(gw.stack, `manager-${id}@example.test`, 1, 30_000);
    assert.match(alert.subject ?? '', /sales-.*OAuth login failing/);
    assert.match(alert.text ?? '', /SALES_REFRESH_TOKEN/, 'the alert names the variable to renew');
    assert.doesNotMatch(alert.text ?? '', /refresh-token-that-was-revoked/, 'never the token itself');
    assert.ok(tokenRequests >= 1);
    // The poller of the OAuth mailbox retries with backoff, but a refused refresh token is not asked again for 10 minutes.
    await new Promise((r) => setTimeout(r, 5_000));
    assert.ok(tokenRequests <= 2, `${tokenRequests} token requests: the provider is not hammered`);
    assert.equal((await readMailbox(gw.stack, `manager-${id}@example.test`)).length, 1, 'one alert per day, not one per retry');
  });
});
