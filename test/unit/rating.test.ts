import { strict as assert } from 'node:assert';
import { parseRating, type Rating } from '../../src/domain/rating';

/** [reply text, expected rating] */
type Case = readonly [string, Rating];

const ACCEPTED_EN: Case[] = [
  ['5', { score: 5 }],
  ['5.', { score: 5 }],
  ['5!', { score: 5 }],
  ['5!!!', { score: 5 }],
  ['5/5', { score: 5 }],
  ['4 / 5', { score: 4 }],
  ['4 out of 5', { score: 4 }],
  ['4 of 5', { score: 4 }],
  ['4 stars', { score: 4 }],
  ['1 star', { score: 1 }],
  ['4/5 stars', { score: 4 }],
  ['Rating: 4', { score: 4 }],
  ['rating 2', { score: 2 }],
  ['Score 3', { score: 3 }],
  ['SCORE: 3', { score: 3 }],
  ['My rating is 5', { score: 5 }],
  ["I'd give it 4 stars", { score: 4 }],
  ['five', { score: 5 }],
  ['Five!', { score: 5 }],
  ['four', { score: 4 }],
  ['three.', { score: 3 }],
  ['two', { score: 2 }],
  ['one', { score: 1 }],
  ['five stars', { score: 5 }],
  ['four out of five', { score: 4 }],
  ['★★★★☆', { score: 4 }],
  ['★★★★★', { score: 5 }],
  ['★☆☆☆☆', { score: 1 }],
  ['⭐⭐⭐⭐', { score: 4 }],
  ['⭐️⭐️⭐️', { score: 3 }],
  ['⭐ ⭐ ⭐ ⭐ ⭐', { score: 5 }],
  ['5⭐', { score: 5 }],
];

const ACCEPTED_RU: Case[] = [
  ['4 из 5', { score: 4 }],
  ['4 звезды', { score: 4 }],
  ['5 звёзд', { score: 5 }],
  ['5 звезд', { score: 5 }],
  ['1 звезда', { score: 1 }],
  ['Оценка: 5', { score: 5 }],
  ['оценка 5', { score: 5 }],
  ['ОЦЕНКА — 3', { score: 3 }],
  ['Моя оценка: 4', { score: 4 }],
  ['Ставлю 5', { score: 5 }],
  ['ставлю пятёрку', { score: 5 }],
  ['пять', { score: 5 }],
  ['Пять!', { score: 5 }],
  ['четыре', { score: 4 }],
  ['три', { score: 3 }],
  ['два', { score: 2 }],
  ['один', { score: 1 }],
  ['единица', { score: 1 }],
  ['пятёрка', { score: 5 }],
  ['пятерка', { score: 5 }],
  ['Четвёрка', { score: 4 }],
  ['пять звёзд', { score: 5 }],
  ['4 из пяти', { score: 4 }],
];

const ACCEPTED_RO: Case[] = [
  ['4 din 5', { score: 4 }],
  ['4 stele', { score: 4 }],
  ['5 stele', { score: 5 }],
  ['1 stea', { score: 1 }],
  ['Nota 4', { score: 4 }],
  ['Notă: 4', { score: 4 }],
  ['NOTĂ: 2', { score: 2 }],
  ['nota mea este 5', { score: 5 }],
  ['Scor: 3', { score: 3 }],
  ['cinci', { score: 5 }],
  ['Cinci!', { score: 5 }],
  ['patru', { score: 4 }],
  ['trei', { score: 3 }],
  ['doi', { score: 2 }],
  ['două', { score: 2 }],
  ['doua', { score: 2 }],
  ['unu', { score: 1 }],
  ['cinci stele', { score: 5 }],
  ['4 din cinci', { score: 4 }],
];

const WITH_COMMENTS: Case[] = [
  ['5 - thanks, quick help', { score: 5, comment: 'thanks, quick help' }],
  ['5 – thanks', { score: 5, comment: 'thanks' }],
  ['4. Good, but slow', { score: 4, comment: 'Good, but slow' }],
  ['5! You are the best', { score: 5, comment: 'You are the best' }],
  ['4/5 - printer works again', { score: 4, comment: 'printer works again' }],
  ['4 stars great service', { score: 4, comment: 'great service' }],
  ['Rating: 4 took a while', { score: 4, comment: 'took a while' }],
  ['★★★★☆ almost perfect', { score: 4, comment: 'almost perfect' }],
  ['five - great', { score: 5, comment: 'great' }],
  ['3 — долго ждали', { score: 3, comment: 'долго ждали' }],
  ['Оценка: 4, но долго', { score: 4, comment: 'но долго' }],
  ['пять, спасибо!', { score: 5, comment: 'спасибо!' }],
  ['2, prea lent', { score: 2, comment: 'prea lent' }],
  ['Nota 5 - mulțumesc frumos', { score: 5, comment: 'mulțumesc frumos' }],
  ['două: nu a rezolvat nimic', { score: 2, comment: 'nu a rezolvat nimic' }],
  ['5\nThanks for the quick fix', { score: 5, comment: 'Thanks for the quick fix' }],
  ['4 - good\nbut the first answer\ntook two days', { score: 4, comment: 'good\nbut the first answer\ntook two days' }],
  ['3\r\n\r\nСпасибо, но долго.\r\n', { score: 3, comment: 'Спасибо, но долго.' }],
  ['5 :)', { score: 5, comment: ':)' }],
  ['4:-(', { score: 4, comment: ':-(' }],
  ['5    -    many   thanks', { score: 5, comment: 'many thanks' }],
  ['5 -   ', { score: 5 }],
  ['4.\n\n', { score: 4 }],
];

const REJECTED: string[] = [
  '',
  '   \n\n  ',
  '0',
  '6',
  '10',
  '10/10',
  '9/10',
  '4/10',
  '4 out of 10',
  '4 из 10',
  'Nota 10',
  'Rating: 7',
  '★★★★★★',
  '☆☆☆',
  '3 printers are broken',
  '5 users cannot log in',
  '2 more questions',
  'one more question',
  'two printers are down',
  'три дня жду ответа',
  '5 пользователей не могут войти',
  'doi utilizatori nu se pot conecta',
  '4.5',
  '4,5',
  '2.0 version is broken',
  '502 again',
  '404 on the portal',
  '5:30 tomorrow?',
  '1-2-2024',
  '2024-05-03',
  '05.03.2024',
  '5.03.2024',
  '3/4/2024',
  '4/5/2024',
  '5 March',
  '3 мая',
  '5 mai',
  '5th floor printer',
  '3x slower',
  '5%',
  '5?',
  'It still does not work',
  'Всё ещё не работает',
  'Tot nu funcționează',
  'Thanks, five stars would be too much',
  'Scorecard 5',
  'I give up',
  '1. The printer is broken\n2. The scanner too',
  '-5',
];

describe('rating', () => {
  describe('parseRating accepts a rating at the start of the reply', () => {
    for (const [lang, cases] of [['en', ACCEPTED_EN], ['ru', ACCEPTED_RU], ['ro', ACCEPTED_RO]] as const) {
      for (const [text, expected] of cases) {
        it(`${lang}: ${JSON.stringify(text)} -> ${expected.score}`, () => {
          assert.deepEqual(parseRating(text), expected);
        });
      }
    }
  });

  describe('parseRating keeps the comment after a separator and on the following lines', () => {
    for (const [text, expected] of WITH_COMMENTS) {
      it(JSON.stringify(text), () => {
        assert.deepEqual(parseRating(text), expected);
      });
    }
  });

  describe('parseRating rejects what is not clearly a rating', () => {
    for (const text of REJECTED) {
      it(JSON.stringify(text), () => {
        assert.equal(parseRating(text), undefined);
      });
    }
  });

  describe('parseRating cleans the first line', () => {
    it('skips leading empty lines and white space', () => {
      assert.deepEqual(parseRating('\n\n   \t4 - ok\n'), { score: 4, comment: 'ok' });
    });

    it('ignores a leading quote marker', () => {
      assert.deepEqual(parseRating('> 5'), { score: 5 });
      assert.deepEqual(parseRating('>> 3 - slow'), { score: 3, comment: 'slow' });
    });

    it('ignores a byte order mark and non-breaking spaces', () => {
      assert.deepEqual(parseRating('\uFEFF\u00A05\u00A0/\u00A05'), { score: 5 });
    });

    it('only looks at the first non-empty line: a rating further down is not one', () => {
      assert.equal(parseRating('The printer still jams.\n5'), undefined);
    });

    it('stays fast on long runs of white space (no catastrophic backtracking)', () => {
      const started = Date.now();
      for (const text of [`Rating${' '.repeat(50_000)}x`, `4 /${'\t'.repeat(50_000)}x`, `★${' ★'.repeat(20_000)}`]) {
        assert.equal(parseRating(text), undefined);
      }
      assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
    });

    it('accepts "5." followed by prose that is not a numbered list', () => {
      assert.deepEqual(parseRating('5.\nThe technician was great.'), { score: 5, comment: 'The technician was great.' });
    });
  });
});
