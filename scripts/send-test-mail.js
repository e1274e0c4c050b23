#!/usr/bin/env node
// Sends one mail as a customer to the local stack's support address.
// Usage: node scripts/send-test-mail.js FROM SUBJECT TEXT [TO]
const nodemailer = require('nodemailer');
const { stackEnv } = require('./send-test-mail-env');

const env = stackEnv();
const [from, subject, text, to = 'support@example.test'] = process.argv.slice(2);
if (!from || !subject || !text) {
  console.error('usage: node scripts/send-test-mail.js FROM SUBJECT TEXT [TO]');
  process.exit(2);
}
nodemailer
  .createTransport({ host: env.SMTP_HOST, port: Number(env.SMTP_PORT), secure: false, ignoreTLS: true })
  .sendMail({ from, to, subject, text })
  .then((info) => console.log(`sent ${info.messageId} to ${to}: ${info.response}`))
  .catch((err) => {
    console.error(`could not send: ${err.message}`);
    process.exit(1);
  });
