import { oauthSchema } from './oauth';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_ROUTING } from '../domain/route';
import { SIGNALS } from '../domain/triage/rules';
import { CATEGORIES, LANGUAGES, PRIORITIES, TIERS } from '../domain/types';
import { businessHoursSchema, isTimeZone, pendingSchema, slaSchema, surveySchema } from './care';
import { ConfigError, describeIssues } from './errors';
import { knowledgeSchema, managerExtras, problemsSchema } from './managers';

const email = z.email({ message: 'expected an email address' }).transform((s) => s.toLowerCase());
const language = z.enum(LANGUAGES, { message: `expected one of ${LANGUAGES.join(', ')}` });

const timeZone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Bucharest' });

// Descriptions live on the schemas so docs/configuration.md is generated from them (npm run docs:config).
const mailboxSchema = z.object({
  address: email.describe('Address of the support mailbox, read over IMAP; the desk answers from it.'),
  aliases: z.array(email).default([]).describe("Other addresses delivering into this mailbox; mail from any support address or alias is the gateway's own and never becomes a ticket (no mail loops)."),
  imapUser: z.string().min(1).optional().describe('IMAP login; default: IMAP_USER if set, otherwise the address.'),
  passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name').default('IMAP_PASSWORD').describe("Name of the environment variable that holds this mailbox's password; give each further mailbox its own, e.g. SALES_IMAP_PASSWORD."),
  folder: z.string().min(1).default('INBOX').describe('Folder read for new mail.'),
  processedFolder: z.string().min(1).default('Processed').describe('Mail is moved here once the gateway has stored it; created if missing.'),
  quarantineFolder: z.string().min(1).default('Quarantine').describe('Mail that could not be processed (too large, unreadable, failed repeatedly) is moved here for a person to look at; created if missing.'),
  oauth: oauthSchema.optional().describe('OAuth 2.0 login (XOAUTH2 / OAUTHBEARER) for Microsoft 365 or Google instead of a password: see docs/oauth.md. passwordEnv is then not used.'),
});

const category = z.enum(CATEGORIES, { message: `expected one of ${CATEGORIES.join(', ')}` });
const priority = z.enum(PRIORITIES, { message: `expected one of ${PRIORITIES.join(', ')}` });
const tier = z.enum(TIERS, { message: `expected one of ${TIERS.join(', ')}` });

const agentSchema = z.object({
  name: z.string().min(1).describe("The agent's name."),
  email: email.describe("The agent's address: notifications go there, and commands and replies from it are the agent's."),
  tier: tier.describe('Support tier: L1 first line, L2 and L3 for escalations.'),
  languages: z.array(language).min(1, 'expected at least one language').describe('Languages the agent can answer in.'),
  categories: z.array(category).optional().describe('The categories (support centres) this agent works in; empty or absent means all.'),
});

const phraseLists = z.record(z.string(), z.record(z.string(), z.array(z.string().min(1))));

const routingSchema = z
  .object({
    centres: z
      .object(Object.fromEntries(CATEGORIES.map((c) => [c, z.string().min(1).optional().describe(`Centre of ${c} tickets; default: ${DEFAULT_ROUTING.centres[c]}.`)])) as Record<(typeof CATEGORIES)[number], z.ZodOptional<z.ZodString>>)
      .default({})
      .describe('Support centre (team) per category, e.g. hardware: Field services.'),
    tierByPriority: z
      .object(Object.fromEntries(PRIORITIES.map((p) => [p, tier.optional().describe(`Tier ${p} tickets start at.`)])) as Record<(typeof PRIORITIES)[number], z.ZodOptional<typeof tier>>)
      .default({ P1: 'L2' })
      .describe('Tier a priority starts at; a priority not listed starts at `defaultTier`.'),
    defaultTier: tier.default('L1').describe('Tier of tickets whose priority is not in `tierByPriority`.'),
    alertManagersOn: z.array(priority).default(['P1']).describe('Priorities that alert the managers at once.'),
  })
  .default({ centres: {}, tierByPriority: { P1: 'L2' }, defaultTier: 'L1', alertManagersOn: ['P1'] })
  .describe('Where a new ticket goes: its centre by category, its starting tier by priority.');

const triageSchema = z
  .object({
    vipContacts: z.array(email).default([]).describe('Sender addresses whose issues go up one priority level (P3 becomes P2); never into P1, and planned P4 work stays P4.'),
    vipDomains: z.array(z.string().regex(/^[a-z0-9.-]+$/i, 'expected a domain name').transform((d) => d.toLowerCase())).default([]).describe('Sender domains treated like `vipContacts` (subdomains included).'),
    priorityAccounts: z.array(z.string().min(1)).default([]).describe('Account numbers (as extracted from the mail) treated like `vipContacts`.'),
    categories: phraseLists.default({}).describe(`Extra phrases: categories.<category>.<lang>, each a list (categories: ${CATEGORIES.join(', ')}); unknown keys are ignored.`),
    signals: phraseLists.default({}).describe(`Extra phrases: signals.<signal>.<lang>, each a list (signals: ${SIGNALS.join(', ')}); unknown keys are ignored.`),
  })
  .default({ vipContacts: [], vipDomains: [], priorityAccounts: [], categories: {}, signals: {} })
  .describe('Additions to the built-in triage rules, so a support lead can tune triage without code.');

const managerSchema = z.object({
  name: z.string().min(1).describe("The manager's name."),
  email: email.describe("The manager's address: escalations, alerts and digests go there."),
  language: language.default('en').describe('Language the desk writes to this manager in.'),
  ...managerExtras,
});

export const deskSchema = z.object({
  desk: z
    .object({
      name: z.string().min(1).describe('Shown to customers in acknowledgements and status mails.'),
      ticketPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'expected 1-10 capital letters or digits, starting with a letter').default('TG').describe('Ticket numbers look like TG-001042; do not change it once tickets exist: replies are matched to tickets by this number.'),
      defaultLanguage: language.default('en').describe("Language used when a mail's language cannot be told."),
      timeZone: timeZone.default('UTC').describe('IANA time zone for dates in mails and for SLA deadlines.'),
      messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/, 'expected a domain name').optional().describe('Right-hand side of every Message-ID the gateway writes (RFC 5322 section 3.6.4); default: the domain of the first mailbox.'),
    })
    .describe('The desk itself.'),
  mailboxes: z.array(mailboxSchema).min(1, 'expected at least one support mailbox').describe('The support mailboxes the gateway reads over IMAP (IMAP_HOST, IMAP_PORT, IMAP_TLS) and answers from.'),
  agents: z.array(agentSchema).default([]).describe('Agents who answer tickets.'),
  managers: z.array(managerSchema).default([]).describe('Managers: the people escalations, alerts and digests go to.'),
  limits: z
    .object({
      maxMailBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024).describe('Larger mails are not parsed: they go to the quarantine folder (bytes over 8 MiB are stored in parts).'),
      forwardAttachmentBytes: z
        .number()
        .int()
        .min(0)
        .max(50 * 1024 * 1024)
        .default(10 * 1024 * 1024)
        .describe("Files passed on with one mail (a customer's to the agents' notification, an agent's to the customer), in total; files beyond it, and program types (.exe, .js, ...), stay with the stored mail and are listed by name. 0 passes on none."),
    })
    .default({ maxMailBytes: 10 * 1024 * 1024, forwardAttachmentBytes: 10 * 1024 * 1024 })
    .describe('Size limits of incoming mail and of the files passed on.'),
  businessHours: businessHoursSchema,
  sla: slaSchema,
  pending: pendingSchema,
  survey: surveySchema,
  problems: problemsSchema,
  knowledge: knowledgeSchema,
  routing: routingSchema,
  triage: triageSchema,
  conversation: z
    .object({
      reopenDays: z.number().min(0).max(365).default(7).describe('A reply this many days after resolution reopens the ticket; later it opens a new, linked one.'),
      maxAutoMailsPerHour: z.number().int().min(1).max(100_000).default(10).describe('Automatic mails (acknowledgements, status replies, notices) one address may get per hour: a loop breaker.'),
      trustedAuthServId: z.string().min(1).optional().describe("authserv-id (RFC 8601) of the receiving server whose Authentication-Results are trusted for agents' DKIM/DMARC."),
      requireAgentDkim: z.boolean().default(false).describe("When set, an agent's command needs a DKIM or DMARC pass from the trusted server, besides the reply token."),
    })
    .default({ reopenDays: 7, maxAutoMailsPerHour: 10, requireAgentDkim: false })
    .describe('Replies to resolved tickets, mail loops and how agents are authenticated.'),
}).superRefine((d, ctx) => {
  const onCall = d.businessHours.onCall;
  if (onCall && !d.agents.some((a) => a.email === onCall)) ctx.addIssue({ code: 'custom', path: ['businessHours', 'onCall'], message: `${onCall} is not one of the agents` });
  if (d.problems.prefix === d.desk.ticketPrefix) ctx.addIssue({ code: 'custom', path: ['problems', 'prefix'], message: 'must differ from desk.ticketPrefix' });
});

export type DeskConfig = z.infer<typeof deskSchema>;
/** A desk config as written (defaults not yet applied): what tests and tools pass in. */
export type DeskConfigInput = z.input<typeof deskSchema>;
export type MailboxConfig = DeskConfig['mailboxes'][number];
export type AgentConfig = DeskConfig['agents'][number];

export function parseDeskConfig(value: unknown, source = 'desk config'): DeskConfig {
  const result = deskSchema.safeParse(value);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, source));
  const desk = result.data;
  desk.desk.messageIdDomain ??= desk.mailboxes[0].address.split('@')[1];
  return desk;
}

export function loadDeskConfig(path: string): DeskConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`TICKETGATE_CONFIG: cannot read ${path}: ${(err as Error).message}`]);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new ConfigError([`${path}: not valid YAML: ${(err as Error).message}`]);
  }
  return parseDeskConfig(value, path);
}

/** Every address that reaches the desk, lower-case: mail from these is the gateway's own. */
export function supportAddresses(desk: DeskConfig): string[] {
  return desk.mailboxes.flatMap((m) => [m.address, ...m.aliases]);
}


/**
 * Each password mailbox's variable must be set (IMAP_PASSWORD by default); an
 * OAuth mailbox needs none. Checked with the environment at start, so a
 * desk of OAuth mailboxes needs no placeholder password.
 */
export function missingMailboxPasswords(desk: DeskConfig, source: Record<string, string | undefined>): string[] {
  return desk.mailboxes.flatMap((m, i) => (m.oauth || source[m.passwordEnv] ? [] : [`env.${m.passwordEnv}: expected the IMAP password of ${m.address} (mailboxes[${i}].passwordEnv)`]));
}
