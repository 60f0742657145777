// Polls a condition a server's side sets, for tests: bounded, so a test fails instead of hanging. Test tooling only.
import assert from 'node:assert/strict';

export async function until(condition: () => boolean | undefined, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail('the condition never held');
    await new Promise((r) => setTimeout(r, 5));
  }
}
