#!/usr/bin/env node
// Lists the mail in a local-stack mailbox (password "secret").
// Usage: node scripts/read-mailbox.js USER [FOLDER]
const { ImapFlow } = require('imapflow');
const { simpleParser } = require('mailparser');
const { stackEnv } = require('./send-test-mail-env');

(async () => {
  const env = stackEnv();
  const [user, folder = 'INBOX'] = process.argv.slice(2);
  if (!user) throw new Error('usage: node scripts/read-mailbox.js USER [FOLDER]');
  const client = new ImapFlow({ host: env.IMAP_HOST, port: Number(env.IMAP_PORT), secure: false, doSTARTTLS: false, auth: { user, pass: env.MAIL_PASSWORD || 'secret' }, logger: false });
  await client.connect();
  const lock = await client.getMailboxLock(folder);
  try {
    for await (const msg of client.fetch('1:*', { source: true })) {
      const mail = await simpleParser(msg.source);
      console.log(`--- ${mail.date?.toISOString()} from ${mail.from?.text}\nSubject: ${mail.subject}\n\n${(mail.text || '').trim()}\n`);
    }
  } finally {
    lock.release();
    await client.logout();
  }
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
