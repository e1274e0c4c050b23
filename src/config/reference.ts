import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import { deskSchema } from './desk';
import { envSchema } from './env';

/**
 * The configuration reference (docs/configuration.md), rendered from the zod
 * schemas so it cannot drift from what the gateway accepts. Pure: the caller
 * supplies the example desk file; `npm run docs:config` writes the result.
 */

/** The repository's example desk file, shown (without comments) at the end of the reference. */
export const EXAMPLE_DESK_PATH = 'config/desk.example.yaml';

/** The part of a JSON Schema node the reference reads. */
interface Node {
  type?: string;
  description?: string;
  secret?: boolean;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | boolean;
  propertyNames?: Node;
}

interface Row {
  path: string;
  node: Node;
  required: boolean;
}

type Override = NonNullable<z.core.ToJSONSchemaParams['override']>;

// With io 'input' zod drops the default of any schema that transforms (`bool`, lower-cased
// emails), as a default is an output value; to an operator it is still the value in effect.
const keepDefault: Override = ({ zodSchema, jsonSchema }) => {
  const def = zodSchema._zod.def;
  if (def.type === 'default' && !('default' in jsonSchema)) jsonSchema.default = JSON.parse(JSON.stringify(def.defaultValue)) as unknown;
};

// 'input' documents what an operator writes (a port as a number, not the coerced output).
function jsonOf(schema: z.ZodType): Node {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: keepDefault }) as Node;
}

/** Every key as a dotted path, parents before their children; `[]` marks the entries of a list. */
function rowsOf(node: Node, prefix = ''): Row[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const row = { path, node: child, required: (node.required ?? []).includes(key) };
    if (child.properties) return [row, ...rowsOf(child, path)];
    if (child.type === 'array' && child.items?.properties) return [row, ...rowsOf(child.items, `${path}[]`)];
    return [row];
  });
}

const FLAG_VALUES = ['0', '1', 'false', 'no', 'true', 'yes'];

function enumText(values: unknown[]): string {
  // `bool` in env.ts accepts these six; zod lists them out of order, so name them as a flag.
  if (values.map(String).sort().join() === FLAG_VALUES.join()) return 'boolean: `true` or `false` (also `yes`/`no`, `1`/`0`)';
  return `one of ${values.map((v) => code(String(v))).join(', ')}`;
}

function rangeText(n: Node): string {
  if (n.minimum !== undefined && n.maximum !== undefined) return `${n.minimum}–${n.maximum}`;
  const bounds = [
    n.minimum !== undefined ? `≥ ${n.minimum}` : '',
    n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : '',
    n.maximum !== undefined ? `≤ ${n.maximum}` : '',
    n.exclusiveMaximum !== undefined ? `< ${n.exclusiveMaximum}` : '',
  ];
  return bounds.filter(Boolean).join(' and ');
}

function stringText(n: Node): string {
  if (n.format === 'email') return 'email address';
  if (n.format === 'uri') return 'URL';
  if (n.pattern) return `string matching ${code(n.pattern)}`;
  if (n.minLength !== undefined && n.minLength > 1) return `string of at least ${n.minLength} characters`;
  return n.minLength === 1 ? 'non-empty string' : 'string';
}

function objectText(n: Node): string {
  if (n.properties) return n.additionalProperties === false ? 'section (unknown keys are errors)' : 'section';
  const keys = n.propertyNames?.enum ? n.propertyNames.enum.map((k) => code(String(k))).join(', ') : 'name';
  const value = typeof n.additionalProperties === 'object' ? typeText(n.additionalProperties) : 'any';
  return `map of ${keys} → (${value})`;
}

function arrayText(n: Node): string {
  const least = n.minItems ? `, at least ${n.minItems}` : '';
  if (n.items?.properties) return `list of entries${least}`;
  return `list${least}; each item: ${n.items ? typeText(n.items) : 'any'}`;
}

function typeText(n: Node): string {
  if (n.enum) return enumText(n.enum);
  switch (n.type) {
    case 'integer':
    case 'number': {
      const range = rangeText(n);
      return range ? `${n.type}, ${range}` : n.type;
    }
    case 'string':
      return stringText(n);
    case 'boolean':
      return 'boolean';
    case 'array':
      return arrayText(n);
    case 'object':
      return objectText(n);
    default:
      return 'any';
  }
}

/** Keys in a stable order, so two defaults compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** What a section's keys default to on their own. */
function childDefaults(n: Node): Record<string, unknown> {
  const entries = Object.entries(n.properties ?? {}).flatMap(([key, child]): [string, unknown][] => {
    if ('default' in child) return [[key, child.properties && canonical(child.default) === '{}' ? childDefaults(child) : child.default]];
    return child.properties ? [[key, childDefaults(child)]] : [];
  });
  return Object.fromEntries(entries);
}

/** A section's default is worth showing only when its keys' own defaults do not already say it (sla.P1). */
function sectionDefaultSaysMore(n: Node): boolean {
  return canonical(n.default) !== '{}' && canonical(n.default) !== canonical(childDefaults(n));
}

function defaultCell(row: Row, show: (value: unknown) => string): string {
  const { node } = row;
  const hasDefault = 'default' in node && (!node.properties || sectionDefaultSaysMore(node));
  if (hasDefault) return `default ${code(show(node.default))}`;
  return row.required ? '**required**' : 'optional';
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A table cell: a `|` would end the cell, even inside a code span; `<lang>` outside one would be read as HTML. */
function cell(text: string): string {
  const html = text.split('`').map((part, i) => (i % 2 === 1 ? part : part.replace(/<(?=[A-Za-z/!?])/g, '&lt;'))).join('`');
  return html.replace(/\|/g, '\\|');
}

function describe(node: Node): string {
  return `${node.secret ? '**Secret.** ' : ''}${node.description ?? ''}`;
}

function table(heading: string, rows: Row[], show: (value: unknown) => string): string[] {
  const lines = rows.map((r) => `| ${[code(r.path), defaultCell(r, show), typeText(r.node), describe(r.node)].map(cell).join(' | ')} |`);
  return [`| ${heading} | Required / default | Type and allowed values | Description |`, '| --- | --- | --- | --- |', ...lines];
}

// Environment values are text, so a default is shown as typed; desk defaults as YAML.
const envValue = (value: unknown): string => String(value);
const yamlValue = (value: unknown): string => toYaml(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();

const INTRO = [
  '# Configuration reference',
  '',
  'This file is generated by `npm run docs:config` from the configuration schemas (src/config); do not edit it by hand.',
  '',
  'ticketgate is configured in two places. Both are validated once, when a process starts; a problem stops it with a message naming the key and what is expected.',
  '',
  '- **Environment variables** hold the connections and secrets: MongoDB, Redis, the IMAP and SMTP servers, the reply-token secret, the web server, and where the desk file is. An empty variable counts as unset. Besides those below, each mailbox may name its own password variable (`mailboxes[].passwordEnv`).',
  '- **The desk file**, YAML at the path in `TICKETGATE_CONFIG`, describes the desk: its mailboxes, agents and managers, SLA targets, business hours, pending reminders, the survey, problems, knowledge suggestions, routing and triage additions. It holds no secrets.',
  '',
  'Check both before starting the gateway, and after every change: `ticketgate check-config` validates the environment and the desk file, then exits.',
  '',
  'Desk keys are written as dotted paths: `sla.P1.firstResponseHours` is `firstResponseHours` inside `P1` inside `sla`; `mailboxes[].address` is `address` in each entry of the `mailboxes` list. A key marked required is required whenever its section or list entry is given. Ranges include their ends; `>` and `<` exclude them.',
];

/** The example desk file without its comments: the reference above explains every key. */
function exampleSection(exampleYaml: string): string[] {
  const lines = exampleYaml.split('\n').filter((line) => !/^\s*#/.test(line));
  const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return ['## Example desk file', '', `A complete desk file: ${EXAMPLE_DESK_PATH} without its comments.`, '', '```yaml', text, '```'];
}

/** docs/configuration.md: the environment, every desk key, and an example desk file. */
export function renderReference(exampleYaml: string): string {
  const env = table('Variable', rowsOf(jsonOf(envSchema)), envValue);
  const desk = table('Key', rowsOf(jsonOf(deskSchema)), yamlValue);
  const sections = [INTRO, ['## Environment', '', ...env], ['## Desk file', '', ...desk], exampleSection(exampleYaml)];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

