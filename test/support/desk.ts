import type { DeskSettings } from '../../src/app/desk-settings';
import { defaultCarePolicy } from '../../src/config/care';
import { DEFAULT_ROUTING } from '../../src/domain/route';
import { DEFAULT_RULES } from '../../src/domain/triage/rules';

/** Desk settings for use-case unit tests: the defaults of a desk config, with overrides. */
export function testDesk(overrides: Partial<DeskSettings> = {}): DeskSettings {
  return {
    name: 'Example Support', ticketPrefix: 'TG', defaultLanguage: 'en', timeZone: 'Europe/Bucharest', messageIdDomain: 'example.test',
    supportAddresses: ['support@example.test'], maxMailBytes: 100_000, care: defaultCarePolicy('Europe/Bucharest', 7),
    agents: [{ name: 'Ana Agent', email: 'agent@example.test', tier: 'L1', languages: ['en'] }], managers: [{ name: 'Mia Manager', email: 'manager@example.test', language: 'en' }],
    reopenDays: 7, maxAutoMailsPerHour: 3, forwardAttachmentBytes: 10 * 1024 * 1024, tokenSecret: 'unit-test-secret-0123456789', requireAgentDkim: false, routing: DEFAULT_ROUTING, triageRules: DEFAULT_RULES,
    problems: { windowHours: 24, minScore: 0.4, alertAt: 5, prefix: 'PRB' }, knowledge: { suggestions: 3, minScore: 0.3 },
    ...overrides,
  };
}
