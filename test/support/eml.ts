import { readFile } from 'node:fs/promises';
import type { InboundMail } from '../../src/domain/inbound-mail';
import { parseMail } from '../../src/mail/parse';

/** A `.eml` file as the core sees it, through the production parser adapter. */
export async function loadEml(path: string): Promise<InboundMail> {
  return parseMail(await readFile(path));
}

/** A minimal human-looking mail for rule tests; each test overrides what it needs. */
export function inboundMail(over: Partial<InboundMail> = {}): InboundMail {
  return {
    references: [],
    replyTo: [],
    to: [{ address: 'support@ticketgate.example' }],
    cc: [],
    from: { name: 'Ana Pop', address: 'ana.pop@client.example' },
    subject: 'Printer jam',
    text: 'The printer on floor 2 is jammed.',
    headers: {},
    contentType: 'text/plain',
    contentTypeParams: {},
    attachments: [],
    ...over,
  };
}
