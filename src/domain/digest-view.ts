/**
 * Turns digest figures into the rows of ready strings the `digest`
 * template shows, so that the templates only place text: every number is
 * formatted here for the reader's language, and "—" stands for a figure
 * that does not exist. Pure: the labels come from the caller (the
 * renderer's labels for the language).
 */
import { CATEGORIES, PRIORITIES, TIERS } from './types';
import type { Category, Language, Priority, Tier, TicketStatus } from './types';
import { OPEN_STATUSES, SCORES } from './digest-types';
import type { Breakdown, DigestFigures, Quantiles } from './digest-types';
import { createDigestFormat, formatShare, NONE } from './digest-format';
import type { DigestFormat } from './digest-format';

/** The digest's own words in labels.json (kind "digest"). */
export const DIGEST_WORDS = ['noCategory', 'unassigned', 'allPriorities', 'days', 'hours', 'minutes'] as const;
export type DigestWord = (typeof DIGEST_WORDS)[number];

/**
 * The label tables digestView reads. The renderer's labels for one language
 * have all of them; the looser Labels of the app's Templates port lacks
 * `tier` and `digest` in its type, so they are optional here: a missing tier
 * label shows the code ("L2"), missing digest words the English ones.
 */
export interface DigestLabels {
  priority: Readonly<Record<string, string>>;
  category: Readonly<Record<string, string>>;
  status: Readonly<Record<string, string>>;
  tier?: Readonly<Record<string, string>>;
  digest?: Readonly<Record<string, string>>;
}

const ENGLISH_WORDS: Readonly<Record<DigestWord, string>> = {
  noCategory: 'no category',
  unassigned: 'unassigned',
  allPriorities: 'all priorities',
  days: 'd',
  hours: 'h',
  minutes: 'min',
};

/** Every table complete, each missing label replaced by its code or the English word. */
interface FullLabels {
  /** With its code, "P1 outage": managers talk in codes, customers' words vary. */
  priority: (p: Priority) => string;
  category: (c: Category) => string;
  status: (s: TicketStatus) => string;
  tier: (t: Tier) => string;
  words: Record<DigestWord, string>;
}

function fullLabels(labels: DigestLabels): FullLabels {
  const pick = <K extends string>(table: Readonly<Record<string, string>> | undefined) => (key: K) => table?.[key] || key;
  const words = { ...ENGLISH_WORDS };
  for (const w of DIGEST_WORDS) if (labels.digest?.[w]) words[w] = labels.digest[w];
  const priority = pick<Priority>(labels.priority);
  return {
    priority: (p) => (priority(p) === p ? p : `${p} ${priority(p)}`),
    category: pick(labels.category),
    status: pick(labels.status),
    tier: pick(labels.tier),
    words,
  };
}

export type BreakdownRow = { code: string; label: string; created: string; resolved: string; open: string };
export type CountRow = { code: string; label: string; count: string };
/** `code` is a priority or 'all'; the template looks up the target by it. */
export type TimingRow = { code: string; label: string; count: string; median: string; p90: string; hasTarget: boolean; met: string; compliance: string };
export type OldestRow = { number: string; subject: string; priority: string; tier: string; status: string; age: string; assignee: string };
export type HourCell = { hour: string; count: string; background: string; color: string };

export type DigestView = {
  /** First and last local day the period covers, for the caller's `from` and `to`. */
  fromText: string;
  toText: string;
  /** The zone hours and days are counted in, named under the by-hour table. */
  timeZone: string;
  summary: { created: string; resolved: string; open: string; breaches: string; escalations: string; rating: string; ratings: string };
  byPriority: BreakdownRow[];
  byTier: BreakdownRow[];
  byCategory: BreakdownRow[];
  openByStatus: CountRow[];
  firstResponse: TimingRow[];
  resolution: TimingRow[];
  breaches: { firstResponse: string; resolution: string; total: string; byPriority: CountRow[] };
  escalations: string;
  oldestOpen: OldestRow[];
  satisfaction: { rated: boolean; count: string; average: string; distribution: Array<{ score: number; count: string; share: string }> };
  agents: Array<{ name: string; open: string; resolved: string }>;
  /** Three rows of eight hours (00–07, 08–15, 16–23), shaded by volume. */
  hours: Array<{ cells: HourCell[] }>;
  days: Array<{ date: string; label: string; created: string; resolved: string }>;
  /** Whether a by-day table says more than the totals (more than one day). */
  showDays: boolean;
};

const SUBJECT_MAX = 80;
/** Light to dark; the two darkest take white text. */
const SHADES = ['#ffffff', '#dbe7f3', '#a9c6e3', '#5b8fc3', '#1f4e79'];

export function digestView(f: DigestFigures, lang: Language, labels: DigestLabels, timeZone: string): DigestView {
  const l = fullLabels(labels);
  const fmt = createDigestFormat(lang, l.words, timeZone);
  const { summary, breaches } = summaryOf(f, l, fmt);
  return {
    fromText: fmt.day(f.period.from.getTime()),
    toText: fmt.day(f.period.to.getTime() - 1),
    timeZone,
    summary,
    byPriority: PRIORITIES.map((p) => breakdownRow(f, fmt, p, l.priority(p), (b) => b.byPriority[p])),
    byTier: TIERS.map((t) => breakdownRow(f, fmt, t, l.tier(t), (b) => b.byTier[t])),
    byCategory: [
      ...CATEGORIES.map((c) => breakdownRow(f, fmt, c, l.category(c), (b) => b.byCategory[c])),
      breakdownRow(f, fmt, 'none', l.words.noCategory, (b) => b.byCategory.none),
    ],
    openByStatus: OPEN_STATUSES.map((s) => ({ code: s, label: l.status(s), count: fmt.count(f.open.byStatus[s]) })),
    firstResponse: timingRows(f.firstResponse, l, fmt),
    resolution: timingRows(f.resolution, l, fmt),
    breaches,
    escalations: fmt.count(f.escalations.tickets),
    oldestOpen: f.oldestOpen.map((t) => ({
      number: t.number,
      subject: shorten(t.subject),
      priority: l.priority(t.priority),
      tier: t.tier,
      status: l.status(t.status),
      age: fmt.duration(t.ageMs),
      assignee: t.assignee?.trim() ? t.assignee : l.words.unassigned,
    })),
    satisfaction: satisfactionOf(f, fmt),
    agents: f.agentLoad.map((a) => ({
      name: a.assignee === 'unassigned' ? l.words.unassigned : a.assignee,
      open: fmt.count(a.open),
      resolved: fmt.count(a.resolved),
    })),
    hours: hourRows(f.byHour, fmt),
    days: f.byDay.map((d) => ({ date: d.date, label: fmt.calendarDay(d.date), created: fmt.count(d.created), resolved: fmt.count(d.resolved) })),
    showDays: f.byDay.length > 1,
  };
}

function summaryOf(f: DigestFigures, l: FullLabels, fmt: DigestFormat): Pick<DigestView, 'summary' | 'breaches'> {
  const breachTotal = f.breaches.firstResponse + f.breaches.resolution;
  return {
    summary: {
      created: fmt.count(f.created.total),
      resolved: fmt.count(f.resolved.total),
      open: fmt.count(f.open.total),
      breaches: fmt.count(breachTotal),
      escalations: fmt.count(f.escalations.tickets),
      rating: fmt.decimal(f.satisfaction.average),
      ratings: fmt.count(f.satisfaction.count),
    },
    breaches: {
      firstResponse: fmt.count(f.breaches.firstResponse),
      resolution: fmt.count(f.breaches.resolution),
      total: fmt.count(breachTotal),
      byPriority: PRIORITIES.map((p) => ({ code: p, label: l.priority(p), count: fmt.count(f.breaches.byPriority[p]) })),
    },
  };
}

function breakdownRow(f: DigestFigures, fmt: DigestFormat, code: string, label: string, pick: (b: Breakdown) => number): BreakdownRow {
  return { code, label, created: fmt.count(pick(f.created)), resolved: fmt.count(pick(f.resolved)), open: fmt.count(pick(f.open)) };
}

function timingRows(figures: Record<Priority | 'all', Quantiles>, l: FullLabels, fmt: DigestFormat): TimingRow[] {
  const row = (code: Priority | 'all', label: string): TimingRow => {
    const q = figures[code];
    return {
      code,
      label,
      count: fmt.count(q.count),
      median: fmt.duration(q.medianMs),
      p90: fmt.duration(q.p90Ms),
      hasTarget: q.withTarget > 0,
      met: q.withTarget > 0 ? `${fmt.count(q.withinTarget)} / ${fmt.count(q.withTarget)}` : NONE,
      compliance: formatShare(q.compliance),
    };
  };
  return [...PRIORITIES.map((p) => row(p, l.priority(p))), row('all', l.words.allPriorities)];
}

function satisfactionOf(f: DigestFigures, fmt: DigestFormat): DigestView['satisfaction'] {
  const { count, average, byScore } = f.satisfaction;
  return {
    rated: count > 0,
    count: fmt.count(count),
    average: fmt.decimal(average),
    // Best score first, as people read a rating distribution.
    distribution: [...SCORES].reverse().map((score) => ({
      score,
      count: fmt.count(byScore[score]),
      share: count > 0 ? formatShare(byScore[score] / count) : NONE,
    })),
  };
}

function hourRows(byHour: readonly number[], fmt: DigestFormat): DigestView['hours'] {
  const max = Math.max(0, ...byHour);
  const cell = (hour: number): HourCell => {
    const n = byHour[hour] ?? 0;
    // Any traffic gets at least the lightest tint, so a quiet hour with one ticket differs from none.
    const shade = n === 0 ? 0 : Math.max(1, Math.ceil((n / max) * (SHADES.length - 1)));
    return { hour: String(hour).padStart(2, '0'), count: fmt.count(n), background: SHADES[shade], color: shade >= 3 ? '#ffffff' : '#222222' };
  };
  // Three rows of eight: twelve cells side by side are wider than a phone's screen.
  return [0, 8, 16].map((start) => ({ cells: Array.from({ length: 8 }, (_, i) => cell(start + i)) }));
}

/** One line, at most SUBJECT_MAX characters: the table must stay a table. */
function shorten(subject: string): string {
  const line = subject.replace(/\s+/g, ' ').trim();
  return line.length > SUBJECT_MAX ? `${line.slice(0, SUBJECT_MAX - 1).trimEnd()}…` : line;
}
