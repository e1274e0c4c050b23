/**
 * Triage of one customer mail, as LABELS.md defines it: is it automatic, and
 * which independent issues does it hold, each with priority, category and
 * identifying details. Pure and synchronous: the intake worker and the
 * evaluation CLI call the same function.
 */
import { classifyAutomation, isMachineMail } from '../auto-reply';
import type { InboundMail } from '../inbound-mail';
import { detectLanguage } from '../language';
import type { Category, Language, Priority } from '../types';
import { classifyIssue } from './classify';
import { extractDetails, type Details } from './extract';
import type { LearnedModel } from './learned';
import { DEFAULT_RULES, type TriageRules } from './rules';
import { splitIssues } from './split';

export interface TriageInput {
  from?: string;
  subject: string;
  body: string;
  headers?: Record<string, string | string[]>;
}

export interface TriagedIssue {
  text: string;
  priority: Priority;
  category: Category;
  details: Details;
  reasons: string[];
}

export interface TriageResult {
  autoReply: boolean;
  language: Language;
  issues: TriagedIssue[];
}

export function triageMail(input: TriageInput, rules: TriageRules = DEFAULT_RULES, learned?: LearnedModel, defaultLanguage: Language = 'en'): TriageResult {
  const language = detectLanguage(`${input.subject}\n${input.body}`, defaultLanguage);
  if (isAutomatic(input)) return { autoReply: true, language, issues: [] };
  return { autoReply: false, language, issues: triageIssues(input, language, rules, learned) };
}

/** The issues of a mail already known to be a person's. */
export function triageIssues(input: TriageInput, language: Language, rules: TriageRules = DEFAULT_RULES, learned?: LearnedModel): TriagedIssue[] {
  const { issues, shared } = splitIssues(input.subject, input.body);
  const from = input.from ? addressOf(input.from) : undefined;
  return issues.map((text) => {
    const details = extractDetails(text, shared);
    const c = classifyIssue(text, { subject: input.subject, lang: language, from, account: details.account, rules, learned, shared });
    return { text, priority: c.priority, category: c.category, details, reasons: c.reasons };
  });
}

function isAutomatic(input: TriageInput): boolean {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = Array.isArray(v) ? v : [v];
  const fromAddress = input.from ? addressOf(input.from) : undefined;
  const mail: InboundMail = {
    from: fromAddress ? { address: fromAddress } : undefined, replyTo: [], to: [], cc: [], references: [], subject: input.subject, text: input.body,
    headers, contentType: 'text/plain', contentTypeParams: {}, attachments: [],
  };
  return isMachineMail(classifyAutomation(mail));
}

function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim().toLowerCase();
}
