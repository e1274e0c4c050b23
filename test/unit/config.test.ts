import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDeskConfig, missingMailboxPasswords, parseDeskConfig, supportAddresses } from '../../src/config/desk';
import { loadEnv } from '../../src/config/env';
import { ConfigError } from '../../src/config/errors';

const VALID_ENV: Record<string, string> = {
  MONGO_URL: 'mongodb://127.0.0.1:27017/ticketgate',
  REDIS_URL: 'redis://127.0.0.1:6379',
  IMAP_HOST: 'imap.acme.example',
  IMAP_PASSWORD: 'secret',
  SMTP_HOST: 'smtp.acme.example',
  TICKETGATE_CONFIG: '/etc/ticketgate/desk.yaml',
  TOKEN_SECRET: '0123456789abcdef0123',
};

function validDesk(): Record<string, unknown> {
  return {
    desk: { name: 'Acme Support' },
    mailboxes: [{ address: 'Support@Acme.Example', aliases: ['Help@Acme.Example'] }, { address: 'suport@acme.example.ro' }],
    agents: [{ name: 'Ion Rusu', email: 'ion@acme.example', tier: 'L1', languages: ['ro', 'ru'] }],
    managers: [{ name: 'Maria Popa', email: 'maria@acme.example' }],
  };
}

/** Runs `fn`, expects a ConfigError and returns its text (message and problem lines). */
function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.name, 'ConfigError');
    for (const problem of err.problems) assert.ok(err.message.includes(problem), 'message lists every problem');
    return err.message;
  }
  assert.fail('expected a ConfigError, nothing was thrown');
}

/** Asserts that one problem line names `key` and says what is expected. */
function assertProblem(message: string, key: string, expected: string | RegExp): void {
  const line = message.split('\n').find((l) => l.includes(`${key}: `));
  assert.ok(line, `no problem names ${key} in:\n${message}`);
  if (typeof expected === 'string') assert.ok(line.includes(expected), `${line} does not say "${expected}"`);
  else assert.match(line, expected);
}

const EXAMPLE_DESK = path.resolve(__dirname, '../../../config/desk.example.yaml');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tg-config-'));
}

describe('config', () => {
  describe('loadEnv', () => {
    it('loads a valid environment and applies the defaults', () => {
      const env = loadEnv(VALID_ENV);
      assert.equal(env.MONGO_URL, VALID_ENV.MONGO_URL);
      assert.equal(env.REDIS_URL, VALID_ENV.REDIS_URL);
      assert.equal(env.IMAP_PORT, 993);
      assert.equal(env.IMAP_TLS, true);
      assert.equal(env.SMTP_PORT, 587);
      assert.equal(env.SMTP_TLS, false);
      assert.equal(env.QUEUE_PREFIX, 'tg');
      assert.equal(env.LOG_LEVEL, 'info');
      assert.equal(env.WORKER_CONCURRENCY, 8);
      assert.equal(env.IMAP_POLL_SECONDS, 30);
      assert.equal(env.SMTP_POOL_SIZE, 5);
    });

    it('converts numbers and booleans written as strings', () => {
      const env = loadEnv({ ...VALID_ENV, IMAP_PORT: '143', IMAP_TLS: 'no', IMAP_ALLOW_PLAINTEXT: 'yes', SMTP_TLS: '1', QUEUE_PREFIX: 'desk_2', MONGO_URL: 'mongodb+srv://cluster.example/tg', REDIS_URL: 'rediss://r.example:6380' });
      assert.equal(env.IMAP_PORT, 143);
      assert.equal(env.IMAP_TLS, false);
      assert.equal(env.SMTP_TLS, true);
      assert.equal(env.QUEUE_PREFIX, 'desk_2');
    });

    it('treats empty values as missing, so defaults apply', () => {
      const env = loadEnv({ ...VALID_ENV, IMAP_PORT: '', QUEUE_PREFIX: '', IMAP_USER: '' });
      assert.equal(env.IMAP_PORT, 993);
      assert.equal(env.QUEUE_PREFIX, 'tg');
      assert.equal(env.IMAP_USER, undefined);
    });

    it('names each missing required variable and says what is expected', () => {
      const expected: Record<string, string> = {
        MONGO_URL: 'expected a MongoDB URL',
        REDIS_URL: 'expected a Redis URL',
        IMAP_HOST: 'expected the IMAP server host name',
        SMTP_HOST: 'expected the SMTP server host name',
        TICKETGATE_CONFIG: 'expected the path of the desk config file',
      };
      for (const [key, text] of Object.entries(expected)) {
        for (const missing of [undefined, '']) {
          const message = configError(() => loadEnv({ ...VALID_ENV, [key]: missing }));
          assertProblem(message, `env.${key}`, text);
        }
      }
    });

    it('lists every problem when several variables are missing', () => {
      const message = configError(() => loadEnv({}));
      for (const key of ['MONGO_URL', 'REDIS_URL', 'IMAP_HOST', 'SMTP_HOST', 'TICKETGATE_CONFIG']) assertProblem(message, `env.${key}`, 'expected');
    });

    it('requires the password variable of each password mailbox, and none for an OAuth mailbox', () => {
      const desk = parseDeskConfig({
        desk: { name: 'D', timeZone: 'Europe/Bucharest' },
        mailboxes: [{ address: 'support@example.com' }, { address: 'sales@example.com', passwordEnv: 'SALES_IMAP_PASSWORD' }, { address: 'hr@example.com', oauth: { provider: 'google', clientId: 'c', clientSecretEnv: 'HR_SECRET', refreshTokenEnv: 'HR_REFRESH' } }],
      });
      assert.deepEqual(missingMailboxPasswords(desk, {}), [
        'env.IMAP_PASSWORD: expected the IMAP password of support@example.com (mailboxes[0].passwordEnv)',
        'env.SALES_IMAP_PASSWORD: expected the IMAP password of sales@example.com (mailboxes[1].passwordEnv)',
      ]);
      assert.deepEqual(missingMailboxPasswords(desk, { IMAP_PASSWORD: 'a', SALES_IMAP_PASSWORD: 'b' }), []);
      const { IMAP_PASSWORD: _, ...withoutPassword } = VALID_ENV;
      assert.equal(loadEnv(withoutPassword).IMAP_PASSWORD, undefined, 'the environment alone no longer requires it');
    });

    it('names each wrong value and says what is expected', () => {
      const cases: [string, string, string | RegExp][] = [
        ['MONGO_URL', 'http://127.0.0.1:27017', 'expected a URL starting with mongodb://'],
        ['REDIS_URL', 'mongodb://127.0.0.1', 'expected a URL starting with redis:// or rediss://'],
        ['IMAP_PORT', 'imaps', 'expected a port number'],
        ['IMAP_PORT', '0', 'expected a port 1-65535'],
        ['IMAP_PORT', '65536', 'expected a port 1-65535'],
        ['SMTP_PORT', '25.5', 'expected a port'],
        ['IMAP_TLS', 'maybe', 'expected true or false'],
        ['QUEUE_PREFIX', 'tg:prod', 'expected letters, digits, - or _'],
        ['LOG_LEVEL', 'loud', /expected one of .*"info"/],
        ['SMTP_POOL_SIZE', '0', /expected .*>=1/],
        ['WORKER_CONCURRENCY', 'many', /expected number/],
        ['IMAP_POLL_SECONDS', '7200', /expected .*<=3600/],
      ];
      for (const [key, value, expected] of cases) {
        const message = configError(() => loadEnv({ ...VALID_ENV, [key]: value }));
        assertProblem(message, `env.${key}`, expected);
      }
    });
  });

  describe('parseDeskConfig', () => {
    it('loads a valid desk config and applies the defaults', () => {
      const desk = parseDeskConfig(validDesk());
      assert.deepEqual(desk.desk, { name: 'Acme Support', ticketPrefix: 'TG', defaultLanguage: 'en', timeZone: 'UTC', messageIdDomain: 'acme.example' });
      const [first] = desk.mailboxes;
      assert.equal(first.address, 'support@acme.example');
      assert.deepEqual(first.aliases, ['help@acme.example']);
      assert.equal(first.folder, 'INBOX');
      assert.equal(first.processedFolder, 'Processed');
      assert.equal(first.quarantineFolder, 'Quarantine');
      assert.equal(first.passwordEnv, 'IMAP_PASSWORD');
      assert.equal(desk.managers[0].language, 'en');
      assert.deepEqual(desk.limits, { maxMailBytes: 10 * 1024 * 1024, forwardAttachmentBytes: 10 * 1024 * 1024 });
      assert.deepEqual(desk.sla.P2, { firstResponseHours: 4, resolutionHours: 16, checkInHours: 8, clock: 'business' });
      assert.equal(desk.sla.P1.clock, 'always');
      assert.equal(desk.sla.warnAt, 0.75);
      assert.deepEqual(desk.businessHours.days.mon, { start: 540, end: 1020 });
      assert.equal(desk.businessHours.days.sat, undefined);
      assert.deepEqual(desk.pending, { reminderHours: 16, reminders: 2, closeAfterHours: 40 });
      assert.deepEqual(desk.survey, { enabled: true, delayMinutes: 60 });
      assert.deepEqual(supportAddresses(desk), ['support@acme.example', 'help@acme.example', 'suport@acme.example.ro']);
    });

    it('takes messageIdDomain from the first mailbox only when it is not set', () => {
      const config = validDesk();
      config.mailboxes = [{ address: 'suport@acme.example.ro' }, { address: 'support@acme.example' }];
      assert.equal(parseDeskConfig(config).desk.messageIdDomain, 'acme.example.ro');
      config.desk = { name: 'Acme', messageIdDomain: 'mail.acme.example' };
      assert.equal(parseDeskConfig(config).desk.messageIdDomain, 'mail.acme.example');
    });

    it('keeps values that are set instead of the defaults', () => {
      const config = validDesk();
      config.desk = { name: 'Acme', ticketPrefix: 'HD2', defaultLanguage: 'ro', timeZone: 'Europe/Bucharest' };
      config.mailboxes = [{ address: 'support@acme.example', folder: 'Support', processedFolder: 'Done', quarantineFolder: 'Junk', passwordEnv: 'SUPPORT_PASSWORD' }];
      const desk = parseDeskConfig(config);
      assert.equal(desk.desk.ticketPrefix, 'HD2');
      assert.equal(desk.desk.defaultLanguage, 'ro');
      assert.equal(desk.desk.timeZone, 'Europe/Bucharest');
      assert.deepEqual(
        [desk.mailboxes[0].folder, desk.mailboxes[0].processedFolder, desk.mailboxes[0].quarantineFolder, desk.mailboxes[0].passwordEnv],
        ['Support', 'Done', 'Junk', 'SUPPORT_PASSWORD'],
      );
    });

    it('names each wrong or missing value and says what is expected', () => {
      const cases: [string, (c: Record<string, unknown>) => void, string, string | RegExp][] = [
        ['bad tier', (c) => ((c.agents as object[])[0] = { name: 'Ion', email: 'ion@acme.example', tier: 'L9', languages: ['ro'] }), 'desk config.agents.0.tier', 'expected one of L1, L2, L3'],
        ['missing tier', (c) => ((c.agents as object[])[0] = { name: 'Ion', email: 'ion@acme.example', languages: ['ro'] }), 'desk config.agents.0.tier', 'expected one of L1, L2, L3'],
        ['bad time zone', (c) => (c.desk = { name: 'Acme', timeZone: 'Mars/Olympus_Mons' }), 'desk config.desk.timeZone', 'expected an IANA time zone'],
        ['missing desk name', (c) => (c.desk = {}), 'desk config.desk.name', /expected string/],
        ['missing desk section', (c) => delete c.desk, 'desk config.desk', /expected object/],
        ['lower-case prefix', (c) => (c.desk = { name: 'Acme', ticketPrefix: 'tg' }), 'desk config.desk.ticketPrefix', 'expected 1-10 capital letters or digits'],
        ['bad message-id domain', (c) => (c.desk = { name: 'Acme', messageIdDomain: 'acme example' }), 'desk config.desk.messageIdDomain', 'expected a domain name'],
        ['bad language', (c) => (c.desk = { name: 'Acme', defaultLanguage: 'de' }), 'desk config.desk.defaultLanguage', 'expected one of en, ru, ro'],
        ['no mailboxes', (c) => (c.mailboxes = []), 'desk config.mailboxes', 'expected at least one support mailbox'],
        ['missing mailboxes', (c) => delete c.mailboxes, 'desk config.mailboxes', /expected array/],
        ['bad mailbox address', (c) => (c.mailboxes = [{ address: 'support' }]), 'desk config.mailboxes.0.address', 'expected an email address'],
        ['bad alias', (c) => (c.mailboxes = [{ address: 'support@acme.example', aliases: ['help'] }]), 'desk config.mailboxes.0.aliases.0', 'expected an email address'],
        ['bad passwordEnv', (c) => (c.mailboxes = [{ address: 'support@acme.example', passwordEnv: 'imap-pass' }]), 'desk config.mailboxes.0.passwordEnv', 'expected an environment variable name'],
        ['agent without languages', (c) => (c.agents = [{ name: 'Ion', email: 'ion@acme.example', tier: 'L2', languages: [] }]), 'desk config.agents.0.languages', 'expected at least one language'],
        ['agent with a bad language', (c) => (c.agents = [{ name: 'Ion', email: 'ion@acme.example', tier: 'L2', languages: ['ro', 'fr'] }]), 'desk config.agents.0.languages.1', 'expected one of en, ru, ro'],
        ['agent with a bad email', (c) => (c.agents = [{ name: 'Ion', email: 'ion at acme', tier: 'L2', languages: ['ro'] }]), 'desk config.agents.0.email', 'expected an email address'],
        ['manager with a bad language', (c) => (c.managers = [{ name: 'Maria', email: 'maria@acme.example', language: 'fr' }]), 'desk config.managers.0.language', 'expected one of en, ru, ro'],
        ['tiny mail limit', (c) => (c.limits = { maxMailBytes: 10 }), 'desk config.limits.maxMailBytes', />=1024/],
        ['SLA policy without a check-in interval', (c) => (c.sla = { P4: { firstResponseHours: 8, resolutionHours: 40 } }), 'desk config.sla.P4.checkInHours', /expected number/],
        ['SLA with zero hours', (c) => (c.sla = { P1: { firstResponseHours: 0, resolutionHours: 4, checkInHours: 2 } }), 'desk config.sla.P1.firstResponseHours', /expected number to be >0/],
        ['SLA with an unknown clock', (c) => (c.sla = { P1: { firstResponseHours: 1, resolutionHours: 4, checkInHours: 2, clock: 'sometimes' } }), 'desk config.sla.P1.clock', /expected one of|Invalid option/],
        ['warning share of 1', (c) => (c.sla = { warnAt: 1 }), 'desk config.sla.warnAt', /expected number to be <1/],
        ['working hours backwards', (c) => (c.businessHours = { days: { mon: '18:00-09:00' } }), 'desk config.businessHours.days.mon', /09:00-17:00/],
        ['working hours not a range', (c) => (c.businessHours = { days: { tue: 'nine to five' } }), 'desk config.businessHours.days.tue', /09:00-17:00/],
        ['holiday not a date', (c) => (c.businessHours = { holidays: ['25.12.2026'] }), 'desk config.businessHours.holidays.0', 'expected a date as YYYY-MM-DD'],
        ['unknown time zone for working hours', (c) => (c.businessHours = { timeZone: 'Mars/Olympus' }), 'desk config.businessHours.timeZone', /IANA/],
        ['on-call who is not an agent', (c) => (c.businessHours = { onCall: 'nobody@acme.example' }), 'desk config.businessHours.onCall', 'is not one of the agents'],
        ['the SLA format of version 0.1', (c) => (c.sla = { firstResponseHours: { P1: 1, P2: 4, P3: 8, P4: 40 } }), 'desk config.sla', /firstResponseHours/],
        ['reminders after the close', (c) => (c.pending = { reminderHours: 24, reminders: 2, closeAfterHours: 40 }), 'desk config.pending', /before closeAfterHours/],
      ];
      for (const [title, mutate, key, expected] of cases) {
        const config = validDesk();
        mutate(config);
        const message = configError(() => parseDeskConfig(config));
        assert.ok(message.includes(`${key}: `), `${title}: no problem names ${key} in:\n${message}`);
        assertProblem(message, key, expected);
      }
    });

    it('rejects a document that is not a mapping', () => {
      for (const value of [null, 'desk: x', 42, []]) assertProblem(configError(() => parseDeskConfig(value)), 'desk config', /expected object/);
    });
  });

  describe('loadDeskConfig', () => {
    let dir: string;
    before(() => {
      dir = tempDir();
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('loads a valid YAML file', () => {
      const file = path.join(dir, 'desk.yaml');
      fs.writeFileSync(
        file,
        [
          'desk:',
          '  name: Acme Support',
          '  timeZone: Europe/Chisinau',
          'mailboxes:',
          '  - address: support@acme.example',
          'agents:',
          '  - { name: Ion Rusu, email: ion@acme.example, tier: L3, languages: [ro, ru, en] }',
          '',
        ].join('\n'),
      );
      const desk = loadDeskConfig(file);
      assert.equal(desk.desk.name, 'Acme Support');
      assert.equal(desk.desk.timeZone, 'Europe/Chisinau');
      assert.equal(desk.desk.messageIdDomain, 'acme.example');
      assert.equal(desk.agents[0].tier, 'L3');
    });

    it('names the path of a missing file', () => {
      const file = path.join(dir, 'does-not-exist.yaml');
      const message = configError(() => loadDeskConfig(file));
      assert.ok(message.includes(`cannot read ${file}`), message);
      assert.ok(message.includes('TICKETGATE_CONFIG'), message);
    });

    it('names the path of a file that is not valid YAML', () => {
      const file = path.join(dir, 'broken.yaml');
      fs.writeFileSync(file, 'desk:\n  name: "Acme\nmailboxes: [\n');
      const message = configError(() => loadDeskConfig(file));
      assert.ok(message.includes(`${file}: not valid YAML`), message);
    });

    it('loads the example desk config shipped in config/desk.example.yaml', () => {
      const desk = loadDeskConfig(EXAMPLE_DESK);
      assert.equal(desk.desk.ticketPrefix, 'EXS');
      assert.equal(desk.desk.messageIdDomain, 'example.com');
      assert.ok(desk.mailboxes.length >= 1);
      assert.ok(desk.agents.length >= 1);
      for (const tier of ['L1', 'L2', 'L3']) assert.ok(desk.agents.some((a) => a.tier === tier), `an agent of tier ${tier}`);
    });

    it('names the path and the key of a wrong value in the file', () => {
      const file = path.join(dir, 'wrong.yaml');
      fs.writeFileSync(file, 'desk:\n  name: Acme\n  timeZone: Nowhere/Town\nmailboxes:\n  - address: support@acme.example\n');
      assertProblem(configError(() => loadDeskConfig(file)), `${file}.desk.timeZone`, 'expected an IANA time zone');
    });
  });
});
