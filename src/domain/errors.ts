/**
 * A failure that will happen again however often it is retried (a 5xx SMTP
 * reply, a record that no longer exists). Workers turn it into BullMQ's
 * UnrecoverableError so the job stops retrying and the reason is kept.
 */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}
