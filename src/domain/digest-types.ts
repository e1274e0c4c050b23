/**
 * The shapes of the managers' digest: what the caller streams in (one row per
 * ticket) and the figures that come out. Re-exported by digest-stats.ts, which
 * documents how every figure is defined; kept apart so that the helper
 * modules can share the types without importing the accumulator.
 */
import type { Category, Priority, Tier, TicketStatus } from './types';

/** The statuses that count as open: the ticket still needs work or an answer. */
export const OPEN_STATUSES = ['new', 'open', 'pending'] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

/** A ticket without a category is counted under 'none'. */
export type CategoryKey = Category | 'none';

/** What the digest needs of a ticket: no message text, no history. */
export interface DigestTicket {
  number: string;
  subject: string;
  priority: Priority;
  tier: Tier;
  category?: Category;
  status: TicketStatus;
  requester: string;
  assignee?: string;
  createdAt: Date;
  firstRespondedAt?: Date;
  resolvedAt?: Date;
  firstResponseDueAt?: Date;
  resolutionDueAt?: Date;
  firstResponseBreachedAt?: Date;
  resolutionBreachedAt?: Date;
  escalations?: number;
  lastEscalatedAt?: Date;
  satisfaction?: { score: number; at: Date };
}

export interface DigestOptions {
  /** Start of the period, inclusive. */
  from: Date;
  /** End of the period, exclusive. */
  to: Date;
  /** IANA zone for hours of day and calendar days, e.g. "Europe/Bucharest". */
  timeZone: string;
  /** When "open now" and the age of open tickets are measured. */
  now: Date;
  /** How many of the oldest open tickets to list; default 10. */
  oldestLimit?: number;
}

export interface Quantiles {
  /** How many durations were measured. */
  count: number;
  /** Nearest-rank 50th percentile; absent when count is 0. */
  medianMs?: number;
  /** Nearest-rank 90th percentile; absent when count is 0. */
  p90Ms?: number;
  /** How many of the measured tickets had a due date (a target). */
  withTarget: number;
  /** How many of those met it: the event at or before the due date. */
  withinTarget: number;
  /** withinTarget / withTarget, 0..1; absent when no ticket had a target. */
  compliance?: number;
}

export interface Breakdown {
  total: number;
  byPriority: Record<Priority, number>;
  byTier: Record<Tier, number>;
  byCategory: Record<CategoryKey, number>;
}

export interface OpenBreakdown extends Breakdown {
  byStatus: Record<OpenStatus, number>;
}

export interface OldestOpenTicket {
  number: string;
  subject: string;
  priority: Priority;
  tier: Tier;
  status: TicketStatus;
  assignee?: string;
  /** now - createdAt. */
  ageMs: number;
}

export interface AgentLoad {
  /** The assignee as stored, or 'unassigned'. */
  assignee: string;
  open: number;
  resolved: number;
}

export interface DigestDay {
  /** YYYY-MM-DD in the digest's time zone. */
  date: string;
  created: number;
  resolved: number;
}

export interface DigestFigures {
  period: { from: Date; to: Date };
  created: Breakdown;
  resolved: Breakdown;
  open: OpenBreakdown;
  firstResponse: Record<Priority | 'all', Quantiles>;
  resolution: Record<Priority | 'all', Quantiles>;
  breaches: { firstResponse: number; resolution: number; byPriority: Record<Priority, number> };
  escalations: { tickets: number };
  oldestOpen: OldestOpenTicket[];
  satisfaction: { count: number; average?: number; byScore: Record<Score, number> };
  agentLoad: AgentLoad[];
  /** 24 counts, index = hour of day (0..23) in the time zone. */
  byHour: number[];
  byDay: DigestDay[];
}
