/**
 * Splits an mbox file (RFC 4155, the `application/mbox` format written by
 * Thunderbird, Google Takeout, mutt and Dovecot) into its messages, as bytes.
 *
 * Pure: the caller hands in chunks (e.g. from `fs.createReadStream`); nothing
 * here opens a file. Memory holds one message and one chunk at a time, so a
 * multi-GB mbox is never loaded whole.
 *
 * Rules (RFC 4155 section 2 and the mboxrd variant it describes):
 * - A message starts at a "From_" line (a line beginning with `From `) at the
 *   start of the file or right after an empty line. The From_ line is the
 *   envelope, not part of the message, and is dropped.
 * - A `From ` line NOT preceded by an empty line stays in the message: some
 *   exporters do not quote body lines, and splitting there would cut mail in two.
 * - The one empty line before the next From_ line (and the last one of the
 *   file) is the separator the writer added; it is dropped.
 * - Quoted lines are unquoted the mboxrd way: `>From `, `>>From `, ... lose one
 *   `>`. For an mboxo file (which quotes only `From ` to `>From ` and leaves
 *   `>From ` alone) this also unquotes a line that was `>From ` in the original
 *   mail. That cannot be told apart from the file alone; mboxrd is the variant
 *   current writers use, so we read as mboxrd.
 * - Everything else stays byte for byte: LF and CRLF lines alike, 8-bit data in
 *   any charset (we never decode text).
 */

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_ = Buffer.from('From ', 'latin1');

/** Thrown when the first line of a non-empty input is not a From_ line. */
export class NotMboxError extends Error {
  constructor() {
    super('not an mbox file: it does not start with a "From " line (RFC 4155)');
    this.name = 'NotMboxError';
  }
}

/** Whether bytes (the start of a file) open an mbox: the first line is a From_ line. */
export function looksLikeMbox(head: Buffer): boolean {
  return startsWithFrom(head, 0);
}

/**
 * The line logic, fed chunk by chunk. `push` and `end` return the messages
 * completed so far. Chunks may split lines (and `\r\n`) anywhere. A pushed
 * chunk must not be modified afterwards: lines are kept as views into it until
 * their message is complete (Node streams hand each chunk over for good).
 */
export class MboxSplitter {
  /** Pieces of the line not yet ended by LF. */
  private partial: Buffer[] = [];
  /** Lines of the current message, unquoted, with their line endings. */
  private lines: Buffer[] = [];
  /** An empty line held back: it is the separator if a From_ line follows. */
  private pendingBlank: Buffer | undefined;
  /** A From_ line has been seen, so a message is open. */
  private open = false;

  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    for (let nl = chunk.indexOf(LF, at); nl >= 0; nl = chunk.indexOf(LF, at)) {
      this.onLine(this.completeLine(chunk.subarray(at, nl + 1)), out);
      at = nl + 1;
    }
    if (at < chunk.length) this.partial.push(chunk.subarray(at));
    return out;
  }

  /** Ends the input: a last line without LF belongs to the last message. */
  end(): Buffer[] {
    const out: Buffer[] = [];
    if (this.partial.length > 0) this.onLine(this.completeLine(Buffer.alloc(0)), out);
    // The last message's trailing empty line is the writer's terminator, like every other separator.
    if (this.open) out.push(this.finish());
    this.open = false;
    return out;
  }

  private completeLine(tail: Buffer): Buffer {
    if (this.partial.length === 0) return tail;
    const line = Buffer.concat([...this.partial, tail]);
    this.partial = [];
    return line;
  }

  private onLine(line: Buffer, out: Buffer[]): void {
    if (startsWithFrom(line, 0) && (!this.open || this.pendingBlank)) {
      if (this.open) out.push(this.finish());
      this.open = true;
      return;
    }
    if (!this.open) throw new NotMboxError();
    if (this.pendingBlank) this.lines.push(this.pendingBlank);
    this.pendingBlank = undefined;
    if (isEmptyLine(line)) this.pendingBlank = line;
    else this.lines.push(unquote(line));
  }

  /** The current message without the held-back separator line. */
  private finish(): Buffer {
    const message = Buffer.concat(this.lines);
    this.lines = [];
    this.pendingBlank = undefined;
    return message;
  }
}

/** Messages of an mbox read as a stream of chunks, one Buffer at a time. */
export async function* splitMboxStream(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const splitter = new MboxSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** Messages of an mbox held in memory (small files and tests). */
export function splitMbox(bytes: Buffer): Buffer[] {
  const splitter = new MboxSplitter();
  return [...splitter.push(bytes), ...splitter.end()];
}

/** mboxrd (RFC 4155 section 2): a line `>...>From ` was quoted by the writer; drop one `>`. */
function unquote(line: Buffer): Buffer {
  let gts = 0;
  while (gts < line.length && line[gts] === GT) gts++;
  return gts > 0 && startsWithFrom(line, gts) ? line.subarray(1) : line;
}

function isEmptyLine(line: Buffer): boolean {
  return (line.length === 1 && line[0] === LF) || (line.length === 2 && line[0] === CR && line[1] === LF);
}

function startsWithFrom(bytes: Buffer, at: number): boolean {
  return bytes.length - at >= FROM_.length && bytes.compare(FROM_, 0, FROM_.length, at, at + FROM_.length) === 0;
}
