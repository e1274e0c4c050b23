import assert from 'node:assert/strict';
import { classifyIssue } from '../../src/domain/triage/classify';
import { features, LEARNED_OVERRIDE, predict, train, type TrainingExample } from '../../src/domain/triage/learned';
import { DEFAULT_RULES } from '../../src/domain/triage/rules';
import type { Category, Language, Priority } from '../../src/domain/types';

/**
 * A desk whose customers call their payment portal "Kestrel": agents keep
 * correcting Kestrel tickets to billing, which the default rules cannot know.
 */
const KESTREL = [
  'Kestrel shows the wrong balance for March',
  'Kestrel statement missing the last transfer',
  'cannot download my Kestrel statement',
  'Kestrel charged the card twice',
  'Kestrel direct debit mandate not visible',
  'the Kestrel balance did not update after paying',
  'where is the Kestrel receipt for February',
  'Kestrel shows an old amount due',
];
const OTHERS: Array<[string, Category, Priority]> = [
  ['printer on floor 2 jams every page', 'hardware', 'P3'],
  ['laptop battery does not charge', 'hardware', 'P3'],
  ['monitor flickers after the docking station update', 'hardware', 'P3'],
  ['please install Visio on my computer', 'software', 'P3'],
  ['Excel crashes when I open the budget file', 'software', 'P3'],
  ['VPN drops every few minutes at home', 'network', 'P3'],
  ['Wi-Fi in the lobby is very slow', 'network', 'P3'],
  ['reset my password please, I am locked out', 'access', 'P3'],
  ['need access to the HR shared folder', 'access', 'P3'],
  ['the whole office has no internet since 9', 'network', 'P1'],
];

function corrections(repeat: number): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (let i = 0; i < repeat; i++) {
    for (const text of KESTREL) out.push({ text: `${text} (${i})`, lang: 'en', category: 'billing', priority: 'P3' });
    for (const [text, category, priority] of OTHERS) out.push({ text, lang: 'en', category, priority });
  }
  return out;
}

describe('learned triage layer', () => {
  describe('features', () => {
    it('stems words to five letters, folds diacritics and adds word pairs within a sentence', () => {
      assert.deepEqual(features('Facturile neplătite. Plata'), ['factu', 'nepla', 'factu_nepla', 'plata']);
      assert.ok(features('пароль пароля').includes('парол'));
      assert.ok(!features('invoice 2291').some((f) => f.includes('2291')), 'numbers are not features');
    });
  });

  describe('train and predict', () => {
    const model = train(corrections(3));

    it('learns a new category phrase from corrections', () => {
      const prediction = predict(model, 'Kestrel will not show my invoice total', 'en');
      assert.equal(prediction.category?.label, 'billing');
      assert.ok((prediction.category?.confidence ?? 0) > 0.9, `confidence ${prediction.category?.confidence}`);
      assert.equal(prediction.category?.examples, corrections(3).length);
    });

    it('still predicts the ordinary categories it was shown', () => {
      assert.equal(predict(model, 'the printer jams on every page again', 'en').category?.label, 'hardware');
      assert.equal(predict(model, 'my VPN drops all the time', 'en').category?.label, 'network');
    });

    it('learns priorities separately from categories', () => {
      assert.equal(predict(model, 'the whole office has no internet', 'en').priority?.label, 'P1');
    });

    it('keeps languages apart', () => {
      assert.deepEqual(predict(model, 'Kestrel показывает неверный баланс', 'ru'), {});
    });

    it('says nothing for text it has no features for', () => {
      assert.equal(predict(model, 'zzzz qqqq', 'en').category, undefined);
    });

    it('says nothing when only one label was ever seen', () => {
      const single = train([{ text: 'printer jams', lang: 'en', category: 'hardware' }, { text: 'printer broken', lang: 'en', category: 'hardware' }]);
      assert.equal(predict(single, 'printer jams again', 'en').category, undefined);
    });

    it('survives a JSON round trip', () => {
      const copy = JSON.parse(JSON.stringify(model)) as typeof model;
      assert.deepEqual(predict(copy, 'Kestrel balance wrong', 'en'), predict(model, 'Kestrel balance wrong', 'en'));
    });

    it('ignores examples without labels or with unknown labels', () => {
      const odd = train([
        { text: 'no labels here', lang: 'en' },
        { text: 'bad label', lang: 'en', category: 'plumbing' as Category, priority: 'P9' as Priority },
        { text: 'bad language', lang: 'de' as Language, category: 'hardware' },
      ]);
      assert.equal(odd.languages.en?.category.examples, 0);
      assert.equal(odd.languages.en?.priority.examples, 0);
      assert.equal(Object.hasOwn(odd.languages, 'de'), false);
    });

    it('trains on Russian and Romanian inflections', () => {
      const ro = train([
        ...Array.from({ length: 5 }, (_, i) => ({ text: `Portalul Vulturul nu afișează facturile ${i}`, lang: 'ro' as const, category: 'billing' as const })),
        ...Array.from({ length: 5 }, (_, i) => ({ text: `Imprimanta de la etaj nu printează ${i}`, lang: 'ro' as const, category: 'hardware' as const })),
      ]);
      assert.equal(predict(ro, 'Vulturul: factura lipsește din portal', 'ro').category?.label, 'billing');
    });
  });

  describe('in classifyIssue', () => {
    const text = 'Kestrel does not show the amount due for April';
    const ctx = { subject: '', lang: 'en' as const, rules: DEFAULT_RULES };

    it('the rules alone decide when there is no history', () => {
      assert.notEqual(classifyIssue(text, ctx).category, 'billing');
    });

    it(`the rules decide while the model has fewer than ${LEARNED_OVERRIDE.minExamples} examples`, () => {
      const small = train(corrections(1).slice(0, LEARNED_OVERRIDE.minExamples - 1));
      const result = classifyIssue(text, { ...ctx, learned: small });
      assert.notEqual(result.category, 'billing');
      assert.ok(!result.reasons.some((reason) => reason.startsWith('learned')));
    });

    it('a confident model with enough history overrides the rules and says so', () => {
      const result = classifyIssue(text, { ...ctx, learned: train(corrections(3)) });
      assert.equal(result.category, 'billing');
      assert.match(result.reasons.join('\n'), /learned: category billing instead of \w+ \(confidence 0\.\d\d, 54 labelled examples\)/);
    });

    it('does not override towards a label when it never learned the rules\' label', () => {
      // Corrections only ever named billing and hardware: the model knows nothing about access.
      const skewed = train(
        Array.from({ length: 40 }, (_, i) => ({
          text: i % 2 === 0 ? `please check my Kestrel balance ${i}` : `printer jams on floor two ${i}`,
          lang: 'en' as const,
          category: i % 2 === 0 ? ('billing' as const) : ('hardware' as const),
        })),
      );
      const text = 'Please check my password, I am locked out';
      const prediction = predict(skewed, text, 'en').category;
      assert.equal(prediction?.label, 'billing');
      assert.ok((prediction?.confidence ?? 0) >= LEARNED_OVERRIDE.minConfidence, 'the model alone would override');
      assert.equal(classifyIssue(text, { ...ctx, learned: skewed }).category, 'access');
    });

    it('never talks a suspected security incident down from P1', () => {
      const examples: TrainingExample[] = Array.from({ length: 40 }, (_, i) => ({
        text: `ransomware note on the file server ${i}`,
        lang: 'en',
        priority: i % 10 === 0 ? 'P1' : 'P3',
        category: 'network',
      }));
      examples.push(...OTHERS.map(([t, category, priority]) => ({ text: t, lang: 'en' as const, category, priority })));
      const result = classifyIssue('Ransomware note on the file server FS-01', { ...ctx, learned: train(examples) });
      assert.equal(result.priority, 'P1');
      assert.match(result.reasons.join('\n'), /kept P1 for a security incident/);
    });
  });
});
