/**
 * Scoring of triage predictions against labelled requests.
 *
 * The labels follow /work/shared/triage/LABELS.md: each record says whether the
 * mail is auto-generated and, if not, which issues (priority, category,
 * identifying details) it holds, in the order they first appear. Issues are
 * compared by position, not by best match: the order is part of the label, and
 * a pairing search would hide a split in the wrong place.
 */

import { CATEGORIES, PRIORITIES } from '../types';
import type { Category, Priority } from '../types';

/** The identifying details LABELS.md names; a label using another key is a typo. */
export const DETAIL_KEYS: readonly string[] = ['account', 'model', 'serial', 'licence', 'location', 'phone'];

export interface LabelIssue {
  priority: Priority;
  category: Category;
  details?: Record<string, string>;
}

export interface LabelRecord {
  id: string;
  lang?: string;
  from?: string;
  subject: string;
  body: string;
  headers?: Record<string, string>;
  expect: { autoReply: boolean; issues: LabelIssue[] };
}

export interface Prediction {
  autoReply: boolean;
  issues: LabelIssue[];
}

export interface Scores {
  n: number;
  split: number;
  priority: number;
  category: number;
  detailsPrecision: number;
  detailsRecall: number;
  autoReply: number;
  priorityConfusion: Record<string, Record<string, number>>;
  misses: Array<{ id: string; what: string; expected: unknown; predicted: unknown }>;
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** Running counts; every ratio in Scores is one numerator over one denominator here. */
interface Tally {
  autoHit: number;
  humanRecords: number;
  splitHit: number;
  pairs: number;
  priorityHit: number;
  categoryHit: number;
  detailsCorrect: number;
  detailsPredicted: number;
  detailsExpected: number;
  confusion: Record<string, Record<string, number>>;
  misses: Scores['misses'];
}

/**
 * Scores predictions[i] against records[i].
 *
 * An empty denominator (no human mail, no detail predicted) scores 1: there
 * was nothing to get wrong, and 0 would read as a failure in a report.
 */
export function score(records: LabelRecord[], predictions: Prediction[]): Scores {
  if (records.length !== predictions.length) {
    throw new Error(`score: ${records.length} records but ${predictions.length} predictions`);
  }
  const t = emptyTally();
  records.forEach((record, i) => tallyRecord(t, record, predictions[i]));
  return {
    n: records.length,
    split: ratio(t.splitHit, t.humanRecords),
    priority: ratio(t.priorityHit, t.pairs),
    category: ratio(t.categoryHit, t.pairs),
    detailsPrecision: ratio(t.detailsCorrect, t.detailsPredicted),
    detailsRecall: ratio(t.detailsCorrect, t.detailsExpected),
    autoReply: ratio(t.autoHit, records.length),
    priorityConfusion: t.confusion,
    misses: t.misses,
  };
}

function emptyTally(): Tally {
  // Every cell exists, so a report can print the full grid without guarding.
  const confusion: Record<string, Record<string, number>> = {};
  for (const e of PRIORITIES) confusion[e] = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  return {
    autoHit: 0, humanRecords: 0, splitHit: 0, pairs: 0, priorityHit: 0, categoryHit: 0,
    detailsCorrect: 0, detailsPredicted: 0, detailsExpected: 0, confusion, misses: [],
  };
}

function ratio(hit: number, total: number): number {
  return total === 0 ? 1 : hit / total;
}

function tallyRecord(t: Tally, record: LabelRecord, prediction: Prediction): void {
  const { id, expect } = record;
  if (prediction.autoReply === expect.autoReply) t.autoHit++;
  else t.misses.push({ id, what: 'autoReply', expected: expect.autoReply, predicted: prediction.autoReply });
  // An auto-generated mail opens no ticket, so its issues are not scored.
  if (expect.autoReply) return;
  t.humanRecords++;
  if (prediction.issues.length === expect.issues.length) t.splitHit++;
  else t.misses.push({ id, what: 'issue count', expected: expect.issues.length, predicted: prediction.issues.length });
  const matched = Math.min(prediction.issues.length, expect.issues.length);
  for (let i = 0; i < matched; i++) tallyIssue(t, id, i, expect.issues[i], prediction.issues[i]);
}

function tallyIssue(t: Tally, id: string, index: number, expected: LabelIssue, predicted: LabelIssue): void {
  const label = `issue ${index + 1}`;
  t.pairs++;
  t.confusion[expected.priority][predicted.priority] = (t.confusion[expected.priority][predicted.priority] ?? 0) + 1;
  if (expected.priority === predicted.priority) t.priorityHit++;
  else t.misses.push({ id, what: `${label} priority`, expected: expected.priority, predicted: predicted.priority });
  if (expected.category === predicted.category) t.categoryHit++;
  else t.misses.push({ id, what: `${label} category`, expected: expected.category, predicted: predicted.category });
  const d = compareDetails(expected.details ?? {}, predicted.details ?? {});
  t.detailsCorrect += d.correct;
  t.detailsPredicted += d.predicted;
  t.detailsExpected += d.expected;
  if (d.correct !== d.predicted || d.correct !== d.expected) {
    t.misses.push({ id, what: `${label} details`, expected: expected.details ?? {}, predicted: predicted.details ?? {} });
  }
}

/** A pair is correct when the key is labelled with the same value; surrounding spaces are not a difference. */
function compareDetails(
  expected: Record<string, string>,
  predicted: Record<string, string>,
): { correct: number; predicted: number; expected: number } {
  const predictedPairs = Object.entries(predicted);
  const correct = predictedPairs.filter(
    ([key, value]) => Object.hasOwn(expected, key) && expected[key].trim() === value.trim(),
  ).length;
  return { correct, predicted: predictedPairs.length, expected: Object.keys(expected).length };
}

/**
 * Checks one parsed JSON line of a label file and returns it typed.
 * Throws an Error naming the offending field, for the caller to prefix with the line number.
 */
export function parseLabelRecord(value: unknown): LabelRecord {
  const o = asObject(value, 'record');
  // Fields are checked in the order LABELS.md lists them, so the first error named is the first in the line.
  const mail = {
    id: asString(o.id, 'id'),
    lang: optional(o.lang, 'lang', asString),
    from: optional(o.from, 'from', asString),
    subject: asString(o.subject, 'subject'),
    body: asString(o.body, 'body'),
    headers: optional(o.headers, 'headers', asStringMap),
  };
  const expect = asObject(o.expect, 'expect');
  if (typeof expect.autoReply !== 'boolean') throw new Error('expect.autoReply must be true or false');
  if (!Array.isArray(expect.issues)) throw new Error('expect.issues must be an array');
  const issues = expect.issues.map((issue: unknown, i: number) => parseIssue(issue, `expect.issues[${i}]`));
  if (expect.autoReply && issues.length > 0) throw new Error('expect.issues must be empty when expect.autoReply is true');
  return { ...mail, expect: { autoReply: expect.autoReply, issues } };
}

function parseIssue(value: unknown, where: string): LabelIssue {
  const o = asObject(value, where);
  if (!isPriority(o.priority)) throw new Error(`${where}.priority must be one of ${PRIORITIES.join(', ')}`);
  if (!isCategory(o.category)) throw new Error(`${where}.category must be one of ${CATEGORIES.join(', ')}`);
  const details = optional(o.details, `${where}.details`, asStringMap);
  // A misspelt key would silently count as a wrong detail; the vocabulary is closed.
  const unknown = Object.keys(details ?? {}).filter((k) => !DETAIL_KEYS.includes(k));
  if (unknown.length > 0) throw new Error(`${where}.details has unknown key ${unknown[0]} (known: ${DETAIL_KEYS.join(', ')})`);
  return details === undefined ? { priority: o.priority, category: o.category } : { priority: o.priority, category: o.category, details };
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where} must be a string`);
  return value;
}

function asStringMap(value: unknown, where: string): Record<string, string> {
  const o = asObject(value, where);
  for (const [key, v] of Object.entries(o)) asString(v, `${where}.${key}`);
  return o as Record<string, string>;
}

function optional<T>(value: unknown, where: string, parse: (v: unknown, where: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value, where);
}
