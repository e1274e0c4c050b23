import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, pathOf, send } from './listen';
import type { Language } from '../domain/types';
import { COMMENT_MAX_LENGTH, renderMessage, renderRatingForm, renderThanks, type MessageKind, type RatingPage } from './rating-pages';

/**
 * The web end of the one-click rating links (src/domain/rating-link.ts).
 *
 *   GET  /rate/:number/:score?t=sig  a page with a form that posts the score; records nothing
 *   POST /rate/:number               records (or replaces) the score and an optional comment
 *   GET  /healthz                    200 ok
 *
 * GET never records because mail link scanners (Microsoft Safe Links and the
 * like) fetch every link in a mail: recording on GET would rate every ticket
 * with the score of whichever link was fetched last. The page posts itself by
 * script, so a person still needs one click.
 *
 * Validation order: ticket number shape, signature, ticket lookup, score. The
 * signature is checked before the database is asked, so unsigned requests
 * cost nothing and cannot tell which ticket numbers exist (the "not valid"
 * page is then always in English); the score is checked last so that its
 * error page is in the ticket's language.
 */

export interface RatingServerDeps {
  /** The ticket's number and language, or null when unknown. */
  lookup(ticketNumber: string): Promise<{ number: string; language: 'en' | 'ru' | 'ro'; deskName: string } | null>;
  verify(ticketNumber: string, signature: string): boolean;
  /** Records (or replaces) the rating; idempotent. */
  record(ticketNumber: string, score: 1 | 2 | 3 | 4 | 5, comment: string | undefined): Promise<void>;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
}

/** A form post carries a score, a signature and at most a 2000-character comment: 8 KB is plenty. */
export const RATING_BODY_LIMIT = 8 * 1024;

const TICKET_NUMBER = /^[A-Z][A-Z0-9]{0,9}-\d{6,}$/i;
const FORM_PATH = /^\/rate\/([^/]+)\/([^/]+)$/;
const POST_PATH = /^\/rate\/([^/]+)$/;

type Ticket = NonNullable<Awaited<ReturnType<RatingServerDeps['lookup']>>>;
type Score = 1 | 2 | 3 | 4 | 5;

/** Per request: the language of error pages, English until the ticket is known. */
interface Exchange {
  deps: RatingServerDeps;
  req: IncomingMessage;
  res: ServerResponse;
  language: Language;
}

type Checked = { ok: true; ticket: Ticket; score: Score; signature: string } | { ok: false; status: 400 | 404; kind: MessageKind };

export function startRatingServer(deps: RatingServerDeps, opts: { port: number; host: string }): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    // handle() catches everything it can; this catches a logger that throws.
    handle({ deps, req, res, language: 'en' }).catch(() => res.destroy());
  });
  return listen(server, opts.port, opts.host);
}

async function handle(ex: Exchange): Promise<void> {
  try {
    await route(ex);
  } catch (err) {
    // The message only: a stack or the request body could carry customer data.
    ex.deps.log.error({ error: err instanceof Error ? err.message : String(err), method: ex.req.method, path: pathOf(ex.req.url) }, 'rating request failed');
    if (!ex.res.headersSent) sendMessage(ex, 500, 'error');
    else ex.res.destroy();
  }
}

async function route(ex: Exchange): Promise<void> {
  const path = pathOf(ex.req.url);
  const method = ex.req.method ?? 'GET';
  const readOnly = method === 'GET' || method === 'HEAD';
  if (path === '/healthz') return readOnly ? sendText(ex.res, 200, 'ok') : notAllowed(ex, 'GET, HEAD');
  const form = FORM_PATH.exec(path);
  if (form) return readOnly ? showForm(ex, form[1], form[2]) : notAllowed(ex, 'GET, HEAD');
  const post = POST_PATH.exec(path);
  if (post) return method === 'POST' ? submit(ex, post[1]) : notAllowed(ex, 'POST');
  sendMessage(ex, 404, 'notFound');
}

async function showForm(ex: Exchange, rawNumber: string, rawScore: string): Promise<void> {
  const signature = new URLSearchParams(queryOf(ex.req.url)).get('t') ?? '';
  const checked = await check(ex, rawNumber, rawScore, signature);
  if (!checked.ok) return sendMessage(ex, checked.status, checked.kind);
  ex.deps.log.info({ ticket: checked.ticket.number, score: checked.score }, 'rating form shown');
  // The page sits at /rate/N/S and posts to /rate/N: `../N` also works behind a proxy that adds a path prefix.
  sendHtml(ex.res, 200, (nonce) => renderRatingForm(pageOf(checked, `../${checked.ticket.number}`, undefined, nonce)));
}

async function submit(ex: Exchange, rawNumber: string): Promise<void> {
  if (!isFormPost(ex.req)) return sendMessage(ex, 415, 'unsupportedType');
  const body = await readBody(ex.req, RATING_BODY_LIMIT);
  // Connection: close, so that the rest of an oversized body is not read as the next request.
  if (body === undefined) return sendMessage(ex, 413, 'tooLarge', { Connection: 'close' });
  const form = new URLSearchParams(body);
  const checked = await check(ex, rawNumber, form.get('score') ?? '', form.get('t') ?? '');
  if (!checked.ok) return sendMessage(ex, checked.status, checked.kind);
  const comment = cleanComment(form.get('comment') ?? '');
  await ex.deps.record(checked.ticket.number, checked.score, comment);
  ex.deps.log.info({ ticket: checked.ticket.number, score: checked.score, hasComment: comment !== undefined }, 'rating recorded');
  // The thank-you page sits at /rate/N and posts to itself.
  sendHtml(ex.res, 200, (nonce) => renderThanks(pageOf(checked, checked.ticket.number, comment, nonce)));
}

/** See the module comment for the order of the checks. */
async function check(ex: Exchange, rawNumber: string, rawScore: string, signature: string): Promise<Checked> {
  if (!TICKET_NUMBER.test(rawNumber)) return { ok: false, status: 404, kind: 'invalid' };
  const number = rawNumber.toUpperCase();
  if (signature === '' || !ex.deps.verify(number, signature)) {
    ex.deps.log.warn({ ticket: number, method: ex.req.method }, 'rating link signature not valid');
    return { ok: false, status: 404, kind: 'invalid' };
  }
  const ticket = await ex.deps.lookup(number);
  if (!ticket) return { ok: false, status: 404, kind: 'invalid' };
  ex.language = ticket.language;
  if (!/^[1-5]$/.test(rawScore)) return { ok: false, status: 400, kind: 'badScore' };
  return { ok: true, ticket, score: Number(rawScore) as Score, signature };
}

function pageOf(checked: Extract<Checked, { ok: true }>, action: string, comment: string | undefined, nonce: string): RatingPage {
  const { ticket, score, signature } = checked;
  return { language: ticket.language, deskName: ticket.deskName, ticketNumber: ticket.number, score, signature, action, comment, nonce };
}

/**
 * Trimmed, cut to COMMENT_MAX_LENGTH characters (code points, so that an
 * emoji is not split), CRLF from browsers folded to LF, control characters
 * other than line breaks and tabs dropped: the comment ends up in mails to
 * agents. Undefined when nothing is left.
 */
function cleanComment(raw: string): string | undefined {
  const text = raw.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
  const cut = Array.from(text).slice(0, COMMENT_MAX_LENGTH).join('').trimEnd();
  return cut === '' ? undefined : cut;
}

function isFormPost(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/**
 * The body as UTF-8, or undefined when it exceeds `limit` bytes. Past the
 * limit the rest is still read and thrown away: closing a socket with unread
 * data makes TCP send a reset, and the client would lose the 413 response.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
      if (size > limit) resolve(undefined);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function notAllowed(ex: Exchange, allow: string): void {
  sendMessage(ex, 405, 'methodNotAllowed', { Allow: allow });
}

function sendMessage(ex: Exchange, status: number, kind: MessageKind, headers: Record<string, string> = {}): void {
  sendHtml(ex.res, status, (nonce) => renderMessage(ex.language, kind, nonce), headers);
}

/**
 * Every page gets a fresh nonce, and the policy allows only the inline style
 * and script that carry it. No referrer: the page URL holds the signature.
 */
function sendHtml(res: ServerResponse, status: number, render: (nonce: string) => string, headers: Record<string, string> = {}): void {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
  send(res, status, render(nonce), { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, ...headers });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, text, { 'Content-Type': 'text/plain; charset=utf-8' });
}

function queryOf(url: string | undefined): string {
  const raw = url ?? '';
  const q = raw.indexOf('?');
  return q < 0 ? '' : raw.slice(q + 1);
}
