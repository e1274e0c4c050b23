/** Vocabulary shared by every layer. Pure data: no I/O, no classes. */

export const LANGUAGES = ['en', 'ru', 'ro'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CATEGORIES = ['hardware', 'software', 'network', 'access', 'billing'] as const;
export type Category = (typeof CATEGORIES)[number];

export const TIERS = ['L1', 'L2', 'L3'] as const;
export type Tier = (typeof TIERS)[number];

export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** A mailbox address split into its parts; `address` is lower-cased. */
export interface Mailbox {
  name?: string;
  address: string;
}

/** Where a raw mail ended up after intake. */
export type IntakeOutcome =
  | { kind: 'ticket'; ticketNumbers: string[] }
  | { kind: 'reply'; ticketNumbers: string[]; role: 'customer' | 'agent' | 'bounce' | 'status' | 'manager' }
  | { kind: 'quarantine'; reason: string };
