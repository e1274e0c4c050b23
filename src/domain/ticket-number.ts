/** Human-friendly ticket numbers: `TG-000123`, from an atomic counter. */

const PATTERN = /^([A-Z][A-Z0-9]{0,9})-(\d{6,})$/;

export function formatTicketNumber(prefix: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`ticket sequence must be a positive integer, got ${seq}`);
  return `${prefix}-${String(seq).padStart(6, '0')}`;
}

export function parseTicketNumber(value: string): { prefix: string; seq: number } | undefined {
  const m = PATTERN.exec(value.trim().toUpperCase());
  return m ? { prefix: m[1], seq: Number(m[2]) } : undefined;
}

/** The subject tag that threads replies, e.g. `[TG-000123]`. */
export function ticketTag(number: string): string {
  return `[${number}]`;
}

/** Every ticket tag in a subject, in order, without duplicates. */
export function findTicketTags(subject: string, prefix: string): string[] {
  const re = new RegExp(`\\[(${escapeRe(prefix)}-\\d{6,})\\]`, 'gi');
  const found = new Set<string>();
  for (const m of subject.matchAll(re)) found.add(m[1].toUpperCase());
  return [...found];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
