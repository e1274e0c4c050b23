/**
 * Renders the mails to customers, agents and desk managers (subject, text
 * part, HTML part) from the handlebars templates in src/templates. Every file
 * is read and compiled when the renderer is created, so render() is pure CPU
 * work and a broken template stops start-up instead of the first
 * acknowledgement.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { CATEGORIES, LANGUAGES, PRIORITIES, TICKET_STATUSES, TIERS } from '../domain/types';
import { DETAIL_KEYS, type DetailKey } from '../domain/triage/extract';
import { DIGEST_WORDS, type DigestWord } from '../domain/digest-view';
import type { Category, Language, Priority, TicketStatus, Tier } from '../domain/types';
import { AGENT_EVENTS, checkData, field, isNonEmptyString } from './render-checks';
import type { AgentEvent } from './render-checks';

export { AGENT_EVENTS, DIGEST_CHART_SECTIONS, DIGEST_KINDS, SLA_KINDS } from './render-checks';
export type { AgentEvent, DigestChartSection, DigestKind, SlaKind } from './render-checks';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const TEMPLATE_NAMES = [
  'acknowledgement',
  'agent-reply',
  'status',
  'agent-notification',
  'command-error',
  'status-list',
  'resolved',
  'manager-alert',
  'check-in',
  'pending-reminder',
  'pending-closed',
  'survey',
  'sla-warning',
  'digest',
  'problem-resolved',
  'files-held',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface Labels {
  priority: Readonly<Record<Priority, string>>;
  category: Readonly<Record<Category, string>>;
  status: Readonly<Record<TicketStatus, string>>;
  /** The support line, code kept: "L2 (second line)". */
  tier: Readonly<Record<Tier, string>>;
  /** Agent-notification events as subject prefixes: "Customer replied". */
  event: Readonly<Record<AgentEvent, string>>;
  /** What happens next for a ticket in this status, a sentence for the customer. */
  nextStep: Readonly<Record<TicketStatus, string>>;
  /** Names of the identifying details triage extracts, for agents. */
  detail: Readonly<Record<DetailKey, string>>;
  /** The digest's words: units of durations, "no category", "unassigned". */
  digest: Readonly<Record<DigestWord, string>>;
}

export interface Renderer {
  render(name: TemplateName, lang: Language, data: Record<string, unknown>): RenderedMail;
  labels(lang: Language): Labels;
}

type Env = typeof Handlebars;
type Delegate = Handlebars.TemplateDelegate<Record<string, unknown>>;
type Part = 'subject' | 'text' | 'html';
type CompiledTemplate = Record<Part, Delegate>;

const PARTS: readonly Part[] = ['subject', 'text', 'html'];
const LABEL_KEYS: { [K in keyof Labels]: readonly string[] } = {
  priority: PRIORITIES,
  category: CATEGORIES,
  status: TICKET_STATUSES,
  tier: TIERS,
  event: AGENT_EVENTS,
  nextStep: TICKET_STATUSES,
  detail: DETAIL_KEYS,
  digest: DIGEST_WORDS,
};

/**
 * Who reads the mail, which decides the layout's footer: customers are told
 * to keep the tag, agents that a reply goes to the customer, managers that the
 * mail is automatic. A status list names several tickets and has no tag; a
 * resolved ticket may not take replies any more (reopenDays), so its footer
 * does not promise that a reply lands on it.
 */
type Audience = 'customer' | 'customer-resolved' | 'customer-list' | 'agent' | 'manager';
const AUDIENCE: Record<TemplateName, Audience> = {
  acknowledgement: 'customer',
  'agent-reply': 'customer',
  status: 'customer',
  'agent-notification': 'agent',
  'command-error': 'agent',
  'status-list': 'customer-list',
  resolved: 'customer-resolved',
  'manager-alert': 'manager',
  'check-in': 'customer',
  'pending-reminder': 'customer',
  'pending-closed': 'customer-resolved',
  survey: 'customer-resolved',
  'sla-warning': 'agent',
  digest: 'manager',
  'problem-resolved': 'customer-resolved',
  'files-held': 'agent',
};

const TICKET_TAG = /\[[A-Z][A-Z0-9]{0,9}-\d{6,}\]/gi;
// Reply/forward prefixes of common clients in en/ru/ro/de/nordic locales.
const REPLY_PREFIXES = /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|отв|ответ|пересл)\s*(?:\[\d+\])?\s*:\s*)+/i;

export function findTemplatesDir(): string {
  const candidates = [
    path.resolve(__dirname, '../templates'), // running from src/mail
    path.resolve(__dirname, '../../../src/templates'), // running from dist/src/mail
  ];
  const found = candidates.find((dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory());
  if (!found) throw new Error(`templates directory not found; tried ${candidates.join(', ')}`);
  return found;
}

export function createRenderer(opts: { templatesDir?: string } = {}): Renderer {
  const dir = opts.templatesDir ?? findTemplatesDir();
  const labels = loadLabels(path.join(dir, 'labels.json'));
  const env = createEnvironment(labels);
  const layout = {
    text: compileFile(env, path.join(dir, 'layout.text.hbs'), 'text'),
    html: compileFile(env, path.join(dir, 'layout.html.hbs'), 'html'),
  };
  const templates = loadTemplates(env, dir);

  return {
    render(name, lang, data) {
      const template = templates.get(templateKey(name, lang));
      if (!template) throw new Error(`no template "${name}" for language "${lang}" in ${dir}`);
      checkData(name, data);
      const context: Record<string, unknown> = { ...data, lang, ticketTags: ticketNumbersOf(data), audience: AUDIENCE[name] };
      const runtime = { data: { lang } };
      const body = (part: 'text' | 'html'): string => template[part](context, runtime).trim();
      return {
        subject: oneLine(template.subject(context, runtime)),
        text: tidyText(layout.text({ ...context, body: body('text') }, runtime)),
        html: layout.html({ ...context, body: body('html') }, runtime),
      };
    },
    labels(lang) {
      const found = labels[lang];
      if (!found) throw new Error(`no labels for language "${lang}"`);
      return found;
    },
  };
}

function templateKey(name: string, lang: string): string {
  return `${name}/${lang}`;
}

/**
 * A language with none of its three files is simply not offered (render()
 * names it); a language with only some of them is a half-finished
 * translation and fails start-up.
 */
function loadTemplates(env: Env, dir: string): Map<string, CompiledTemplate> {
  const templates = new Map<string, CompiledTemplate>();
  for (const name of TEMPLATE_NAMES) {
    for (const lang of LANGUAGES) {
      const files = PARTS.map((part) => path.join(dir, name, `${lang}.${part}.hbs`));
      const missing = files.filter((file) => !fs.existsSync(file));
      if (missing.length === PARTS.length) continue;
      if (missing.length > 0) throw new Error(`template "${name}" (${lang}) is incomplete: missing ${missing.join(', ')}`);
      const [subject, text, html] = PARTS.map((part, i) => compileFile(env, files[i], part));
      templates.set(templateKey(name, lang), { subject, text, html });
    }
  }
  return templates;
}

/**
 * Subjects and text parts are not HTML, so they must not be HTML-escaped
 * ("R&D" stays "R&D"). Handlebars compiles lazily on first call, so each
 * template is run once on empty data here to compile it now and to surface
 * errors with the file name.
 */
function compileFile(env: Env, file: string, part: Part): Delegate {
  const source = fs.readFileSync(file, 'utf8');
  try {
    const template = env.compile<Record<string, unknown>>(source, { noEscape: part !== 'html' });
    template({}, { data: { lang: 'en' } });
    return template;
  } catch (err) {
    throw new Error(`template ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function loadLabels(file: string): Readonly<Record<Language, Labels>> {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result: Partial<Record<Language, Labels>> = {};
  for (const lang of LANGUAGES) {
    const perLang = field(raw, lang);
    const entry: Record<string, Record<string, string>> = {};
    for (const [kind, keys] of Object.entries(LABEL_KEYS)) {
      const table: Record<string, string> = {};
      for (const key of keys) {
        const value = field(field(perLang, kind), key);
        if (typeof value !== 'string' || value.trim() === '') throw new Error(`${file}: missing label ${lang}.${kind}.${key}`);
        table[key] = value;
      }
      entry[kind] = Object.freeze(table);
    }
    result[lang] = Object.freeze(entry) as unknown as Labels;
  }
  return Object.freeze(result as Record<Language, Labels>);
}

/** The ticket numbers a mail is about, for subject tags and the footer. */
function ticketNumbersOf(data: Record<string, unknown>): string[] {
  if (Array.isArray(data.tickets)) return data.tickets.map((t) => field(t, 'number')).filter(isNonEmptyString);
  return isNonEmptyString(data.ticketNumber) ? [data.ticketNumber] : [];
}

/** A subject is a header: a newline in customer-supplied text would inject headers. */
function oneLine(value: string): string {
  return value.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
}

function tidyText(value: string): string {
  return `${value.replace(/\r\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function isLabelKind(value: unknown): value is keyof Labels {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LABEL_KEYS, value);
}

/** The helper's options object is always the last argument handlebars passes. */
function optionsOf(args: unknown[]): Handlebars.HelperOptions {
  return args[args.length - 1] as Handlebars.HelperOptions;
}

function createEnvironment(labels: Readonly<Record<Language, Labels>>): Env {
  const env = Handlebars.create();
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);

  // {{label "priority" priority priorityLabel}}: the caller's label wins; else
  // the desk's label for the mail's language; else the raw code, because a
  // mail saying "P3" beats no mail at all.
  env.registerHelper('label', (kind: unknown, key: unknown, ...rest: unknown[]) => {
    const given = rest.length > 1 ? rest[0] : undefined;
    if (isNonEmptyString(given)) return given;
    const lang: unknown = optionsOf(rest).data?.lang;
    if (isLabelKind(kind) && isLanguage(lang) && typeof key === 'string') {
      const table: Readonly<Record<string, string>> = labels[lang][kind];
      if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
    }
    return isNonEmptyString(key) ? key : '';
  });

  // {{tagList tickets}} or {{tagList ticketTags}} → "[TG-000123] [TG-000124]"
  env.registerHelper('tagList', (list: unknown) => {
    if (!Array.isArray(list)) return '';
    const numbers = list.map((item) => (typeof item === 'string' ? item : field(item, 'number')));
    return numbers.filter(isNonEmptyString).map((n) => `[${n}]`).join(' ');
  });

  // The customer's subject without our tags or a pile of "Re: Fwd:" prefixes,
  // so that replying to a reply does not grow the subject.
  env.registerHelper('baseSubject', (subject: unknown) => {
    if (typeof subject !== 'string') return '';
    const untagged = subject.replace(TICKET_TAG, ' ').replace(/\s+/g, ' ');
    return untagged.replace(REPLY_PREFIXES, '').trim();
  });

  // {{#each (byScore links "desc")}}: survey links by score ("asc" or "desc"), as a copy.
  env.registerHelper('byScore', (list: unknown, order: unknown) => {
    if (!Array.isArray(list)) return [];
    const sign = order === 'desc' ? -1 : 1;
    return [...list].sort((a, b) => sign * (Number(field(a, 'score')) - Number(field(b, 'score'))));
  });

  env.registerHelper('nl2br', (text: unknown) => {
    if (typeof text !== 'string') return '';
    const escaped = env.Utils.escapeExpression(text);
    return new env.SafeString(escaped.replace(/\r?\n/g, '<br>\n'));
  });
  registerWordingHelpers(env);
  registerDigestHelpers(env);
  return env;
}

/** Helpers the digest needs to place its charts. */
function registerDigestHelpers(env: Env): void {
  // {{#each (chartsIn charts "hours")}}: the charts that go with one section
  // of the digest, in the caller's order; a chart without a section goes
  // with "summary" so that none is dropped.
  env.registerHelper('chartsIn', (charts: unknown, section: unknown) => {
    if (!Array.isArray(charts)) return [];
    return charts.filter((chart) => (field(chart, 'section') ?? 'summary') === section);
  });
}

/** Helpers for wording: command codes, quoted text, plurals. */
function registerWordingHelpers(env: Env): void {
  // {{codes "category"}} → "hardware|software|network|access|billing": the
  // English codes agent commands accept, kept in step with the domain lists.
  env.registerHelper('codes', (kind: unknown) => (isLabelKind(kind) ? LABEL_KEYS[kind].join('|') : ''));

  // Text parts only: {{quote message}} → every line prefixed with "> ", as
  // mail clients quote, so a quoted "#status closed" is not a command line.
  env.registerHelper('quote', (text: unknown) => {
    if (typeof text !== 'string') return '';
    return text
      .replace(/\r\n?/g, '\n')
      .replace(/\n+$/, '')
      .split('\n')
      .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
      .join('\n');
  });

  // {{plural reopenDays one="day" other="days"}} → "1 day", "7 days", with
  // the language's plural rules (ru one/few/many: 1 день, 2 дня, 5 дней;
  // ro one/few/other: 1 zi, 2 zile, 20 de zile). A missing form falls back
  // to `other`; a value that is not a number renders nothing.
  const pluralRules = new Map<string, Intl.PluralRules>();
  env.registerHelper('plural', (count: unknown, ...rest: unknown[]) => {
    const options = optionsOf(rest);
    if (typeof count !== 'number' || !Number.isFinite(count)) return '';
    const lang: unknown = options.data?.lang;
    const locale = isLanguage(lang) ? lang : 'en';
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
    const forms = options.hash as Record<string, unknown>;
    const form = forms[rules.select(count)] ?? forms.other;
    return isNonEmptyString(form) ? `${count} ${form}` : String(count);
  });
}
