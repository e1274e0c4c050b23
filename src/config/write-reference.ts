import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_DESK_PATH, renderReference } from './reference';

/** `npm run docs:config`: prints docs/configuration.md to stdout. */

// Compiled to dist/src/config/, three levels below the repository root.
const root = path.resolve(__dirname, '../../..');
process.stdout.write(renderReference(readFileSync(path.join(root, EXAMPLE_DESK_PATH), 'utf8')));
