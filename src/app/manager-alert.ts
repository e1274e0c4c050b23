import { automaticHeaders, outboundMessageId } from '../domain/outbound';
import { managerReplyAddress } from '../domain/reply-token';
import type { DeskSettings } from './desk-settings';
import type { Outgoing } from './outgoing';
import type { Clock, Templates } from './ports';

export interface AlertDeps {
  templates: Templates;
  desk: DeskSettings;
  clock: Clock;
}

/**
 * Mails every manager once per alert key (the outbox key makes "once" hold
 * across retries and processes): e.g. one loop alert per address per day.
 */
export function alertManagers(deps: AlertDeps, outgoing: () => Outgoing) {
  return async (alertKey: string, title: string, lines: string[]): Promise<void> => {
    for (const manager of deps.desk.managers) {
      const rendered = deps.templates.render('manager-alert', manager.language, { deskName: deps.desk.name, title, lines });
      const key = `alert:${alertKey}:${manager.email}`;
      await outgoing()({
        key, kind: 'manager-alert', automatic: false, ticketIds: [], language: manager.language,
        from: { name: deps.desk.name, address: deps.desk.supportAddresses[0] }, to: [{ name: manager.name, address: manager.email }],
        // A manager acts on an alert by replying with a command line (#escalate TG-000123): the signed address proves who may.
        replyTo: { name: deps.desk.name, address: managerReplyAddress(deps.desk.supportAddresses[0], manager.email, deps.desk.tokenSecret) },
        subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
        references: [], headers: automaticHeaders('auto-generated'),
      });
    }
  };
}

/** The loop breaker's alert: one per capped address per day. */
export function loopAlert(alert: ReturnType<typeof alertManagers>, clock: Clock) {
  return (address: string, count: number) =>
    alert(`auto-cap:${address}:${clock.now().toISOString().slice(0, 10)}`, `Automatic mail to ${address} stopped`, [
      `${count} automatic mails went to ${address} within an hour, the configured limit.`,
      'Further automatic mail to this address is held back for the rest of the hour. This usually means a mail loop with an autoresponder.',
    ]);
}
