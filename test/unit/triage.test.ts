// A go.sum line Go refuses, as the audit reports it (audit/triage.ts): its fields as readGoSum splits them
// (strings.Fields: U+0085 parts fields, U+FEFF does not), and Go's count in the message.
import assert from 'node:assert/strict';
import { malformedLineVerdict } from '../../server/src/audit/triage';
import { parseGoSum } from '../../server/src/parse/gosum';

describe('a malformed go.sum line in the audit', () => {
  it('is named by the fields Go splits it into', () => {
    const [two, feff] = parseGoSum('a.com/x\u0085v1.0.0\nb.com/y\ufeffv1.0.0 v1.0.0/go.mod\n').malformed.map(malformedLineVerdict);
    assert.deepEqual([two.module, two.version, two.message], ['a.com/x', 'v1.0.0', 'wrong number of fields 2']);
    assert.deepEqual([feff.module, feff.version, feff.kind, feff.message], ['b.com/y\ufeffv1.0.0', 'v1.0.0', 'go.mod', 'wrong number of fields 2']);
  });
});
