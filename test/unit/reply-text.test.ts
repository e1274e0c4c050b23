import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractReplyText, type ReplyText } from '../../src/domain/reply-text';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/replies');
const DEV_SET = path.resolve(__dirname, '../../../../shared/triage/dev.jsonl');

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** A fixture as the customer sent it: `.html` files are HTML-only mail (empty text part). */
function extractFixture(name: string): ReplyText {
  return name.endsWith('.html') ? extractReplyText('', fixture(name)) : extractReplyText(fixture(name));
}

/** [fixture, marker, expected text, signature removed]; quoted follows from a history marker. */
type Case = [file: string, marker: string | undefined, text: string, signatureRemoved?: boolean];

function expectReply(actual: ReplyText, text: string, marker?: string, signatureRemoved = false): void {
  assert.equal(actual.text, text);
  assert.equal(actual.marker, marker);
  assert.equal(actual.quoted, marker !== undefined && !marker.startsWith('signature-'));
  assert.equal(actual.signatureRemoved, signatureRemoved);
}

function runCases(cases: readonly Case[]): void {
  for (const [file, marker, text, signatureRemoved] of cases) {
    it(`${file} → ${marker ?? 'unchanged'}`, () => expectReply(extractFixture(file), text, marker, signatureRemoved));
  }
}

describe('extractReplyText', () => {
  describe('English', () => {
    runCases([
      [
        'gmail-en.txt',
        'gmail-en',
        'Hi,\n\nThe printer is jammed again, same tray as last week. I restarted it\n' +
          'twice and it still shows error J-0501.\n\nThanks, Ana',
      ],
      [
        'gmail-en-wrapped.txt',
        'gmail-en',
        'Yes, the laptop is the ThinkPad T14 with serial PF-3KX91Z.\n\nAna Pop\nAccounts, Client Example SRL',
      ],
      [
        'outlook-original-en.txt',
        'outlook-original-en',
        'Hello,\n\nWe still cannot print from the second floor. The queue shows 14 jobs\nwaiting.\n\n' +
          'Regards,\nMark Ellis\nOperations, Northwind Ltd',
      ],
      ['outlook-header-en.txt', 'outlook-header-en', 'That worked, thank you. You can close the ticket.\n\nMark', true],
      ['windows-mail-en.txt', 'outlook-header-en', 'The new password works, thank you!', true],
      ['apple-en.txt', 'apple-en', 'Still no VPN since this morning, tried from home and from the office.', true],
      [
        'thunderbird-forward-en.txt',
        'forward-en',
        'Forwarding the error our accountant got this morning, see below.\nIt happens on every invoice export.',
        true,
      ],
      [
        'interleaved-en.txt',
        'quote-prefix',
        'Kyocera ECOSYS M2040dn, on the second floor.\n\nOver the network, IP 10.0.2.15.\n\n' +
          'Yes: "Paper jam in tray 2".\n\nThanks,\nAna',
        true,
      ],
      [
        'outlook-desktop-en.html',
        'outlook-header-en',
        'Hello,\n\nThe scanner on the 3rd floor still sends empty PDFs & the log says "no paper".\n\nRegards,\nMark',
      ],
      ['thunderbird-interleaved-en.html', 'quote-prefix', 'Firefox 133 on Windows 11.\nNo, same blank page.\nThanks,\nMark'],
    ]);
  });

  describe('Russian', () => {
    runCases([
      [
        'gmail-ru.txt',
        'gmail-ru',
        'Здравствуйте!\n\nПринтер в бухгалтерии снова не печатает, горит оранжевая лампочка.\n' +
          'Перезагружали два раза.\n\nСпасибо, Иван',
      ],
      ['mailru-ru.txt', 'attribution-ru', 'Добрый день, пароль так и не пришёл на почту.', true],
      [
        'outlook-original-ru.txt',
        'outlook-original-ru',
        'Добрый день,\n\nпосле обновления 1С не запускается на трёх рабочих местах, ошибка\n' +
          '"Не найден файл лицензии".\n\nС уважением,\nОльга Смирнова\nглавный бухгалтер, ООО "Северный ветер"',
      ],
      ['outlook-header-ru.txt', 'outlook-header-ru', 'Проверили, всё работает. Заявку можно закрыть.\n\nСпасибо, Ольга'],
      ['thunderbird-ru.txt', 'attribution-ru', 'Модель ноутбука: Lenovo ThinkPad E15, инвентарный номер 00417.', true],
      ['apple-ru.txt', 'apple-ru', 'Да, сканер подключён по USB.', true],
      [
        'interleaved-ru.txt',
        'quote-prefix',
        'Добрый день.\n\nПятеро, все из отдела продаж.\n\n"Неверное имя пользователя или пароль".\n\nСпасибо, Иван',
      ],
      [
        'outlook-web-ru.html',
        'html-outlook-reply',
        'Здравствуйте,\n\nпринтер снова не печатает, на экране «Замятие бумаги».\n\nСпасибо, Ольга',
      ],
    ]);
  });

  describe('Romanian', () => {
    runCases([
      [
        'gmail-ro.txt',
        'gmail-ro',
        'Bună ziua,\n\nImprimanta de la etajul 2 tot nu funcționează, afișează eroarea C6000.\n\nMulțumesc, Ion',
      ],
      ['gmail-ro-in-data-de.txt', 'gmail-ro', 'Am repornit routerul, internetul merge din nou. Puteți închide tichetul.'],
      [
        'outlook-original-ro.txt',
        'outlook-original-ro',
        'Bună ziua,\n\nContul meu este blocat din nou după schimbarea parolei.\n\n' +
          'Cu stimă,\nMaria Ionescu\nDepartamentul Financiar',
      ],
      ['outlook-header-ro.txt', 'outlook-header-ro', 'Acum merge, mulțumesc frumos!', true],
      [
        'thunderbird-ro.txt',
        'thunderbird-original-ro',
        'Bună ziua,\n\nVă trimit mai jos mesajul de eroare primit de colega mea.',
      ],
      ['apple-ro.txt', 'apple-ro', 'Laptopul este un Dell Latitude 5420, seria 7HX2Q93.', true],
      [
        'signature-ro.txt',
        'signature-dashes',
        'Bună ziua,\n\nDe ieri nu ne putem conecta la VPN din sucursala Cluj.\n' +
          'Am scris: "vpn.client.example" în client, dar apare eroarea 809.\n\nMulțumesc, Ion',
        true,
      ],
      [
        'gmail-ro.html',
        'html-gmail-quote',
        // &#355; in the source is t-cedilla (U+0163), the legacy form of ț: kept as written.
        'Bună ziua,\n\nAm primit laptopul înapoi, funcționează și bateria încarcă.\n' +
          'Pute\u0163i închide solicitarea.\n\nMulțumesc,\nIon',
        true,
      ],
    ]);
  });

  describe('false positives', () => {
    it('keeps "From:" and "wrote:" in prose and closing words (en)', () => {
      expectReply(extractFixture('false-positive-en.txt'), fixture('false-positive-en.txt').trim());
    });

    it('keeps "написал:" and "От:" in prose (ru)', () => {
      expectReply(extractFixture('false-positive-ru.txt'), fixture('false-positive-ru.txt').trim());
    });

    it('does not cut at a From line with a single header line under it and no address', () => {
      const text = 'Route for the courier:\nFrom: Str. Lalelelor 5\nTo: our warehouse in Ilfov\n\nThanks, Ion';
      expectReply(extractReplyText(text), text);
    });

    it('cuts at a From line with an address and one header line under it', () => {
      const text = 'Works now.\n\nFrom: Ticketgate Support <support@ticketgate.example>\nSent: Monday\n\nOld text';
      expectReply(extractReplyText(text), 'Works now.', 'outlook-header-en');
    });

    it('does not cut at an "On <date> ... wrote:" line without a name after the date', () => {
      const text = 'On 3 March 2026 your colleague wrote:\nplease reboot the router. We did.';
      expectReply(extractReplyText(text), text);
    });

    it('does not treat a dash rule or a "Sent from" sentence as a signature', () => {
      const text = 'Step 1 ---\nSent from my desk phone the call drops after 10 s.';
      expectReply(extractReplyText(text), text);
    });

    it('leaves every first-contact mail of the dev set unchanged', () => {
      const records = readFileSync(DEV_SET, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { id: string; body: string });
      for (const { id, body } of records) {
        const result = extractReplyText(body);
        assert.equal(result.marker, undefined, `${id}: ${result.marker}`);
        assert.equal(result.text, body.replace(/[ \t]+$/gm, '').trim(), id);
      }
    });
  });

  describe('fallbacks', () => {
    it('returns a mail that is only a quote whole', () => {
      expectReply(extractFixture('only-quote-en.txt'), fixture('only-quote-en.txt').trim());
    });

    it('returns a forward with nothing added whole', () => {
      expectReply(extractFixture('forward-only-ru.txt'), fixture('forward-only-ru.txt').trim());
    });

    it('returns an HTML mail that is only a Gmail quote as its whole text', () => {
      const html =
        '<div dir="ltr"><br></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
        'On Mon, 23 Nov 2026 at 10:00, Support &lt;support@ticketgate.example&gt; wrote:<br></div>' +
        '<blockquote class="gmail_quote"><div>Your request was received.</div></blockquote></div>';
      expectReply(
        extractReplyText('', html),
        'On Mon, 23 Nov 2026 at 10:00, Support <support@ticketgate.example> wrote:\nYour request was received.',
      );
    });

    it('returns a mail that is only a signature whole', () => {
      expectReply(extractReplyText('-- \nAna Pop\n+40 21 555 0101\n'), '--\nAna Pop\n+40 21 555 0101');
    });

    it('returns empty text for an empty mail', () => {
      expectReply(extractReplyText('  \r\n '), '');
      expectReply(extractReplyText('', '  '), '');
    });
  });

  describe('quote prefix and signatures', () => {
    it('drops a trailing > block without an attribution line', () => {
      const text = 'Done, it works now.\n\n> Please try again\n> and tell us.\n';
      expectReply(extractReplyText(text), 'Done, it works now.', 'quote-prefix');
    });

    it('cuts at a bare "Name wrote:" right above > lines', () => {
      const text = 'Reset done, thanks.\n\nAna Pop wrote:\n> Please reset the password.';
      expectReply(extractReplyText(text), 'Reset done, thanks.', 'attribution-en');
    });

    it('ignores markers inside the quoted lines', () => {
      const text = 'Yes.\n> -----Original Message-----\n> From: Support <support@ticketgate.example>\n';
      expectReply(extractReplyText(text), 'Yes.', 'quote-prefix');
    });

    it('cuts at the RFC 3676 delimiter "-- "', () => {
      const text = 'Please reset my password.\n\nThanks, Ana\n-- \nAna Pop\nClient Example SRL';
      expectReply(extractReplyText(text), 'Please reset my password.\n\nThanks, Ana', 'signature-dashes', true);
    });

    it('reports the history marker when a signature above it was cut too', () => {
      const result = extractFixture('thunderbird-ru.txt');
      assert.deepEqual(result, {
        text: 'Модель ноутбука: Lenovo ThinkPad E15, инвентарный номер 00417.',
        quoted: true,
        signatureRemoved: true,
        marker: 'attribution-ru',
      });
    });
  });

  describe('input forms', () => {
    it('reads CRLF input like LF input', () => {
      for (const file of ['gmail-ru.txt', 'outlook-header-en.txt', 'interleaved-en.txt', 'signature-ro.txt']) {
        const lf = fixture(file);
        assert.deepEqual(extractReplyText(lf.replace(/\n/g, '\r\n')), extractReplyText(lf), file);
      }
    });

    it('reads a CRLF Outlook reply with trailing blanks', () => {
      const raw = fixture('outlook-crlf-ro.txt');
      assert.ok(raw.includes('\r\n'), 'the fixture must keep its CRLF line ends');
      const text = 'Bună ziua,\n\nAm schimbat cartușul, dar imprimanta tot afișează „Toner gol”.\n\n\nMulțumesc,\nMaria';
      expectReply(extractReplyText(raw), text, 'outlook-original-ro');
    });

    it('normalises line ends, trailing blanks and runs of blank lines', () => {
      const text = '\r\n  Hello   \r\rline two\t\n\n\n\n\n\nline three  \r\n\r\n';
      expectReply(extractReplyText(text), 'Hello\n\nline two\n\n\nline three');
    });

    it('uses the text part when there is one, not the HTML', () => {
      expectReply(extractReplyText('Plain part.', '<div>HTML part</div>'), 'Plain part.');
    });

    it('reads CRLF HTML like LF HTML', () => {
      const html = fixture('outlook-web-ru.html');
      assert.deepEqual(extractReplyText('', html.replace(/\n/g, '\r\n')), extractReplyText('', html));
    });
  });
});
