import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, LANGUAGES, PRIORITIES, TIERS } from '../domain/types';
import { businessHoursSchema, isTimeZone, pendingSchema, slaSchema, surveySchema } from './care';
import { ConfigError, describeIssues } from './errors';
import { knowledgeSchema, managerExtras, problemsSchema } from './managers';

const email = z.email({ message: 'expected an email address' }).transform((s) => s.toLowerCase());
const language = z.enum(LANGUAGES, { message: `expected one of ${LANGUAGES.join(', ')}` });

const timeZone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Bucharest' });

const mailboxSchema = z.object({
  address: email,
  aliases: z.array(email).default([]),
  imapUser: z.string().min(1).optional(),
  /** Name of the environment variable that holds this mailbox's password. */
  passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name').default('IMAP_PASSWORD'),
  folder: z.string().min(1).default('INBOX'),
  processedFolder: z.string().min(1).default('Processed'),
  quarantineFolder: z.string().min(1).default('Quarantine'),
});

const category = z.enum(CATEGORIES, { message: `expected one of ${CATEGORIES.join(', ')}` });
const priority = z.enum(PRIORITIES, { message: `expected one of ${PRIORITIES.join(', ')}` });
const tier = z.enum(TIERS, { message: `expected one of ${TIERS.join(', ')}` });

const agentSchema = z.object({
  name: z.string().min(1),
  email,
  tier,
  languages: z.array(language).min(1, 'expected at least one language'),
  /** The categories (support centres) this agent works in; empty or absent means all. */
  categories: z.array(category).optional(),
});

const phraseLists = z.record(z.string(), z.record(z.string(), z.array(z.string().min(1))));

const routingSchema = z
  .object({
    centres: z.object(Object.fromEntries(CATEGORIES.map((c) => [c, z.string().min(1).optional()])) as Record<(typeof CATEGORIES)[number], z.ZodOptional<z.ZodString>>).default({}),
    tierByPriority: z.object(Object.fromEntries(PRIORITIES.map((p) => [p, tier.optional()])) as Record<(typeof PRIORITIES)[number], z.ZodOptional<typeof tier>>).default({ P1: 'L2' }),
    defaultTier: tier.default('L1'),
    alertManagersOn: z.array(priority).default(['P1']),
  })
  .default({ centres: {}, tierByPriority: { P1: 'L2' }, defaultTier: 'L1', alertManagersOn: ['P1'] });

/** Additions to the built-in triage rules, so a support lead can tune triage without code. */
const triageSchema = z
  .object({
    vipContacts: z.array(email).default([]),
    vipDomains: z.array(z.string().regex(/^[a-z0-9.-]+$/i, 'expected a domain name').transform((d) => d.toLowerCase())).default([]),
    priorityAccounts: z.array(z.string().min(1)).default([]),
    /** Extra phrases: categories.<category>.<lang> and signals.<signal>.<lang>, each a list. */
    categories: phraseLists.default({}),
    signals: phraseLists.default({}),
  })
  .default({ vipContacts: [], vipDomains: [], priorityAccounts: [], categories: {}, signals: {} });

const managerSchema = z.object({
  name: z.string().min(1),
  email,
  language: language.default('en'),
  ...managerExtras,
});

const deskSchema = z.object({
  desk: z.object({
    name: z.string().min(1),
    ticketPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'expected 1-10 capital letters or digits, starting with a letter').default('TG'),
    defaultLanguage: language.default('en'),
    timeZone: timeZone.default('UTC'),
    /** Right-hand side of every Message-ID the gateway writes (RFC 5322 section 3.6.4). */
    messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/, 'expected a domain name').optional(),
  }),
  mailboxes: z.array(mailboxSchema).min(1, 'expected at least one support mailbox'),
  agents: z.array(agentSchema).default([]),
  managers: z.array(managerSchema).default([]),
  limits: z.object({ maxMailBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024) }).default({ maxMailBytes: 10 * 1024 * 1024 }),
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
      /** A reply this many days after resolution reopens the ticket; later it opens a new, linked one. */
      reopenDays: z.number().min(0).max(365).default(7),
      /** Automatic mails (acknowledgements, status replies, notices) one address may get per hour: a loop breaker. */
      maxAutoMailsPerHour: z.number().int().min(1).max(100_000).default(10),
      /** authserv-id (RFC 8601) of the receiving server whose Authentication-Results are trusted for agents' DKIM/DMARC. */
      trustedAuthServId: z.string().min(1).optional(),
      /** When set, an agent's command needs a DKIM or DMARC pass from the trusted server, besides the reply token. */
      requireAgentDkim: z.boolean().default(false),
    })
    .default({ reopenDays: 7, maxAutoMailsPerHour: 10, requireAgentDkim: false }),
}).superRefine((d, ctx) => {
  const onCall = d.businessHours.onCall;
  if (onCall && !d.agents.some((a) => a.email === onCall)) ctx.addIssue({ code: 'custom', path: ['businessHours', 'onCall'], message: `${onCall} is not one of the agents` });
  if (d.problems.prefix === d.desk.ticketPrefix) ctx.addIssue({ code: 'custom', path: ['problems', 'prefix'], message: 'must differ from desk.ticketPrefix' });
});

export type DeskConfig = z.infer<typeof deskSchema>;
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

