import { strict as assert } from 'node:assert';
import { similarity, terms, TermIndex } from '../../src/domain/similarity';
import { englishStem, fold, romanianStem, russianStem } from '../../src/domain/similarity-words';

describe('similarity terms', () => {
  it('stems English words and keeps products and codes as written', () => {
    const found = terms('Printers keep crashing after the updates: error 0x80070005 and E-1234 on Wi-Fi', 'en');
    for (const term of ['printer', 'crash', 'updat', 'error', '0x80070005', 'e-1234', 'wifi']) assert.ok(found.includes(term), term);
    for (const term of ['keep', 'after', 'the', 'on', 'and']) assert.ok(!found.includes(term), term);
    assert.deepEqual(['printers', 'printing', 'connecting', 'connected', 'crashes', 'updating', 'updated', 'jammed', 'companies'].map(englishStem), [
      'printer', 'print', 'connect', 'connect', 'crash', 'updat', 'updat', 'jam', 'compani',
    ]);
  });

  it('stems Russian words and writes ё as е', () => {
    assert.deepEqual(['подключается', 'подключиться', 'подключение', 'подключаюсь'].map(russianStem), ['подключ', 'подключ', 'подключ', 'подключ']);
    assert.deepEqual(['принтера', 'принтеры', 'принтеров', 'пароль', 'пароля', 'паролем', 'запись'].map(russianStem), [
      'принтер', 'принтер', 'принтер', 'парол', 'парол', 'парол', 'запис',
    ]);
    assert.deepEqual(terms('Учётная запись', 'ru'), terms('Учетная запись', 'ru'));
    assert.ok(terms('Учётная запись', 'ru').includes('учетн'));
  });

  it('folds Romanian diacritics, comma and cedilla forms alike, and strips Romanian endings', () => {
    const comma = terms('Imprimanta nu funcționează, îmi afișează eroare la conectare', 'ro');
    assert.deepEqual(terms('Imprimanta nu funcţionează, îmi afişează eroare la conectare', 'ro'), comma);
    assert.deepEqual(terms('Imprimanta nu functioneaza, imi afiseaza eroare la conectare', 'ro'), comma);
    assert.equal(fold('ȘȚĂÂÎ șțăâî ŞŢşţ'), 'staai staai stst');
    assert.deepEqual(['imprimanta', 'imprimantei', 'imprimantele', 'contul', 'contului', 'conturile', 'conectează', 'conectare'].map((w) => romanianStem(fold(w))), [
      'imprimant', 'imprimant', 'imprimant', 'cont', 'cont', 'cont', 'conect', 'conect',
    ]);
  });

  it('keeps Romanian articles off acronyms and loanwords', () => {
    assert.deepEqual(terms('VPN-ul și laptop-ul', 'ro'), ['c:laptop', 'c:vpn', 'laptop', 'vpn']);
  });

  it('drops the stop words of all three languages whatever the language', () => {
    assert.deepEqual(terms('Hello, please help: не и в, și de la', 'en'), []);
    assert.deepEqual(terms('', 'ru'), []);
  });

  it('gives one concept term for the same thing in any of the languages', () => {
    const concept = (text: string, lang: 'en' | 'ru' | 'ro', id: string) => assert.ok(terms(text, lang).includes(id), `${text} → ${id}`);
    for (const [text, lang] of [['принтер', 'ru'], ['imprimantă', 'ro'], ['printer', 'en']] as const) concept(text, lang, 'c:printer');
    for (const [text, lang] of [['пароль', 'ru'], ['parola', 'ro'], ['password', 'en']] as const) concept(text, lang, 'c:password');
    for (const [text, lang] of [['счёт', 'ru'], ['factură', 'ro'], ['invoice', 'en']] as const) concept(text, lang, 'c:invoice');
    for (const [text, lang] of [['VPN не подключается', 'ru'], ['nu se conectează', 'ro'], ['cannot connect', 'en']] as const) concept(text, lang, 'c:cannot-connect');
    for (const [text, lang] of [['впн', 'ru'], ['VPN-ul', 'ro'], ['VPN', 'en']] as const) concept(text, lang, 'c:vpn');
  });

  it('is deterministic: sorted and unique', () => {
    const text = 'VPN down, VPN down again. Не могу подключиться к VPN!';
    const found = terms(text, 'en');
    assert.deepEqual(found, [...new Set(found)].sort());
    assert.deepEqual(terms(text, 'en'), found);
  });
});

describe('similarity', () => {
  it('is 1 for the same terms, 0 for none shared or an empty side, and symmetric', () => {
    assert.equal(similarity(['a', 'b'], ['b', 'a']), 1);
    assert.equal(similarity(['a'], ['b']), 0);
    assert.equal(similarity([], ['a']), 0);
    assert.equal(similarity(['a', 'b', 'c'], ['a', 'd']), similarity(['a', 'd'], ['a', 'b', 'c']));
    assert.equal(similarity(['a', 'a', 'b'], ['a', 'b']), 1);
  });

  it('is the cosine of binary vectors weighted by idf', () => {
    assert.ok(Math.abs(similarity(['a', 'b'], ['a', 'c']) - 0.5) < 1e-12);
    const idf = (term: string) => (term === 'rare' ? 3 : 1);
    assert.ok(similarity(['rare', 'x'], ['rare', 'y'], idf) > similarity(['common', 'x'], ['common', 'y'], idf));
    assert.ok(Math.abs(similarity(['rare', 'x'], ['rare', 'y'], idf) - 9 / 10) < 1e-12);
  });

  it('counts what is affected for more than how it fails', () => {
    assert.ok(similarity(['c:vpn', 'x'], ['c:vpn', 'y']) > similarity(['c:cannot-connect', 'x'], ['c:cannot-connect', 'y']));
    assert.ok(similarity(['c:vpn', 'c:cannot-connect'], ['c:wifi', 'c:cannot-connect']) < 0.2);
  });
});

describe('TermIndex', () => {
  const index = () => {
    const idx = new TermIndex<{ customer: string }>();
    idx.add('t1', ['vpn', 'c:vpn', 'c:cannot-connect', 'connect'], { customer: 'acme' });
    idx.add('t2', ['vpn', 'c:vpn', 'c:cannot-connect', 'подключ'], { customer: 'globex' });
    idx.add('t3', ['printer', 'c:printer', 'c:toner', 'toner'], { customer: 'acme' });
    idx.add('t4', ['c:cannot-connect', 'wifi', 'c:wifi'], { customer: 'initech' });
    return idx;
  };

  it('adds, replaces and removes documents', () => {
    const idx = index();
    assert.equal(idx.size, 4);
    idx.add('t3', ['vpn', 'c:vpn'], { customer: 'acme' });
    assert.equal(idx.size, 4);
    assert.deepEqual(idx.search(['toner'], { limit: 10, minScore: 0 }), []);
    assert.ok(idx.search(['vpn'], { limit: 10, minScore: 0 }).some((hit) => hit.id === 't3'));
    idx.remove('t3');
    idx.remove('no such id');
    assert.equal(idx.size, 3);
    assert.ok(!idx.search(['vpn'], { limit: 10, minScore: 0 }).some((hit) => hit.id === 't3'));
  });

  it('weighs a term by how few documents hold it: log((N+1)/(df+1)) + 1', () => {
    const idx = index();
    idx.add('t5', ['vpn', 'c:cannot-connect'], { customer: 'umbrella' });
    assert.ok(idx.idf('toner') > idx.idf('vpn'));
    assert.ok(idx.idf('vpn') > idx.idf('c:cannot-connect'));
    assert.ok(Math.abs(idx.idf('c:cannot-connect') - (Math.log(6 / 5) + 1)) < 1e-12);
    assert.ok(Math.abs(idx.idf('never seen') - (Math.log(6) + 1)) < 1e-12);
    assert.equal(new TermIndex().idf('anything'), 1);
  });

  it('finds the best matches first, scored like `similarity` with its idf', () => {
    const idx = index();
    const query = ['vpn', 'c:vpn', 'c:cannot-connect', 'conect'];
    const hits = idx.search(query, { limit: 10, minScore: 0 });
    assert.deepEqual(hits.map((hit) => hit.id), ['t1', 't2', 't4']);
    assert.equal(hits[0].score, hits[1].score, 'ties go by id');
    assert.deepEqual(hits[0].meta, { customer: 'acme' });
    for (const hit of hits) {
      const doc = { t1: ['vpn', 'c:vpn', 'c:cannot-connect', 'connect'], t2: ['vpn', 'c:vpn', 'c:cannot-connect', 'подключ'], t4: ['c:cannot-connect', 'wifi', 'c:wifi'] }[hit.id] ?? [];
      assert.ok(Math.abs(hit.score - similarity(query, doc, (term) => idx.idf(term))) < 1e-12);
    }
  });

  it('keeps to limit, minScore and the filter, which sees the meta', () => {
    const idx = index();
    const query = ['vpn', 'c:vpn', 'c:cannot-connect'];
    assert.deepEqual(idx.search(query, { limit: 1, minScore: 0 }).map((hit) => hit.id), ['t1']);
    assert.deepEqual(idx.search(query, { limit: 10, minScore: 0.5 }).map((hit) => hit.id), ['t1', 't2']);
    assert.deepEqual(idx.search(query, { limit: 10, minScore: 0, filter: (_id, meta) => meta.customer !== 'acme' }).map((hit) => hit.id), ['t2', 't4']);
    assert.deepEqual(idx.search(query, { limit: 0, minScore: 0 }), []);
    assert.deepEqual(idx.search([], { limit: 10, minScore: 0 }), []);
  });

  it('looks only at documents sharing a term with the query', () => {
    const seen: string[] = [];
    index().search(['printer'], { limit: 10, minScore: 0, filter: (id) => (seen.push(id), true) });
    assert.deepEqual(seen, ['t3']);
  });

  it('indexes 20,000 documents quickly and searches them in milliseconds', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Skewed towards common terms, as words and concepts are in real tickets.
    const vocabulary = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `c:concept${i}` : `word${i}`));
    const doc = () => Array.from({ length: 15 }, () => vocabulary[Math.floor(vocabulary.length * random() ** 3)]);
    const docs = Array.from({ length: 20_000 }, doc);
    const idx = new TermIndex<number>();
    let start = performance.now();
    docs.forEach((terms, i) => idx.add(`d${i}`, terms, i));
    const indexing = performance.now() - start;
    assert.ok(indexing < 1500, `indexing took ${indexing.toFixed(0)} ms`);
    start = performance.now();
    for (let i = 0; i < 10; i++) assert.ok(idx.search(docs[i * 997], { limit: 5, minScore: 0.3 }).length > 0);
    const search = (performance.now() - start) / 10;
    assert.ok(search < 20, `a search took ${search.toFixed(1)} ms`);
  });
});
