import { strict as assert } from 'node:assert';
import { DEFAULT_ROUTING, pickAgent, routeIssue, type RoutableAgent } from '../../src/domain/route';

describe('routing', () => {
  it('sends P1 straight to L2 with a manager alert, everything else to L1', () => {
    assert.deepEqual(routeIssue({ priority: 'P1', category: 'network' }), { tier: 'L2', centre: 'Network', alertManagers: true });
    assert.deepEqual(routeIssue({ priority: 'P3', category: 'billing' }), { tier: 'L1', centre: 'Billing', alertManagers: false });
  });

  it('follows the desk rules', () => {
    const rules = { ...DEFAULT_ROUTING, tierByPriority: { P1: 'L3' as const, P2: 'L2' as const }, alertManagersOn: ['P1' as const, 'P2' as const] };
    assert.deepEqual(routeIssue({ priority: 'P2', category: 'access' }, rules), { tier: 'L2', centre: 'Access', alertManagers: true });
  });

  const agents: RoutableAgent[] = [
    { email: 'ana@x', tier: 'L1', languages: ['ro', 'en'] },
    { email: 'ivan@x', tier: 'L1', languages: ['ru', 'en'] },
    { email: 'olga@x', tier: 'L1', languages: ['ru'], categories: ['billing'] },
    { email: 'lev@x', tier: 'L2', languages: ['ru', 'en', 'ro'] },
  ];

  it('picks the least-loaded agent of the tier who speaks the language', () => {
    assert.equal(pickAgent(agents, 'L1', 'ru', 'billing', new Map([['ivan@x', 3], ['olga@x', 1]]))?.email, 'olga@x');
    assert.equal(pickAgent(agents, 'L1', 'ru', 'billing', new Map([['ivan@x', 0], ['olga@x', 1]]))?.email, 'ivan@x');
  });

  it('keeps agents to their centre when someone else can take the issue', () => {
    assert.equal(pickAgent(agents, 'L1', 'ru', 'hardware', new Map([['ivan@x', 9]]))?.email, 'ivan@x');
  });

  it('falls back to another language rather than leave a ticket unassigned', () => {
    assert.equal(pickAgent([agents[0]], 'L1', 'ru', 'network', new Map())?.email, 'ana@x');
    assert.equal(pickAgent(agents, 'L3', 'en', 'network', new Map()), undefined);
  });
});
