import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, readPageArgs } from '../src/pagination.ts';

describe('cursors', () => {
  it('round-trip the sort key', () => {
    expect(decodeCursor(encodeCursor(['2025-06-01', 42]), 2)).toEqual(['2025-06-01', 42]);
  });

  it.each([['garbage'], [encodeCursor(['a'])], [Buffer.from('{"a":1}').toString('base64url')], [encodeCursor([{} as never, 1])]])(
    'reject a cursor this list did not hand out: %s',
    (cursor) => {
      expect(() => decodeCursor(cursor, 2)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    },
  );
});

describe('page size', () => {
  it('defaults to 50 and accepts the bounds', () => {
    expect(readPageArgs({}, 1).first).toBe(50);
    expect(readPageArgs({ first: 0 }, 1).first).toBe(0);
    expect(readPageArgs({ first: MAX_PAGE_SIZE }, 1).first).toBe(MAX_PAGE_SIZE);
  });

  it.each([-1, MAX_PAGE_SIZE + 1, 100000, 1.5])('rejects first: %s with BAD_USER_INPUT', (first) => {
    expect(() => readPageArgs({ first }, 1)).toThrow(/"first" must be between 0 and 1000/);
  });
});
