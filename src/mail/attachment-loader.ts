import type { AttachFrom, FilePart } from '../domain/outbound';
import { safeFilename } from '../domain/attachments';
import { leanParse } from './lean-parse';
import { PARSE_OPTIONS } from './parse';

/**
 * Reads chosen attachments back out of a stored raw mail, at send time: the
 * outbox names them by position (AttachFrom) instead of holding a copy, so a
 * file lives once, in the raw mail. Parts not asked for stream past and are
 * dropped, as in intake.
 */
export async function loadAttachments(raw: Buffer, indexes: number[]): Promise<FilePart[]> {
  const wanted = new Set(indexes);
  const parsed = await leanParse(raw, PARSE_OPTIONS, (_type, index) => wanted.has(index));
  return parsed.attachments
    .map((a, index) => ({ a, index }))
    .filter(({ index }) => wanted.has(index))
    .map(({ a, index }) => ({ filename: safeFilename(a.filename, index), contentType: a.contentType.toLowerCase(), content: a.content }));
}

/** The loader the send use case calls: raw bytes by id, then the parts. Missing bytes give no files (the mail still goes). */
export function attachmentLoader(rawBytes: (rawMailId: string) => Promise<Buffer | undefined>) {
  return async (ref: AttachFrom): Promise<FilePart[]> => {
    const raw = await rawBytes(ref.rawMailId);
    return raw ? loadAttachments(raw, ref.indexes) : [];
  };
}
