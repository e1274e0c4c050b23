import { strict as assert } from 'node:assert';
import { deleteSlices } from '../../src/models/digest-row';

describe('reporting rows: deletion in slices (FerretDB takes at most 32,766 per statement)', () => {
  it('covers every stamp once, in slices of at most 20,000', () => {
    const stamps = Array.from({ length: 45_000 }, (_, i) => 1_000_000 + ((i * 7919) % 45_000) * 10);
    const cutoff = new Date(2_000_000);
    const slices = deleteSlices(stamps, cutoff);
    assert.equal(slices.length, 3);
    const counts = slices.map(([from, to]) => stamps.filter((s) => s >= from.getTime() && s < to.getTime()).length);
    assert.deepEqual(counts, [20_000, 20_000, 5_000]);
    assert.equal(slices.at(-1)![1], cutoff);
  });

  it('is one slice up to the cutoff for a small deletion', () => {
    const cutoff = new Date(5000);
    assert.deepEqual(deleteSlices([1, 2, 3], cutoff), [[new Date(0), cutoff]]);
    assert.deepEqual(deleteSlices([], cutoff), [[new Date(0), cutoff]]);
  });
});
