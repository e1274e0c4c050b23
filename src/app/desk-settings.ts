import type { CarePolicy } from '../domain/care-plan';
import type { RoutingRules } from '../domain/route';
import type { TriageRules } from '../domain/triage/rules';
import type { Category, Language, Tier } from '../domain/types';

export interface AgentSettings {
  name: string;
  email: string;
  tier: Tier;
  languages: Language[];
  categories?: Category[];
}

/** The parts of the desk config that the use cases read; built once by the composition root. */
export interface DeskSettings {
  name: string;
  ticketPrefix: string;
  defaultLanguage: Language;
  timeZone: string;
  messageIdDomain: string;
  /** Every support address and alias, lower-case. */
  supportAddresses: string[];
  maxMailBytes: number;
  /** SLA policies, business calendar, check-ins, pending reminders, survey. */
  care: CarePolicy;
  /** Agent who takes P1 tickets outside working hours. */
  onCall?: string;
  /** Public base URL of the gateway's web server, for one-click survey links; none means reply-only surveys. */
  publicUrl?: string;
  agents: AgentSettings[];
  managers: ManagerSettings[];
  /** Problem detection: similar open tickets of different customers grouped into one problem. */
  problems: { windowHours: number; minScore: number; alertAt: number; prefix: string };
  /** Similar resolved tickets suggested to agents. */
  knowledge: { suggestions: number; minScore: number };
  reopenDays: number;
  maxAutoMailsPerHour: number;
  /** Total bytes of files passed on with one mail (see planForward). */
  forwardAttachmentBytes: number;
  /** Signs reply addresses; from the environment, never from the desk file. */
  tokenSecret: string;
  /** Secrets being rotated out: still accepted on replies and links, never used to sign. */
  previousTokenSecrets?: string[];
  trustedAuthServId?: string;
  requireAgentDkim: boolean;
  routing: RoutingRules;
  triageRules: TriageRules;
}

export interface ManagerSettings {
  name: string;
  email: string;
  language: Language;
  timeZone?: string;
  digests?: Array<{ kind: 'daily' | 'weekly'; cron: string }>;
}

export function findManager(desk: DeskSettings, email: string | undefined): ManagerSettings | undefined {
  return email ? desk.managers.find((m) => m.email === email.toLowerCase()) : undefined;
}

export function findAgent(desk: DeskSettings, email: string | undefined): AgentSettings | undefined {
  return email ? desk.agents.find((a) => a.email === email.toLowerCase()) : undefined;
}

/** A support address or alias, also with a `+detail` subaddress (RFC 5233). */
export function isSupportAddress(desk: DeskSettings, address: string): boolean {
  const base = address.toLowerCase().replace(/\+[^@]*@/, '@');
  return desk.supportAddresses.includes(base);
}
