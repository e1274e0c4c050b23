import { MailParser, type Attachment, type MailParserOptions, type ParsedMail } from 'mailparser';

/**
 * mailparser's simpleParser, except that an attachment's bytes are counted
 * and hashed as they stream past and then dropped, unless `keep` says the
 * part is needed whole (a delivery report's status and returned headers are
 * a few kilobytes; the files passed on to an agent or a customer). simpleParser holds every attachment in memory: a 25 MB
 * attachment cost the worker 148 MB of RSS. The gateway records an
 * attachment's name, type, size and checksum, never its content.
 * (Mirrors mailparser 3.14's simple-parser.js; `skipImageLinks` must be set,
 * since inlining cid: images would need the dropped bytes.)
 */
export function leanParse(raw: Buffer, options: MailParserOptions & { skipImageLinks: true }, keep: (contentType: string, index: number) => boolean): Promise<ParsedMail> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser(options);
    const mail = { attachments: [] as Attachment[] } as unknown as ParsedMail & Record<string, unknown>;
    let settled = false;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(mail);
    };
    parser.on('error', settle);
    parser.on('headers', (headers) => Object.assign(mail, { headers, headerLines: (parser as unknown as { headerLines: ParsedMail['headerLines'] }).headerLines }));
    let reading = false;
    const read = () => {
      reading = true;
      const data = parser.read() as (Record<string, unknown> & { type: string }) | null;
      if (data === null) {
        reading = false;
        return;
      }
      if (data.type === 'text') {
        for (const key of ['text', 'html', 'textAsHtml']) if (key in data) mail[key] = data[key];
        return read();
      }
      if (data.type === 'attachment') return drain(data as unknown as Attachment, keep, mail.attachments, read);
      read();
    };
    parser.on('readable', () => {
      if (!reading) read();
    });
    parser.on('end', () => {
      copyHeaderFields(mail);
      settle(null);
    });
    parser.end(raw);
  });
}

/** The top-level fields simpleParser copies from the headers (subject, from, message-id as messageId, ...). */
function copyHeaderFields(mail: ParsedMail & Record<string, unknown>) {
  for (const key of ['subject', 'references', 'date', 'to', 'from', 'cc', 'bcc', 'message-id', 'in-reply-to', 'reply-to']) {
    if (mail.headers?.has(key)) mail[key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = mail.headers.get(key);
  }
}

/** Reads one attachment's stream to its end, keeping the bytes only when asked to. */
function drain(a: Attachment, keep: (contentType: string, index: number) => boolean, into: Attachment[], next: () => void) {
  const kept = keep(a.contentType.toLowerCase(), into.length);
  into.push(a);
  const stream = a.content as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('readable', () => {
    for (let chunk = stream.read() as Buffer | null; chunk !== null; chunk = stream.read() as Buffer | null) if (kept) chunks.push(chunk);
  });
  stream.on('end', () => {
    a.content = kept ? Buffer.concat(chunks) : Buffer.alloc(0);
    (a as unknown as { release?: () => void }).release?.();
    next();
  });
}
