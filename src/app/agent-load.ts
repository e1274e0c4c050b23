/**
 * Open tickets per agent, for routing. Counting them is an aggregation over
 * the tickets that FerretDB v1 answers only by reading the whole collection,
 * so a process counts at most every `refreshMs` and adds its own assignments
 * in between: `counts` returns the live map, and the caller's increments are
 * those assignments. Tickets closed in between count until the next read,
 * which only makes the balance a little conservative.
 */
export function createAgentLoad(count: (emails: string[]) => Promise<Map<string, number>>, refreshMs = 30_000, now: () => number = Date.now) {
  let snapshot: { at: number; asked: Set<string>; counts: Map<string, number> } | undefined;
  // Concurrent intakes share the count in flight instead of each running it.
  let reading: Promise<Map<string, number>> | undefined;
  return async function counts(emails: string[]): Promise<Map<string, number>> {
    const s = snapshot;
    if (s && now() - s.at <= refreshMs && emails.every((e) => s.asked.has(e))) return s.counts;
    if (reading) {
      await reading.catch(() => undefined);
      return counts(emails);
    }
    const asked = new Set([...(s && now() - s.at <= refreshMs ? s.asked : []), ...emails]);
    const at = now();
    reading = count([...asked]).finally(() => (reading = undefined));
    snapshot = { at, asked, counts: await reading };
    return snapshot.counts;
  };
}
