import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { deskSchema } from '../../src/config/desk';
import { envSchema } from '../../src/config/env';
import { EXAMPLE_DESK_PATH, renderReference } from '../../src/config/reference';

// Compiled to dist/test/unit/, three levels below the repository root.
const ROOT = path.resolve(__dirname, '../../..');
const COMMITTED = path.join(ROOT, 'docs/configuration.md');

function rendered(): string {
  return renderReference(fs.readFileSync(path.join(ROOT, EXAMPLE_DESK_PATH), 'utf8'));
}

/** The cells of the table row of one variable or key: name, required/default, type, description. */
function row(markdown: string, name: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
  assert.ok(line, `the reference has no row for ${name}`);
  // Split on cell borders only: a `|` inside a cell is escaped as \|.
  return line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}

describe('configuration reference', () => {
  const markdown = rendered();

  it('docs/configuration.md is what the schemas render now', () => {
    const committed = fs.existsSync(COMMITTED) ? fs.readFileSync(COMMITTED, 'utf8') : '';
    assert.ok(committed === markdown, 'docs/configuration.md is out of date with the config schemas: run `npm run docs:config` and commit the result');
  });

  it('renders the same text every time (no dates, stable order)', () => {
    assert.equal(rendered(), markdown);
  });

  it('describes every environment variable', () => {
    for (const name of Object.keys(envSchema.shape)) {
      const [, required, type, description] = row(markdown, name);
      assert.ok(required && type, `${name}: required/default or type missing`);
      assert.ok(description.replace('**Secret.**', '').trim().length > 0, `${name} has no description: add .describe() to it in src/config/env.ts`);
    }
  });

  it('describes every top-level desk key', () => {
    for (const key of Object.keys(deskSchema.shape)) {
      const [, , , description] = row(markdown, key);
      assert.ok(description.length > 0, `${key} has no description: add .describe() to it in src/config`);
    }
  });

  it('shows defaults and ranges as the schema has them', () => {
    assert.deepEqual(row(markdown, 'IMAP_PORT').slice(0, 3), ['`IMAP_PORT`', 'default `993`', 'integer, 1–65535']);
    assert.deepEqual(row(markdown, 'WORKER_CONCURRENCY').slice(0, 3), ['`WORKER_CONCURRENCY`', 'default `8`', 'integer, 1–256']);
    assert.equal(row(markdown, 'IMAP_TLS')[1], 'default `true`', 'the default of a transformed (boolean) variable is kept');
    assert.equal(row(markdown, 'MONGO_URL')[1], '**required**');
    assert.equal(row(markdown, 'sla.warnAt')[2], 'number, > 0 and < 1');
    assert.equal(row(markdown, 'mailboxes[].folder')[1], 'default `INBOX`');
    assert.equal(row(markdown, 'sla.P1')[1], 'default `{ firstResponseHours: 1, resolutionHours: 4, checkInHours: 2, clock: always }`');
  });

  it('lists the allowed values of an enum', () => {
    const [, required, type] = row(markdown, 'LOG_LEVEL');
    assert.equal(required, 'default `info`');
    assert.equal(type, 'one of `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`');
    assert.equal(row(markdown, 'agents[].tier')[2], 'one of `L1`, `L2`, `L3`');
  });

  it('marks secrets', () => {
    for (const name of ['IMAP_PASSWORD', 'SMTP_PASSWORD', 'TOKEN_SECRET', 'TOKEN_SECRET_PREVIOUS']) {
      assert.ok(row(markdown, name)[3].startsWith('**Secret.**'), `${name} is not marked secret`);
    }
    assert.ok(!row(markdown, 'IMAP_HOST')[3].includes('Secret'));
  });

  it('ends with the example desk file', () => {
    assert.match(markdown, /## Example desk file\n[\s\S]*```yaml\ndesk:\n {2}name: Example Support\n/);
    assert.ok(!/```yaml[\s\S]*\n\s*#/.test(markdown), 'the example keeps no comment lines');
  });
});
