/** Sample data and helpers shared by the render*.test.ts files. */
import type { RenderedMail, Renderer, TemplateName } from '../../src/mail/render';
import type { Language } from '../../src/domain/types';
import { createDigestAccumulator } from '../../src/domain/digest-stats';
import { digestView } from '../../src/domain/digest-view';

export const CYRILLIC = /\p{Script=Cyrillic}/u;
export const ROMANIAN_DIACRITIC = /[ăâîșț]/i;
export const SURVEY_URL = (score: number) => `https://acme.example/survey/TG-000123?score=${score}&t=abc`;
/** How the HTML part shows a URL in an attribute: handlebars escapes & and =. */
export const htmlUrl = (url: string) => url.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;');

export function sampleData(renderer: Renderer, name: TemplateName, lang: Language): Record<string, unknown> {
  const labels = renderer.labels(lang);
  const common = { deskName: 'Acme Support', originalSubject: 'Printer broken' };
  switch (name) {
    case 'acknowledgement':
      return {
        ...common,
        customerName: 'Ana Pop',
        supportAddress: 'support@acme.example',
        tickets: [
          { number: 'TG-000123', priority: 'P3', priorityLabel: labels.priority.P3, category: 'hardware', categoryLabel: labels.category.hardware, firstResponseBy: '2 Dec 2025, 12:00' },
          { number: 'TG-000124', priority: 'P1', priorityLabel: labels.priority.P1, firstResponseBy: '1 Dec 2025, 10:30' },
        ],
      };
    case 'agent-reply':
      return { ...common, agentName: 'Ion Rusu', ticketNumber: 'TG-000123', text: 'Hello,\nplease restart the printer.\nRegards' };
    case 'status':
      return { ...common, ticketNumber: 'TG-000123', statusLabel: labels.status.open, priorityLabel: labels.priority.P2, updatedAt: '1 Dec 2025, 09:15' };
    case 'agent-notification':
      return {
        deskName: 'Acme Support',
        ticketNumber: 'TG-000123',
        subject: 'Re: [TG-000123] Printer broken',
        event: 'customer-reply',
        priority: 'P2',
        status: 'open',
        tier: 'L2',
        category: 'hardware',
        customerName: 'Ana Pop',
        customerEmail: 'ana@example.com',
        message: 'Hello,\nthe printer still jams.\n\n#status closed\nAna',
        details: [{ label: 'Device', value: 'HP LaserJet 1020' }, { label: 'Office', value: 'Chisinau, 3rd floor' }],
        history: [
          { at: '1 Dec 2025, 09:15', actor: 'system', action: 'ticket opened' },
          { at: '1 Dec 2025, 10:02', actor: 'ion@acme.example', action: 'replied to the customer' },
        ],
        relatedTickets: [{ number: 'TG-000100', subject: 'Printer jams again' }],
        attachments: [
          { filename: 'jam.jpg', size: '340 KB' },
          { filename: 'scan-all-pages.pdf', size: '31 MB', held: 'too-large' },
          { filename: 'fix<script>.exe', size: '2.1 MB', held: 'blocked-type' },
        ],
      };
    case 'command-error':
      return {
        deskName: 'Acme Support',
        ticketNumber: 'TG-000123',
        errors: [
          { line: 1, text: '#status done', problem: 'expected one of open, pending, resolved, closed, got "done"' },
          { line: 3, text: '#assign bob', problem: 'not an agent e-mail address' },
        ],
        commandHelp: 'Commands go on the first lines of your reply:\n  #status open|pending|resolved|closed\n  #assign <agent e-mail>',
      };
    case 'status-list':
      return {
        deskName: 'Acme Support',
        customerName: 'Ana Pop',
        tickets: [
          { number: 'TG-000123', subject: 'Printer broken', statusLabel: labels.status.open, priorityLabel: labels.priority.P2, updatedAt: '1 Dec 2025, 09:15', nextStep: labels.nextStep.open },
          { number: 'TG-000124', subject: 'VPN', statusLabel: labels.status.pending, priorityLabel: labels.priority.P3, updatedAt: '30 Nov 2025, 17:40', nextStep: labels.nextStep.pending },
        ],
      };
    case 'resolved':
      return { ...common, ticketNumber: 'TG-000123', agentName: 'Ion Rusu', reopenDays: 7 };
    case 'manager-alert':
      return { deskName: 'Acme Support', title: 'Queue over limit', lines: ['12 tickets wait for a first answer.', 'Oldest: TG-000100 (5 hours)'] };
    case 'check-in':
      return {
        ...common,
        ticketNumber: 'TG-000123',
        customerName: 'Ana Pop',
        statusLabel: labels.status.open,
        priorityLabel: labels.priority.P2,
        nextStep: labels.nextStep.open,
        agentName: 'Ion Rusu',
        openedAt: '1 Dec 2025, 09:15',
        nextUpdateBy: '3 Dec 2025, 12:00',
      };
    case 'pending-reminder':
      return { ...common, ticketNumber: 'TG-000123', customerName: 'Ana Pop', closesAt: '8 Dec 2025, 09:00', question: 'Which printer model is it?\nIs it on the network?' };
    case 'pending-closed':
      return { ...common, ticketNumber: 'TG-000123', customerName: 'Ana Pop' };
    case 'survey':
      // Out of order on purpose: the templates sort by score.
      return { ...common, ticketNumber: 'TG-000123', customerName: 'Ana Pop', links: [3, 1, 5, 2, 4].map((score) => ({ score, url: SURVEY_URL(score) })) };
    case 'sla-warning':
      return {
        deskName: 'Acme Support',
        ticketNumber: 'TG-000123',
        subject: 'Re: [TG-000123] Printer broken',
        priority: 'P2',
        kind: 'first-response',
        dueAt: '1 Dec 2025, 11:15',
        customerName: 'Ana Pop',
        customerEmail: 'ana@example.com',
      };
    case 'digest':
      return {
        deskName: 'Acme Support',
        kind: 'daily',
        from: '1 Dec 2025',
        to: '1 Dec 2025',
        ...digestView(sampleDigestFigures(), lang, labels, 'Europe/Chisinau'),
        targets: { P1: { firstResponse: '1 h', resolution: '4 h' } },
        problems: [{ number: 'PR-000007', title: 'Printers offline', category: 'hardware', size: 4 }],
        charts: [{ cid: 'by-hour@ticketgate', title: 'New tickets by hour', alt: 'New tickets by hour of day', section: 'hours' }],
      };
    case 'problem-resolved':
      return { ...common, ticketNumber: 'TG-000123', customerName: 'Ana Pop', problemNumber: 'PR-000007', text: 'The print server was restarted.' };
    case 'files-held':
      return { ...common, ticketNumber: 'TG-000123', relayed: true, limit: '10 MB', files: [{ filename: 'driver-setup.exe', size: '4.2 MB', held: 'blocked-type' }, { filename: 'full-scan.pdf', size: '31 MB', held: 'too-large' }] };
  }
}

function sampleDigestFigures() {
  const day = new Date('2025-12-01T00:00:00+02:00');
  const acc = createDigestAccumulator({ from: day, to: new Date(day.getTime() + 86_400_000), timeZone: 'Europe/Chisinau', now: new Date(day.getTime() + 86_400_000) });
  acc.add({ number: 'TG-000123', subject: 'Printer broken', priority: 'P2', tier: 'L1', category: 'hardware', status: 'open', requester: 'ana@example.com', createdAt: new Date(day.getTime() + 9 * 3_600_000) });
  return acc.result();
}

/** The templates added with the care timers (check-ins, reminders, survey, SLA). */
export const CARE_TEMPLATES = ['check-in', 'pending-reminder', 'pending-closed', 'survey', 'sla-warning'] as const satisfies readonly TemplateName[];

export function allParts(mail: RenderedMail): string {
  return `${mail.subject}\n${mail.text}\n${mail.html}`;
}
