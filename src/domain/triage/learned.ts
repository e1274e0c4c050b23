/**
 * A small learned layer over the triage rules: a multinomial naive Bayes,
 * one per language and per label (priority, category), over stemmed words and
 * word pairs, trained on tickets whose labels agents confirmed or corrected
 * with #priority / #category. Pure: no I/O; the model is a plain object that
 * survives JSON.stringify/parse, so the caller can store it anywhere.
 *
 * Train it on all triaged tickets with their final labels, not only on the
 * corrected ones: corrections alone are a skewed sample (only the cases the
 * rules got wrong) and would teach the model that every printer is software.
 *
 * Choices:
 *  - Stems are the first five letters of a normalised word (no diacritics):
 *    crude, but it folds Russian and Romanian inflection ("пароль", "пароля";
 *    "factura", "facturii") without a stemmer per language.
 *  - Features count once per text (binarised), which suits short texts.
 *  - Naive Bayes is over-confident; `predict` says nothing when fewer than two
 *    labels were ever seen or the text shares fewer than two features with
 *    the training data, and classify.ts adds its own thresholds.
 */
import { CATEGORIES, LANGUAGES, PRIORITIES, type Category, type Language, type Priority } from '../types';
import { tokenize } from './rules';

export interface LabelStats {
  /** Training texts with this label. */
  docs: number;
  /** Sum of `features` (the multinomial's denominator). */
  total: number;
  /** Feature → number of texts with this label that contain it. */
  features: Record<string, number>;
}

export interface HeadModel {
  /** Training texts that carried this kind of label. */
  examples: number;
  /** Distinct features seen under any label (for smoothing). */
  vocabulary: number;
  labels: Record<string, LabelStats>;
}

export interface LanguageModel {
  priority: HeadModel;
  category: HeadModel;
}

export interface LearnedModel {
  version: 1;
  languages: Partial<Record<Language, LanguageModel>>;
}

export interface TrainingExample {
  text: string;
  lang: Language;
  priority?: Priority;
  category?: Category;
}

export interface LearnedLabel<L extends string> {
  label: L;
  /** Posterior probability of `label`, 0..1. */
  confidence: number;
  /** Training texts in this language with this kind of label. */
  examples: number;
  /** Training texts per label, so a caller can tell which labels the model knows. */
  support: Partial<Record<L, number>>;
}

export interface LearnedPrediction {
  priority?: LearnedLabel<Priority>;
  category?: LearnedLabel<Category>;
}

const STEM_LENGTH = 5;
const MIN_KNOWN_FEATURES = 2;
/** Laplace smoothing. */
const ALPHA = 1;

/** Stemmed words and adjacent word pairs (within a sentence), each once. */
export function features(text: string): string[] {
  const tokens = tokenize(text).filter((token) => !/^\d+$/.test(token.word));
  const out = new Set<string>();
  tokens.forEach((token, index) => {
    const stem = [...token.word].slice(0, STEM_LENGTH).join('');
    out.add(stem);
    const previous = tokens[index - 1];
    if (previous && previous.sentence === token.sentence) {
      out.add(`${[...previous.word].slice(0, STEM_LENGTH).join('')}_${stem}`);
    }
  });
  return [...out];
}

export function train(examples: readonly TrainingExample[]): LearnedModel {
  const model: LearnedModel = { version: 1, languages: {} };
  for (const example of examples) {
    if (!LANGUAGES.includes(example.lang)) continue;
    const languageModel = (model.languages[example.lang] ??= { priority: emptyHead(), category: emptyHead() });
    const found = features(example.text);
    if (example.priority && PRIORITIES.includes(example.priority)) count(languageModel.priority, example.priority, found);
    if (example.category && CATEGORIES.includes(example.category)) count(languageModel.category, example.category, found);
  }
  for (const languageModel of Object.values(model.languages)) {
    languageModel.priority.vocabulary = vocabularySize(languageModel.priority);
    languageModel.category.vocabulary = vocabularySize(languageModel.category);
  }
  return model;
}

function emptyHead(): HeadModel {
  return { examples: 0, vocabulary: 0, labels: {} };
}

function count(head: HeadModel, label: string, found: readonly string[]): void {
  head.examples += 1;
  const stats = Object.hasOwn(head.labels, label) ? head.labels[label] : (head.labels[label] = { docs: 0, total: 0, features: {} });
  stats.docs += 1;
  for (const feature of found) {
    stats.features[feature] = featureCount(stats, feature) + 1;
    stats.total += 1;
  }
}

function vocabularySize(head: HeadModel): number {
  const all = new Set<string>();
  for (const stats of Object.values(head.labels)) for (const feature of Object.keys(stats.features)) all.add(feature);
  return all.size;
}

/** Own properties only: a model read back from JSON is a plain object with a prototype. */
function featureCount(stats: LabelStats, feature: string): number {
  return Object.hasOwn(stats.features, feature) ? stats.features[feature] : 0;
}

export function predict(model: LearnedModel, text: string, lang: Language): LearnedPrediction {
  const languageModel = Object.hasOwn(model.languages, lang) ? model.languages[lang] : undefined;
  if (!languageModel) return {};
  const found = features(text);
  const prediction: LearnedPrediction = {};
  const priority = predictHead(languageModel.priority, found);
  if (priority && isPriority(priority.label)) {
    prediction.priority = { ...priority, label: priority.label, support: supportOf(languageModel.priority, isPriority) };
  }
  const category = predictHead(languageModel.category, found);
  if (category && isCategory(category.label)) {
    prediction.category = { ...category, label: category.label, support: supportOf(languageModel.category, isCategory) };
  }
  return prediction;
}

function supportOf<L extends string>(head: HeadModel, isLabel: (label: string) => label is L): Partial<Record<L, number>> {
  const support: Partial<Record<L, number>> = {};
  for (const [label, stats] of Object.entries(head.labels)) if (isLabel(label)) support[label] = stats.docs;
  return support;
}

function predictHead(head: HeadModel, found: readonly string[]): Omit<LearnedLabel<string>, 'support'> | undefined {
  const labels = Object.entries(head.labels).filter(([, stats]) => stats.docs > 0);
  if (labels.length < 2) return undefined;
  const known = found.filter((feature) => labels.some(([, stats]) => featureCount(stats, feature) > 0));
  if (known.length < MIN_KNOWN_FEATURES) return undefined;
  const scores = labels.map(([label, stats]) => ({ label, score: logPosterior(head, stats, known) }));
  const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
  // Softmax relative to the best score, so large negative logs do not underflow.
  const sum = scores.reduce((total, entry) => total + Math.exp(entry.score - best.score), 0);
  return { label: best.label, confidence: 1 / sum, examples: head.examples };
}

function logPosterior(head: HeadModel, stats: LabelStats, known: readonly string[]): number {
  const denominator = stats.total + ALPHA * Math.max(head.vocabulary, 1);
  let score = Math.log(stats.docs / head.examples);
  for (const feature of known) score += Math.log((featureCount(stats, feature) + ALPHA) / denominator);
  return score;
}

/**
 * The learned model overrides the rules only when it has `minExamples`
 * labelled texts in the language, is at least `minConfidence` sure, and knows
 * both its own label and the rules' label from `minPerLabel` texts each: a
 * model that never saw a printer ticket cannot tell that this one is not.
 */
export const LEARNED_OVERRIDE = { minExamples: 30, minConfidence: 0.9, minPerLabel: 3 } as const;

export function outweighsRules<L extends string>(learned: LearnedLabel<L>, rulesLabel: L): boolean {
  const known = (label: L): boolean => (learned.support[label] ?? 0) >= LEARNED_OVERRIDE.minPerLabel;
  return (
    learned.label !== rulesLabel &&
    learned.examples >= LEARNED_OVERRIDE.minExamples &&
    learned.confidence >= LEARNED_OVERRIDE.minConfidence &&
    known(learned.label) &&
    known(rulesLabel)
  );
}

export function describeLearned(learned: LearnedLabel<string>): string {
  return `confidence ${learned.confidence.toFixed(2)}, ${learned.examples} labelled examples`;
}

function isPriority(label: string): label is Priority {
  return (PRIORITIES as readonly string[]).includes(label);
}

function isCategory(label: string): label is Category {
  return (CATEGORIES as readonly string[]).includes(label);
}
