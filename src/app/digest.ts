import { createDigestAccumulator, type DigestFigures } from '../domain/digest-stats';
import { digestView } from '../domain/digest-view';
import { formatDateTime } from '../domain/format';
import { automaticHeaders, outboundMessageId } from '../domain/outbound';
import { managerReplyAddress } from '../domain/reply-token';
import { PRIORITIES, type Language, type Mailbox } from '../domain/types';
import type { DeskSettings } from './desk-settings';
import type { Outgoing, QueueResult } from './outgoing';
import type { Clock, Labels, Logger, ProblemRepo, Templates, TicketRepo } from './ports';

/** Chart images for a digest, drawn by an adapter (PNG); the mail embeds them by Content-ID. */
export type DigestCharts = (figures: DigestFigures, lang: Language, labels: Labels) => Promise<Array<{ cid: string; title: string; alt: string; section: string; png: Buffer }>>;

export interface DigestDeps {
  tickets: TicketRepo;
  problems: ProblemRepo;
  outgoing: Outgoing;
  templates: Templates;
  desk: DeskSettings;
  clock: Clock;
  log: Logger;
  charts: DigestCharts;
}

export interface DigestRequest {
  to: Mailbox;
  language: Language;
  timeZone: string;
  kind: 'daily' | 'weekly' | 'custom';
  from: Date;
  until: Date;
  /** The outbox key: one digest per recipient, kind and period, however often the job runs. */
  key: string;
}

/**
 * Figures over one period, computed in one streamed pass over the tickets
 * (no $lookup/$facet, so it runs on FerretDB v1 as on MongoDB), with charts
 * as inline PNGs and every figure also as a text table.
 */
export function sendDigest(deps: DigestDeps) {
  return async (req: DigestRequest): Promise<{ result: QueueResult; figures: DigestFigures }> => {
    const started = Date.now();
    const acc = createDigestAccumulator({ from: req.from, to: req.until, timeZone: req.timeZone, now: req.until });
    let rows = 0;
    for await (const row of deps.tickets.digestRows(req.from)) {
      acc.add(row);
      rows++;
    }
    const figures = acc.result();
    const labels = deps.templates.labels(req.language);
    const charts = await deps.charts(figures, req.language, labels);
    const problems = (await deps.problems.listActive(req.from, 10)).map((p) => ({ number: p.number, title: p.title, category: p.category, size: p.ticketIds.length }));
    const rendered = deps.templates.render('digest', req.language, {
      ...digestView(figures, req.language, labels, req.timeZone),
      deskName: deps.desk.name, kind: req.kind, from: formatDateTime(req.from, req.language, req.timeZone), to: formatDateTime(req.until, req.language, req.timeZone),
      targets: targets(deps.desk), problems, charts: charts.map(({ cid, title, alt, section }) => ({ cid, title, alt, section })),
    });
    const support = deps.desk.supportAddresses[0];
    const result = await deps.outgoing({
      key: req.key, kind: 'digest', automatic: false, ticketIds: [], language: req.language,
      from: { name: deps.desk.name, address: support }, to: [req.to],
      replyTo: { name: deps.desk.name, address: managerReplyAddress(support, req.to.address, deps.desk.tokenSecret) },
      subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(req.key, deps.desk.messageIdDomain),
      references: [], headers: automaticHeaders('auto-generated'),
      inline: charts.map((c) => ({ cid: c.cid, filename: `${c.cid.split('@')[0]}.png`, contentType: 'image/png', content: c.png })),
    });
    deps.log.info({ to: req.to.address, kind: req.kind, rows, ms: Date.now() - started }, 'digest prepared');
    return { result, figures };
  };
}

/** SLA targets per priority as the digest shows them beside the measured times. */
function targets(desk: DeskSettings): Record<string, { firstResponse: string; resolution: string }> {
  const hours = (h: number, clock: string) => `${h} h${clock === 'always' ? ' (24/7)' : ''}`;
  return Object.fromEntries(PRIORITIES.map((p) => {
    const sla = desk.care.sla[p];
    return [p, { firstResponse: hours(sla.firstResponseHours, sla.clock), resolution: hours(sla.resolutionHours, sla.clock) }];
  }));
}
