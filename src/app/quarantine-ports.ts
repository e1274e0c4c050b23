/** The quarantine's ports: what was set aside, and what operators did with it (re-exported by ports.ts). */

export interface QuarantineEntry {
  rawMailId: string;
  reason: string;
  detail?: string;
  mailbox: string;
  messageId?: string;
  from?: string;
  subject?: string;
  size: number;
  at: Date;
  /** Each time an operator sent the mail through intake again. */
  retries?: QuarantineRetry[];
  releasedAt?: Date;
  releasedBy?: string;
}

/** Who sent a quarantined mail through intake again, when, and how (`release` skips the screens). */
export interface QuarantineRetry {
  at: Date;
  by: string;
  action: 'retry' | 'release';
  note?: string;
}

export interface QuarantineFilter {
  reason?: string;
  /** Entries set aside at or after this time. */
  since?: Date;
  /** At most this many; all when absent. */
  limit?: number;
}

export interface QuarantineRepo {
  addOnce(entry: QuarantineEntry): Promise<void>;
  /** Entries matching the filter, newest first (a collection scan on FerretDB: an operator's command, not a hot path). */
  list(filter: QuarantineFilter): Promise<QuarantineEntry[]>;
  /** Appends to the entry's retries; a release also sets releasedAt/releasedBy. No entry, no change. */
  recordRetry(rawMailId: string, retry: QuarantineRetry): Promise<void>;
}
