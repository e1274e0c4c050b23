import { strict as assert } from 'node:assert';
import { DEFAULT_PROBLEM_RULES, matchProblem, type OpenCase } from '../../src/domain/problems';
import { similarity, terms, TermIndex } from '../../src/domain/similarity';
import type { Language } from '../../src/domain/types';

/** Five customers reporting one VPN outage, in their own words and languages. */
const VPN_DOWN: Array<[Language, string]> = [
  ['en', 'VPN not connecting since this morning'],
  ['en', 'Cannot connect to the VPN, error 809'],
  ['ru', 'VPN не подключается с утра'],
  ['ru', 'Не могу подключиться к VPN'],
  ['ro', 'VPN-ul nu se conectează de azi dimineață'],
];

/** Longer reports of the same outage, with the noise real mails carry. */
const VPN_DOWN_LONGER: Array<[Language, string]> = [
  ['en', 'Hi team, since 9am none of us can get on the VPN from home. FortiClient just says connection failed.'],
  ['ru', 'Добрый день! С утра не работает VPN, вся бухгалтерия сидит без доступа к 1С.'],
  ['ro', 'Bună ziua, nu ne putem conecta la VPN, primim eroarea 809.'],
  ['en', 'Our VPN is down for everyone in the Iasi office, nobody can reach the ERP.'],
  ['ru', 'Впн отваливается каждые 5 минут, работать невозможно'],
];

const UNRELATED: Array<[Language, string]> = [
  ['en', 'The printer on the 2nd floor is out of toner, can you send a new cartridge?'],
  ['en', 'Question about invoice 2024-0113: why were we charged twice this month?'],
  ['en', 'I forgot my password, please reset it'],
  ['en', 'Outlook keeps crashing when I open an attachment'],
];

/** Other problems with the same symptom or product as the VPN outage. */
const NEAR_MISSES: Array<[Language, string]> = [
  ['en', 'Cannot connect to the Wi-Fi in meeting room B'],
  ['ru', 'Не могу подключиться к сетевой папке'],
  ['en', 'Outlook cannot connect to the server, error 0x800CCC0E'],
  ['ro', 'Nu mă pot conecta prin Remote Desktop la server'],
  ['en', 'Internet is very slow in the office today'],
];

const NOW = new Date('2024-05-06T10:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

/** One open case per mail, each from another customer, a minute apart, all in one category. */
function cases(mails: Array<[Language, string]>, prefix: string): OpenCase[] {
  return mails.map(([lang, text], i) => ({
    ticketId: `${prefix}${i}`,
    requester: `user${i}@${prefix}${i}.example`,
    category: 'network',
    createdAt: minutesAgo(i + 1),
    terms: terms(text, lang),
  }));
}

const ALL = [...cases(VPN_DOWN, 'vpn'), ...cases(VPN_DOWN_LONGER, 'vpnlong'), ...cases(UNRELATED, 'other'), ...cases(NEAR_MISSES, 'near')];

/** Idf as matchProblem sees it: from all the cases. */
function scorer(all: OpenCase[]): (a: OpenCase, b: OpenCase) => number {
  const idx = new TermIndex();
  all.forEach((c) => idx.add(c.ticketId, c.terms, undefined));
  return (a, b) => similarity(a.terms, b.terms, (term) => idx.idf(term));
}

/** The best match of `newCase` among all the other cases, as if it had just arrived. */
function bestMatch(newCase: OpenCase) {
  return matchProblem({ ...newCase, createdAt: NOW }, ALL.filter((c) => c !== newCase), DEFAULT_PROBLEM_RULES);
}

describe('problem matching on realistic mails', () => {
  const score = scorer(ALL);
  const vpn = ALL.filter((c) => c.ticketId.startsWith('vpn') && !c.ticketId.startsWith('vpnlong'));
  const unrelated = ALL.filter((c) => c.ticketId.startsWith('other'));
  const near = ALL.filter((c) => c.ticketId.startsWith('near'));

  it('finds every pair of the five VPN reports similar, in and across languages', () => {
    for (const a of vpn) {
      for (const b of vpn) {
        if (a === b) continue;
        assert.ok(score(a, b) >= DEFAULT_PROBLEM_RULES.minScore, `${a.ticketId}-${b.ticketId}: ${score(a, b).toFixed(2)}`);
        assert.ok(similarity(a.terms, b.terms) >= 0.7, `${a.ticketId}-${b.ticketId} without idf`);
      }
    }
  });

  it('links each VPN report to another VPN report', () => {
    for (const c of [...vpn, ...ALL.filter((x) => x.ticketId.startsWith('vpnlong'))]) {
      const found = bestMatch(c);
      assert.ok(found && found.match.ticketId.startsWith('vpn'), `${c.ticketId}: ${found?.match.ticketId}`);
      assert.ok(found.score >= DEFAULT_PROBLEM_RULES.minScore);
    }
  });

  it('keeps unrelated mails apart from the VPN reports and from each other', () => {
    for (const a of unrelated) {
      for (const b of [...vpn, ...unrelated]) {
        if (a !== b) assert.ok(score(a, b) < 0.15, `${a.ticketId}-${b.ticketId}: ${score(a, b).toFixed(2)}`);
      }
    }
  });

  it('keeps other problems with the same symptom or product below the bar', () => {
    for (const a of near) {
      for (const b of [...vpn, ...unrelated, ...near]) {
        if (a !== b) assert.ok(score(a, b) < DEFAULT_PROBLEM_RULES.minScore - 0.03, `${a.ticketId}-${b.ticketId}: ${score(a, b).toFixed(2)}`);
      }
    }
    for (const c of [...unrelated, ...near]) assert.equal(bestMatch(c), undefined, c.ticketId);
  });
});

describe('matchProblem', () => {
  const rules = { windowHours: 24, minScore: 0.4 };
  const newCase: OpenCase = {
    ticketId: 'new',
    requester: 'ana@acme.example',
    category: 'network',
    createdAt: NOW,
    terms: terms('Cannot connect to the VPN, error 809', 'en'),
  };
  const earlier = (over: Partial<OpenCase>): OpenCase => ({
    ticketId: 'old',
    requester: 'ivan@globex.example',
    category: 'network',
    createdAt: minutesAgo(30),
    terms: terms('VPN не подключается с утра', 'ru'),
    ...over,
  });

  it('matches another customer, also one of the same company', () => {
    assert.equal(matchProblem(newCase, [earlier({})], rules)?.match.ticketId, 'old');
    assert.equal(matchProblem(newCase, [earlier({ requester: 'bob@acme.example' })], rules)?.match.ticketId, 'old');
  });

  it('never matches the same requester, however the address is written', () => {
    const same = { terms: newCase.terms };
    assert.equal(matchProblem(newCase, [earlier({ ...same, requester: 'ana@acme.example' })], rules), undefined);
    assert.equal(matchProblem(newCase, [earlier({ ...same, requester: 'Ana Pop <ANA@Acme.example>' })], rules), undefined);
    assert.equal(matchProblem({ ...newCase, requester: ' Ana@acme.example ' }, [earlier({ ...same, requester: 'ana@acme.example' })], rules), undefined);
  });

  it('never matches outside the window, nor a case created after the new one', () => {
    assert.ok(matchProblem(newCase, [earlier({ createdAt: minutesAgo(24 * 60) })], rules));
    assert.equal(matchProblem(newCase, [earlier({ createdAt: minutesAgo(24 * 60 + 1) })], rules), undefined);
    assert.equal(matchProblem(newCase, [earlier({ createdAt: minutesAgo(-5) })], rules), undefined);
    assert.equal(matchProblem(newCase, [earlier({ createdAt: minutesAgo(3 * 60) })], { ...rules, windowHours: 2 }), undefined);
  });

  it('never matches another category, nor the case itself', () => {
    assert.equal(matchProblem(newCase, [earlier({ category: 'software' })], rules), undefined);
    assert.equal(matchProblem(newCase, [earlier({ category: undefined })], rules), undefined);
    assert.equal(matchProblem(newCase, [earlier({ ticketId: 'new', requester: 'x@y.example' })], rules), undefined);
  });

  it('needs the score', () => {
    const printer = earlier({ terms: terms('Принтер не печатает, закончился тонер', 'ru') });
    assert.equal(matchProblem(newCase, [printer], rules), undefined);
    assert.equal(matchProblem({ ...newCase, terms: [] }, [earlier({})], rules), undefined);
    assert.equal(matchProblem(newCase, [], rules), undefined);
  });

  it('prefers a case already in a problem, then the higher score, then the newest', () => {
    const close = earlier({ ticketId: 'close', terms: newCase.terms, requester: 'a@x.example' });
    const weaker = earlier({ ticketId: 'weaker', requester: 'b@x.example' });
    const inProblem = earlier({ ticketId: 'in-problem', problemId: 'p1', requester: 'c@x.example' });
    assert.equal(matchProblem(newCase, [weaker, close], rules)?.match.ticketId, 'close');
    assert.equal(matchProblem(newCase, [weaker, close, inProblem], rules)?.match.ticketId, 'in-problem');
    const older = earlier({ ticketId: 'older', createdAt: minutesAgo(90), requester: 'd@x.example' });
    const newer = earlier({ ticketId: 'newer', createdAt: minutesAgo(10), requester: 'e@x.example' });
    const found = matchProblem(newCase, [older, newer], rules);
    assert.equal(found?.match.ticketId, 'newer');
    assert.ok(found && found.score >= 0.4 && found.score <= 1);
  });

  it('returns the caller’s own candidate objects', () => {
    const candidate = { ...earlier({}), number: 'T-1001' };
    assert.equal(matchProblem(newCase, [candidate], rules)?.match.number, 'T-1001');
  });
});
