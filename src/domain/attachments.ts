import type { AttachmentInfo } from './inbound-mail';

/**
 * Which of a mail's attachments go on with it: the customer's files to the
 * agents' notification, an agent's files to the customer. The gateway stores
 * the raw mail, never the files apart, so a plan names parts by their
 * position in the parsed mail and the sender reads them back at send time.
 */
export interface ForwardItem {
  /** Position among the parsed mail's attachments (mailparser's order, stable for the same bytes). */
  index: number;
  filename: string;
  contentType: string;
  size: number;
  /** Why the file stays behind (the raw mail still holds it); undefined when it goes with the mail. */
  held?: 'too-large' | 'blocked-type';
}

/**
 * Program and script types a mail client may run on a double click: the
 * attachment types mail providers block. A support desk passes none of them
 * on; the agent sees the name and that it was held.
 */
const BLOCKED_EXTENSIONS = new Set([
  'ade', 'adp', 'apk', 'appx', 'bat', 'cab', 'chm', 'cmd', 'com', 'cpl', 'dll', 'dmg', 'exe', 'hta', 'ins', 'isp', 'jar', 'js', 'jse', 'lib', 'lnk',
  'mde', 'msc', 'msi', 'msix', 'msp', 'mst', 'nsh', 'pif', 'ps1', 'psm1', 'reg', 'scr', 'sct', 'shb', 'sys', 'vb', 'vbe', 'vbs', 'vxd', 'wsc', 'wsf', 'wsh',
]);
const BLOCKED_TYPES = new Set(['application/x-msdownload', 'application/x-msdos-program', 'application/x-dosexec', 'application/java-archive', 'application/hta']);

/**
 * A name safe to put in a Content-Disposition: the last path segment only
 * (no "../"), no control characters, at most 120 characters, never empty.
 */
export function safeFilename(name: string | undefined, index: number): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^[.\s]+/, '').trim();
  return (clean || `attachment-${index + 1}`).slice(0, 120);
}

/**
 * Files in order until `capBytes` is used up; blocked types never go.
 * Signatures and report parts are left out entirely, and so are inline parts
 * unless `includeInline`: a customer's pasted screenshot is inline, but so is
 * the logo in an agent's signature, which the customer does not need.
 */
export function planForward(attachments: AttachmentInfo[], capBytes: number, opts: { includeInline: boolean } = { includeInline: true }): ForwardItem[] {
  return planFiles(fileList(attachments) ?? [], capBytes, opts);
}

/** A file as a message record keeps it: its position in the raw mail, name, type and size. */
export interface StoredFile {
  index: number;
  filename: string;
  contentType: string;
  size: number;
  inline?: boolean;
}

/** planForward for files named by their stored positions (a later notification of an earlier mail). */
export function planFiles(files: Array<Omit<StoredFile, 'filename'> & { filename?: string }>, capBytes: number, opts: { includeInline: boolean } = { includeInline: true }): ForwardItem[] {
  let budget = capBytes;
  const out: ForwardItem[] = [];
  for (const a of files) {
    const contentType = a.contentType.toLowerCase();
    if (SKIPPED_TYPES.has(contentType) || (a.inline && !opts.includeInline)) continue;
    const filename = safeFilename(a.filename, a.index);
    const item: ForwardItem = { index: a.index, filename, contentType, size: a.size };
    if (isBlocked(filename, contentType)) item.held = 'blocked-type';
    else if (a.size > budget) item.held = 'too-large';
    else budget -= a.size;
    out.push(item);
  }
  return out;
}

/** Parts that are not the sender's files: S/MIME and PGP signatures, delivery and read reports. */
const SKIPPED_TYPES = new Set([
  'application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature',
  'message/delivery-status', 'message/global-delivery-status', 'text/rfc822-headers', 'message/disposition-notification',
]);

function isBlocked(filename: string, contentType: string): boolean {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  return (ext !== undefined && BLOCKED_EXTENSIONS.has(ext)) || BLOCKED_TYPES.has(contentType);
}

/** The indexes a sender must read back: the files that go. */
export const forwardedIndexes = (plan: ForwardItem[]): number[] => plan.filter((i) => !i.held).map((i) => i.index);

/** "840 B", "12 KB", "2.4 MB": sizes for a person, in binary units. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  const mb = n / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** What a message record keeps of a mail's files: position, safe name, type and size, never the bytes (signatures and report parts left out). */
export function fileList(attachments: AttachmentInfo[]): StoredFile[] | undefined {
  const list = attachments.flatMap((a, index) => {
    const contentType = a.contentType.toLowerCase();
    return SKIPPED_TYPES.has(contentType) ? [] : [{ index, filename: safeFilename(a.filename, index), contentType, size: a.size, ...(a.inline ? { inline: true } : {}) }];
  });
  return list.length > 0 ? list : undefined;
}
