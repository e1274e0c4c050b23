import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The labelled development set beside the project (`../shared/triage/dev.jsonl`), one record per line. */
export const DEV_SET = resolve(__dirname, '../../../../shared/triage/dev.jsonl');

export function loadDevSet<T>(file = DEV_SET): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
