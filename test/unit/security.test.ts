import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { loadEnv } from '../../src/config/env';
import { findReplyTokensAny, hasManagerTokenAny, managerReplyAddress, replyAddress } from '../../src/domain/reply-token';
import { createLogger } from '../../src/log';
import { toNodemailer } from '../../src/mail/transport';
import { createRenderer } from '../../src/mail/render';

const ENV = {
  MONGO_URL: 'mongodb://127.0.0.1:27017/tg', REDIS_URL: 'redis://127.0.0.1:6379', IMAP_HOST: 'imap.example.com', IMAP_PASSWORD: 'imap-secret-value',
  SMTP_HOST: 'smtp.example.com', TICKETGATE_CONFIG: '/etc/desk.yaml', TOKEN_SECRET: 'current-secret-0123456789',
};

/** Headers of a raw message, unfolded (RFC 5322 section 2.2.3). */
async function headersOf(mail: ReturnType<typeof toNodemailer>): Promise<string[]> {
  const raw: Buffer = await new Promise((resolve, reject) => new MailComposer(mail as never).compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
  const head = raw.toString('utf8').split('\r\n\r\n')[0];
  return head.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
}

describe('security review', () => {
  describe('secrets never reach the log', () => {
    it('redacts passwords, token secrets and connection URLs, at the top level and one level down', async () => {
      const out = new PassThrough();
      const chunks: string[] = [];
      out.on('data', (c: Buffer) => chunks.push(c.toString()));
      const log = createLogger('info', {}, out);
      const env = loadEnv({ ...ENV, IMAP_TLS: 'true', TOKEN_SECRET_PREVIOUS: 'previous-secret-0123456789' });
      log.info({ env, password: 'p4ss-value', auth: { user: 'u', pass: 'smtp-pass-value' }, tokenSecret: env.TOKEN_SECRET }, 'config');
      log.info({ settings: { tokenSecret: env.TOKEN_SECRET, previousTokenSecrets: env.TOKEN_SECRET_PREVIOUS } }, 'settings');
      await new Promise((r) => setImmediate(r));
      const text = chunks.join('');
      for (const secret of ['imap-secret-value', 'current-secret-0123456789', 'previous-secret-0123456789', 'p4ss-value', 'smtp-pass-value', 'mongodb://']) {
        assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
      }
      assert.match(text, /\[redacted\]/);
    });
  });

  describe('token rotation', () => {
    const support = ['support@example.com'];
    it('accepts reply addresses signed with a previous secret, and signs only with the current one', () => {
      const old = replyAddress('support@example.com', 'TG-000123', 'previous-secret-0123456789');
      const [match] = findReplyTokensAny([old], support, ['current-secret-0123456789', 'previous-secret-0123456789'], 'TG');
      assert.equal(match.valid, true);
      const [unknown] = findReplyTokensAny([old], support, ['current-secret-0123456789'], 'TG');
      assert.equal(unknown.valid, false, 'once the old secret is dropped its addresses stop working');
    });
    it('does the same for managers\' reply addresses', () => {
      const old = managerReplyAddress('support@example.com', 'boss@example.com', 'previous-secret-0123456789');
      assert.equal(hasManagerTokenAny([old], support, ['current-secret-0123456789', 'previous-secret-0123456789'], 'boss@example.com'), true);
      assert.equal(hasManagerTokenAny([old], support, ['current-secret-0123456789'], 'boss@example.com'), false);
    });
    it('refuses a short previous secret', () => {
      assert.throws(() => loadEnv({ ...ENV, IMAP_TLS: 'true', TOKEN_SECRET_PREVIOUS: 'short' }), /at least 16 characters/);
    });
  });

  describe('transport security by default', () => {
    it('refuses the IMAP password in clear text to a remote server unless the network is declared trusted', () => {
      assert.throws(() => loadEnv({ ...ENV, IMAP_TLS: 'false' }), /clear text/);
      assert.equal(loadEnv({ ...ENV, IMAP_TLS: 'false', IMAP_ALLOW_PLAINTEXT: 'true' }).IMAP_TLS, false);
      assert.equal(loadEnv({ ...ENV, IMAP_TLS: 'false', IMAP_HOST: '127.0.0.1' }).IMAP_TLS, false);
      assert.equal(loadEnv(ENV).IMAP_TLS, true);
      assert.equal(loadEnv(ENV).SMTP_REQUIRE_TLS, true);
    });
  });

  describe('no header injection', () => {
    const evil = 'Printer\r\nBcc: victim@evil.example\r\nX-Injected: yes';
    it('a CR/LF in a subject or display name never becomes a header of an outgoing mail', async () => {
      const headers = await headersOf(toNodemailer({
        from: { name: 'Support', address: 'support@example.com' }, to: [{ name: `Dana\r\nBcc: victim@evil.example`, address: 'dana@example.com' }],
        replyTo: { name: 'Desk\nX-Injected: yes', address: 'support+tg@example.com' }, subject: evil, text: 'x', messageId: 'm@example.com', references: [], headers: { 'X-Ticketgate-Tickets': 'TG-000001' },
      }));
      assert.ok(!headers.some((h) => /^bcc:/i.test(h)), headers.join('\n'));
      assert.ok(!headers.some((h) => /^x-injected:/i.test(h)), headers.join('\n'));
      assert.equal(headers.filter((h) => /^subject:/i.test(h)).length, 1);
    });
    it('templates put a customer\'s subject on one line and escape it in HTML', () => {
      const r = createRenderer();
      const mail = r.render('resolved', 'en', { deskName: 'Desk', ticketNumber: 'TG-000001', reopenDays: 7, originalSubject: `${evil} <script>alert(1)</script>` });
      assert.ok(!/[\r\n]/.test(mail.subject));
      assert.ok(!mail.html.includes('<script>alert(1)</script>'));
    });
  });
});
