import { makeCorpus } from '../../bench/corpus';
import { loadDevSet } from '../support/dev-set';
import { prng } from '../support/prng';

export type FaultKind = 'single' | 'multi' | 'reply';

export interface FaultMail {
  i: number;
  kind: FaultKind;
  customer: string;
  messageId: string;
  subject: string;
  /** For a reply: the mail it answers (same customer). */
  replyTo?: number;
  raw: Buffer;
}

interface DevRecord {
  id: string;
  lang: string;
  subject: string;
  body: string;
  expect: { issues: unknown[] };
}

const encode = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

function rfc822(m: { from: string; name: string; to: string; subject: string; text: string; messageId: string; inReplyTo?: string; date: Date; attachment?: Buffer }): Buffer {
  const headers = [
    `From: ${encode(m.name)} <${m.from}>`,
    `To: ${m.to}`,
    `Subject: ${encode(m.subject)}`,
    `Message-ID: <${m.messageId}>`,
    `Date: ${m.date.toUTCString()}`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`, `References: <${m.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
  ];
  const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
  const text = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(Buffer.from(m.text))}\r\n`;
  if (!m.attachment) return Buffer.from(`${headers.join('\r\n')}\r\n${text}`);
  const file = `Content-Type: application/pdf; name="screenshot.pdf"\r\nContent-Disposition: attachment; filename="screenshot.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(m.attachment)}\r\n`;
  return Buffer.from(`${headers.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="tg-part"\r\n\r\n--tg-part\r\n${text}--tg-part\r\n${file}--tg-part--\r\n`);
}

/** Pseudo-random bytes of a given size: an attachment that does not compress. */
function attachmentBytes(size: number, seed: number): Buffer {
  const r = prng(seed);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = Math.floor(r() * 256);
  return b;
}

/**
 * The fault run's mails, the same bytes on every run for a given tag: of
 * `n`, 70 % single-issue requests (the bench's en/ru/ro corpus), 20 %
 * multi-issue requests (the dev set's multi-issue mails in all three
 * languages), 10 % replies to earlier single-issue requests, by their
 * customers, threaded by In-Reply-To. One customer address per request.
 * With `attachEvery`, every so many requests carry a PDF-like attachment.
 */
export function faultCorpus(n: number, tag: string, support: string, domain: string, opts: { attachEvery?: number; attachmentBytes?: number } = {}): { requests: FaultMail[]; replies: FaultMail[] } {
  const r = prng(20261124);
  const multi = loadDevSet<DevRecord>().filter((d) => d.expect.issues.length > 1);
  const nReplies = Math.round(n * 0.1);
  const nMulti = Math.round(n * 0.2);
  const singles = makeCorpus(n - nReplies - nMulti, tag, domain);
  const requests: FaultMail[] = [];
  const date = new Date('2026-11-24T09:00:00Z');
  const add = (kind: FaultKind, name: string, subject: string, text: string) => {
    const i = requests.length;
    const customer = `fault-${tag}-${i}@${domain}`;
    const messageId = `fault-${tag}-${i}@customer.${domain}`;
    const attachment = opts.attachEvery && i % opts.attachEvery === opts.attachEvery - 1 ? attachmentBytes(opts.attachmentBytes ?? 200_000, i) : undefined;
    requests.push({ i, kind, customer, messageId, subject, raw: rfc822({ from: customer, name, to: support, subject, text, messageId, date, attachment }) });
  };
  let s = 0;
  let m = 0;
  // Interleaved, so multi-issue mails are spread over the run.
  while (s < singles.length || m < nMulti) {
    if (m < nMulti && (s >= singles.length || r() < nMulti / (n - nReplies))) {
      const d = multi[m++ % multi.length];
      add('multi', 'Multi Customer', d.subject, d.body);
    } else {
      const b = singles[s++];
      add('single', b.from.name, b.subject, b.text);
    }
  }
  const candidates = requests.filter((x) => x.kind === 'single');
  const replies = Array.from({ length: nReplies }, (_, k): FaultMail => {
    const to = candidates[Math.floor((k * candidates.length) / nReplies)];
    const messageId = `fault-${tag}-reply-${k}@customer.${domain}`;
    const subject = `Re: ${to.subject}`;
    const text = `Hello again,\n\nany news on this? It is still not solved and I need it this week.\n\nThanks`;
    return { i: n - nReplies + k, kind: 'reply', customer: to.customer, messageId, subject, replyTo: to.i, raw: rfc822({ from: to.customer, name: 'Customer', to: support, subject, text, messageId, inReplyTo: to.messageId, date }) };
  });
  return { requests, replies };
}
