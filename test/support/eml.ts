import { readFile } from 'node:fs/promises';
import type { InboundMail } from '../../src/domain/inbound-mail';
import { parseMail } from '../../src/mail/parse';

/** A `.eml` file as the core sees it, through the production parser adapter. */
export async function loadEml(path: string): Promise<InboundMail> {
  return parseMail(await readFile(path));
}
