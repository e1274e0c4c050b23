import type { z } from 'zod';

/** A configuration problem, already worded for the operator. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Turns zod issues into lines that name the key and what is expected. */
export function describeIssues(issues: z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${key || '(root)'}: ${issue.message}`;
  });
}
