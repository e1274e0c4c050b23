import type { Category, Language, Priority, Tier } from './types';

export interface RoutingRules {
  /** Support centre (team) per category, e.g. hardware → "Field services". */
  centres: Record<Category, string>;
  /** Tier a priority starts at; anything not listed starts at `defaultTier`. */
  tierByPriority: Partial<Record<Priority, Tier>>;
  defaultTier: Tier;
  /** Priorities that alert the managers at once. */
  alertManagersOn: Priority[];
}

export const DEFAULT_ROUTING: RoutingRules = {
  centres: { hardware: 'Hardware', software: 'Software', network: 'Network', access: 'Access', billing: 'Billing' },
  tierByPriority: { P1: 'L2' },
  defaultTier: 'L1',
  alertManagersOn: ['P1'],
};

export interface Route {
  tier: Tier;
  centre: string;
  alertManagers: boolean;
}

/** Where an issue goes: its category's centre, its priority's tier (P1 straight to L2 by default). */
export function routeIssue(issue: { priority: Priority; category: Category }, rules: RoutingRules = DEFAULT_ROUTING): Route {
  return {
    tier: rules.tierByPriority[issue.priority] ?? rules.defaultTier,
    centre: rules.centres[issue.category],
    alertManagers: rules.alertManagersOn.includes(issue.priority),
  };
}

export interface RoutableAgent {
  email: string;
  tier: Tier;
  languages: Language[];
  /** Categories this agent's centre handles; empty means all. */
  categories?: Category[];
}

/**
 * The least-loaded agent of the tier who speaks the customer's language and
 * works in the issue's centre. Preference falls back step by step (language,
 * then centre) rather than leaving a ticket unassigned; ties go to the agent
 * listed first, so the choice is stable.
 */
export function pickAgent<A extends RoutableAgent>(agents: A[], tier: Tier, lang: Language, category: Category, load: Map<string, number>): A | undefined {
  const ofTier = agents.filter((a) => a.tier === tier);
  const inCentre = (a: A) => !a.categories || a.categories.length === 0 || a.categories.includes(category);
  const candidates = [
    ofTier.filter((a) => inCentre(a) && a.languages.includes(lang)),
    ofTier.filter((a) => a.languages.includes(lang)),
    ofTier.filter(inCentre),
    ofTier,
  ].find((list) => list.length > 0);
  if (!candidates) return undefined;
  return candidates.reduce((best, a) => ((load.get(a.email) ?? 0) < (load.get(best.email) ?? 0) ? a : best));
}
