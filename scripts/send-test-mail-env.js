// Reads the local stack's connection settings (scripts/stack.sh writes them).
const { readFileSync } = require('node:fs');

function stackEnv() {
  const dir = process.env.TICKETGATE_STACK_DIR || '/tmp/ticketgate-local';
  const vars = { ...process.env };
  try {
    for (const line of readFileSync(`${dir}/stack.env`, 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m && !process.env[m[1]]) vars[m[1]] = m[2];
    }
  } catch {
    // No local stack: SMTP_HOST and SMTP_PORT must come from the environment.
  }
  return vars;
}
module.exports = { stackEnv };
