import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { ratingSignature, verifyRatingSignature } from '../../src/domain/rating-link';
import { startRatingServer, type RatingServerDeps } from '../../src/web/rating-server';

const SECRET = 'test-secret-0123456789';

interface Ticket {
  number: string;
  language: 'en' | 'ru' | 'ro';
  deskName: string;
}

const TICKETS: Ticket[] = [
  { number: 'TG-000123', language: 'en', deskName: 'Example IT <Support>' },
  { number: 'TG-000200', language: 'ru', deskName: 'Служба поддержки' },
  { number: 'TG-000300', language: 'ro', deskName: 'Asistență IT' },
];

/** In-memory deps that remember what was recorded and logged. */
function memoryDeps() {
  const ratings = new Map<string, { score: number; comment: string | undefined }>();
  const logged: { level: string; o: object; m?: string }[] = [];
  const failing = { record: false };
  const log = (level: string) => (o: object, m?: string) => void logged.push({ level, o, m });
  const deps: RatingServerDeps = {
    lookup: async (number) => TICKETS.find((t) => t.number === number) ?? null,
    verify: (number, signature) => verifyRatingSignature([SECRET], number, signature),
    record: async (number, score, comment) => {
      if (failing.record) throw new Error('database is down');
      ratings.set(number, { score, comment });
    },
    log: { info: log('info'), warn: log('warn'), error: log('error') },
  };
  return { deps, ratings, logged, failing };
}

function sig(number: string): string {
  return ratingSignature(SECRET, number);
}

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

describe('rating-server', () => {
  let mem: ReturnType<typeof memoryDeps>;
  let server: { port: number; close(): Promise<void> };
  let base: string;

  beforeEach(async () => {
    mem = memoryDeps();
    server = await startRatingServer(mem.deps, { port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${server.port}`;
  });

  afterEach(async () => {
    await server.close();
  });

  describe('GET /rate/:number/:score', () => {
    it('returns the auto-submitting form with a nonce and security headers, and records nothing', async () => {
      const res = await fetch(`${base}/rate/TG-000123/4?t=${sig('TG-000123')}`);
      const html = await res.text();
      assert.equal(res.status, 200);
      assert.equal(mem.ratings.size, 0);
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, csp);
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.ok(html.includes(`<script nonce="${nonce}">`), 'the inline script carries the nonce');
      assert.equal(html.match(/<script/g)?.length, 1);
      assert.match(html, /form\.submit\(\)/);
      assert.match(html, /sessionStorage/);
      assert.match(html, /<form id="rating-form" method="post" action="\.\.\/TG-000123">/);
      assert.match(html, /<input type="hidden" name="score" value="4">/);
      assert.ok(html.includes(`<input type="hidden" name="t" value="${sig('TG-000123')}">`));
      assert.match(html, /<textarea[^>]*name="comment"/);
      assert.match(html, /<button type="submit">Send rating<\/button>/);
      assert.match(html, /<noscript>/);
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<meta name="viewport"/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
    });

    it('uses a fresh nonce per response', async () => {
      const url = `${base}/rate/TG-000123/4?t=${sig('TG-000123')}`;
      const [a, b] = await Promise.all([fetch(url), fetch(url)]);
      assert.notEqual(a.headers.get('content-security-policy'), b.headers.get('content-security-policy'));
    });

    it('accepts the ticket number in lower case', async () => {
      const res = await fetch(`${base}/rate/tg-000123/5?t=${sig('TG-000123')}`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /action="\.\.\/TG-000123"/);
    });

    it('serves a Russian page for a Russian ticket', async () => {
      const res = await fetch(`${base}/rate/TG-000200/5?t=${sig('TG-000200')}`);
      const html = await res.text();
      assert.equal(res.status, 200);
      assert.match(html, /<html lang="ru">/);
      assert.match(html, /Отправить оценку/);
      assert.match(html, /Вашу оценку 5 из 5/);
      assert.match(html, /Служба поддержки/);
    });

    it('serves a Romanian page for a Romanian ticket', async () => {
      const html = await (await fetch(`${base}/rate/TG-000300/3?t=${sig('TG-000300')}`)).text();
      assert.match(html, /<html lang="ro">/);
      assert.match(html, /Trimiteți evaluarea/);
      assert.match(html, /dumneavoastră/);
    });

    it('escapes the desk name', async () => {
      const html = await (await fetch(`${base}/rate/TG-000123/4?t=${sig('TG-000123')}`)).text();
      assert.ok(html.includes('Example IT &lt;Support&gt;'));
      assert.ok(!html.includes('<Support>'));
    });
  });

  describe('POST /rate/:number', () => {
    it('records the score and the comment and thanks in the ticket language', async () => {
      const res = await fetch(`${base}/rate/TG-000123`, form({ score: '4', t: sig('TG-000123'), comment: '  quick and kind  ' }));
      const html = await res.text();
      assert.equal(res.status, 200);
      assert.deepEqual(mem.ratings.get('TG-000123'), { score: 4, comment: 'quick and kind' });
      assert.match(html, /Thank you!/);
      assert.match(html, /rating of 4 out of 5/);
      assert.match(html, /action="TG-000123"/);
      assert.match(html, /<textarea[^>]*>quick and kind<\/textarea>/);
      assert.equal(html.match(/<script/g), null, 'the thank-you page does not post itself again');
      assert.ok(mem.logged.some((l) => l.level === 'info' && l.m === 'rating recorded'));
    });

    it('records without a comment when it is empty', async () => {
      await fetch(`${base}/rate/TG-000123`, form({ score: '5', t: sig('TG-000123'), comment: '   ' }));
      assert.deepEqual(mem.ratings.get('TG-000123'), { score: 5, comment: undefined });
    });

    it('replaces the rating on a second post', async () => {
      await fetch(`${base}/rate/TG-000123`, form({ score: '2', t: sig('TG-000123') }));
      const res = await fetch(`${base}/rate/TG-000123`, form({ score: '3', t: sig('TG-000123'), comment: 'better after all' }));
      assert.equal(res.status, 200);
      assert.deepEqual(mem.ratings.get('TG-000123'), { score: 3, comment: 'better after all' });
    });

    it('cuts the comment to 2000 characters', async () => {
      await fetch(`${base}/rate/TG-000123`, form({ score: '5', t: sig('TG-000123'), comment: `${'a'.repeat(1999)}bcdef` }));
      assert.equal(mem.ratings.get('TG-000123')?.comment, `${'a'.repeat(1999)}b`);
    });

    it('keeps line breaks of a comment as LF and drops control characters', async () => {
      await fetch(`${base}/rate/TG-000200`, form({ score: '3', t: sig('TG-000200'), comment: 'долго\r\nждали\u0007' }));
      assert.equal(mem.ratings.get('TG-000200')?.comment, 'долго\nждали');
    });

    it('escapes a comment with markup on the thank-you page', async () => {
      const comment = '<script>alert("x")</script> & \'more\'';
      const html = await (await fetch(`${base}/rate/TG-000123`, form({ score: '1', t: sig('TG-000123'), comment }))).text();
      assert.equal(mem.ratings.get('TG-000123')?.comment, comment);
      assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;'));
      assert.ok(!html.includes('<script>alert'));
    });

    it('thanks in Russian for a Russian ticket', async () => {
      const html = await (await fetch(`${base}/rate/TG-000200`, form({ score: '5', t: sig('TG-000200') }))).text();
      assert.match(html, /Спасибо!/);
      assert.match(html, /Вашу оценку 5 из 5 по заявке TG-000200/);
    });

    it('refuses a body over 8 KB with 413 and records nothing', async () => {
      const res = await fetch(`${base}/rate/TG-000123`, form({ score: '5', t: sig('TG-000123'), comment: 'x'.repeat(9000) }));
      assert.equal(res.status, 413);
      assert.equal(mem.ratings.size, 0);
    });

    it('refuses a body over 8 KB sent without a length (chunked)', async () => {
      const status = await postChunked(server.port, '/rate/TG-000123', [`score=5&t=${sig('TG-000123')}&comment=`, 'y'.repeat(6000), 'y'.repeat(6000)]);
      assert.equal(status, 413);
      assert.equal(mem.ratings.size, 0);
    });

    it('refuses another content type with 415', async () => {
      const res = await fetch(`${base}/rate/TG-000123`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"score":5}' });
      assert.equal(res.status, 415);
      assert.equal(mem.ratings.size, 0);
    });
  });

  describe('refusals', () => {
    it('answers 404 "not valid" for a bad signature, on GET and POST, and records nothing', async () => {
      const wrong = ratingSignature('other-secret', 'TG-000123');
      for (const res of [
        await fetch(`${base}/rate/TG-000123/5?t=${wrong}`),
        await fetch(`${base}/rate/TG-000123/5`),
        await fetch(`${base}/rate/TG-000123/5?t=${sig('TG-000124')}`),
        await fetch(`${base}/rate/TG-000123`, form({ score: '5', t: wrong })),
      ]) {
        assert.equal(res.status, 404);
        assert.match(await res.text(), /This link is not valid/);
      }
      assert.equal(mem.ratings.size, 0);
      assert.ok(mem.logged.some((l) => l.level === 'warn'));
    });

    it('answers 404 "not valid" in English for an unknown ticket with a valid signature', async () => {
      const res = await fetch(`${base}/rate/TG-999999/5?t=${sig('TG-999999')}`);
      const html = await res.text();
      assert.equal(res.status, 404);
      assert.match(html, /<html lang="en">/);
      assert.match(html, /This link is not valid/);
    });

    it('answers 404 for a malformed ticket number', async () => {
      for (const number of ['TG-123', '1G-000123', 'TG_000123', 'TG-000123x']) {
        const res = await fetch(`${base}/rate/${number}/5?t=${sig(number)}`);
        assert.equal(res.status, 404, number);
      }
    });

    it('answers 400 for a score outside 1-5, in the ticket language', async () => {
      for (const score of ['9', '0', '45', 'five', '4.5']) {
        const res = await fetch(`${base}/rate/TG-000200/${score}?t=${sig('TG-000200')}`);
        assert.equal(res.status, 400, score);
        assert.match(await res.text(), /Неизвестная оценка/);
      }
      const res = await fetch(`${base}/rate/TG-000123`, form({ score: '9', t: sig('TG-000123') }));
      assert.equal(res.status, 400);
      assert.equal(mem.ratings.size, 0);
    });

    it('answers 404 for other paths and 405 for other methods', async () => {
      assert.equal((await fetch(`${base}/`)).status, 404);
      assert.equal((await fetch(`${base}/rate`)).status, 404);
      assert.equal((await fetch(`${base}/rate/TG-000123/5/extra`)).status, 404);
      const put = await fetch(`${base}/rate/TG-000123/5?t=${sig('TG-000123')}`, { method: 'PUT' });
      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'GET, HEAD');
      const get = await fetch(`${base}/rate/TG-000123`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
      assert.equal((await fetch(`${base}/healthz`, { method: 'POST' })).status, 405);
    });

    it('answers GET /healthz with ok', async () => {
      const res = await fetch(`${base}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'ok');
    });

    it('answers 500 when recording fails, logs the message, and keeps serving', async () => {
      mem.failing.record = true;
      const res = await fetch(`${base}/rate/TG-000200`, form({ score: '5', t: sig('TG-000200'), comment: 'secret details' }));
      assert.equal(res.status, 500);
      assert.match(await res.text(), /Что-то пошло не так/);
      const error = mem.logged.find((l) => l.level === 'error');
      assert.deepEqual(error?.o, { error: 'database is down', method: 'POST', path: '/rate/TG-000200' });
      mem.failing.record = false;
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      assert.equal((await fetch(`${base}/rate/TG-000200`, form({ score: '5', t: sig('TG-000200') }))).status, 200);
    });

    it('answers 500 when the lookup throws', async () => {
      mem.deps.lookup = async () => {
        throw new Error('lookup failed');
      };
      const res = await fetch(`${base}/rate/TG-000123/5?t=${sig('TG-000123')}`);
      assert.equal(res.status, 500);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.ok(mem.logged.some((l) => l.level === 'error'));
    });
  });
});

/** fetch always sends a length for a string body; a raw request can stream without one. */
function postChunked(port: number, path: string, chunks: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
