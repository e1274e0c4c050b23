import { loadDeskConfig, missingMailboxPasswords, type DeskConfig } from '../config/desk';
import { loadEnv, type Env } from '../config/env';
import { ConfigError } from '../config/errors';

/** Reads and validates all configuration once; on a problem prints it and exits with status 78 (EX_CONFIG). */
export function loadConfigOrExit(): { env: Env; desk: DeskConfig } {
  try {
    const env = loadEnv(process.env);
    const desk = loadDeskConfig(env.TICKETGATE_CONFIG);
    const missing = missingMailboxPasswords(desk, process.env);
    if (missing.length > 0) throw new ConfigError(missing);
    return { env, desk };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ticketgate: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
