import { stopStack } from './stack';

/** Mocha root hooks: the servers started by any integration test are stopped once, at the end. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopStack();
  },
};
