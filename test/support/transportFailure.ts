// Test helper: the TransportError a request fails with (the test fails if it succeeds or throws anything else).
import assert from 'node:assert/strict';
import { TransportError } from '../../server/src/transport/types';

export async function transportFailure(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TransportError, `expected a TransportError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the request to fail');
}
