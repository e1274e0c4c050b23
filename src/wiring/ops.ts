import { mailboxLockKey, type Core } from './core';
import { startOpsServer, type ReadinessProbe } from '../web/ops-server';

/**
 * The operators' endpoints of this process (/metrics, /healthz, /readyz,
 * /queues). A port taken by another process is logged, not fatal: mail goes
 * on without them.
 */
export async function startOps(core: Core, role: string): Promise<{ close(): Promise<void> } | undefined> {
  const { env, log } = core;
  const dashboard = env.DASHBOARD_USER && env.DASHBOARD_PASSWORD ? { user: env.DASHBOARD_USER, password: env.DASHBOARD_PASSWORD } : undefined;
  try {
    const server = await startOpsServer({ role, metrics: core.metrics, queues: core.queues.queues, probes: probes(core, role), dashboard, log }, { port: env.OPS_PORT, host: env.OPS_HOST });
    core.ops.port = server.port;
    log.info({ port: server.port, host: env.OPS_HOST, dashboard: dashboard !== undefined }, 'operators\' endpoints listening');
    return server;
  } catch (err) {
    log.error({ err: (err as Error).message, port: env.OPS_PORT }, 'operators\' endpoints not started: no /metrics or health checks from this process');
    return undefined;
  }
}

/** Ready: the database and Redis answer, and for ingest, every mailbox is watched by some process (its lock is held). */
function probes(core: Core, role: string): ReadinessProbe[] {
  const list: ReadinessProbe[] = [
    { name: 'mongodb', check: async () => void (await core.mongo.db!.admin().ping()) },
    { name: 'redis', check: async () => void (await core.redis.ping()) },
  ];
  if (role.includes('ingest')) {
    const keys = core.desk.mailboxes.map((m) => mailboxLockKey(core.env, m));
    list.push({
      name: 'mailboxes',
      check: async () => {
        const held = await core.redis.exists(...keys);
        if (held < keys.length) throw new Error(`${keys.length - held} of ${keys.length} mailboxes not watched`);
      },
    });
  }
  return list;
}
