/**
 * Database commands as the gateway's own driver sees them (in-process mode
 * with BENCH_PROFILE=1): count, total and mean round-trip time per command
 * shape (command, collection, filter keys), from the driver's command
 * monitoring events. Round-trip time includes FerretDB's queueing, so under
 * load it shows which commands the database spends its time on.
 */
import type { MongoClient } from 'mongodb';

interface Agg {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** Filter shape: field names and operators, never values. */
function shape(filter: unknown, depth = 0): string {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter) || depth > 2) return '';
  const keys = Object.keys(filter as object);
  if (keys.length === 0) return '{}';
  return `{${keys
    .map((k) => {
      const v = (filter as Record<string, unknown>)[k];
      const inner = v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((x) => x.startsWith('$')) ? shape(v, depth + 1) : '';
      return k + (inner ? `:${inner}` : '');
    })
    .join(',')}}`;
}

function describe(cmd: Record<string, unknown>, name: string): string {
  const coll = String(cmd[name] ?? '');
  switch (name) {
    case 'find':
      return `find ${coll} ${shape(cmd.filter)}${cmd.limit ? ` limit ${String(cmd.limit)}` : ''}`;
    case 'update': {
      const ups = (cmd.updates as Array<{ q: unknown; upsert?: boolean }>) ?? [];
      const n = ups.length;
      return `update ${coll} ${shape(ups[0]?.q)}${ups[0]?.upsert ? ' upsert' : ''} x${n <= 1 ? '1' : n <= 10 ? '2-10' : '11+'}`;
    }
    case 'findAndModify':
      return `findAndModify ${coll} ${shape(cmd.query)}${cmd.upsert ? ' upsert' : ''}`;
    case 'insert':
      return `insert ${coll} x${((cmd.documents as unknown[] | undefined)?.length ?? 0) > 1 ? 'n' : '1'}`;
    case 'delete':
      return `delete ${coll}`;
    case 'aggregate':
    case 'count':
      return `${name} ${coll}`;
    default:
      return name;
  }
}

export function monitorCommands(client: MongoClient): { stop(): string[] } {
  const started = new Map<number, string>();
  const agg = new Map<string, Agg>();
  const onStart = (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => started.set(e.requestId, describe(e.command, e.commandName));
  const onEnd = (e: { requestId: number; duration: number }) => {
    const key = started.get(e.requestId);
    if (!key) return;
    started.delete(e.requestId);
    const a = agg.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
    a.count++;
    a.totalMs += e.duration;
    a.maxMs = Math.max(a.maxMs, e.duration);
    agg.set(key, a);
  };
  client.on('commandStarted', onStart);
  client.on('commandSucceeded', onEnd);
  client.on('commandFailed', onEnd);
  return {
    stop() {
      client.off('commandStarted', onStart);
      client.off('commandSucceeded', onEnd);
      client.off('commandFailed', onEnd);
      const rows = [...agg.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs);
      const total = rows.reduce((s, [, a]) => s + a.totalMs, 0);
      const count = rows.reduce((s, [, a]) => s + a.count, 0);
      return [
        `  ${count} commands, ${(total / 1000).toFixed(1)} s of round trips in all (concurrent round trips overlap):`,
        '      count    total s   mean ms    max ms  command',
        ...rows.slice(0, 25).map(([k, a]) => `    ${String(a.count).padStart(7)} ${(a.totalMs / 1000).toFixed(1).padStart(10)} ${(a.totalMs / a.count).toFixed(1).padStart(9)} ${a.maxMs.toFixed(0).padStart(9)}  ${k}`),
      ];
    },
  };
}
