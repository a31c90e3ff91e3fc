import { AppError } from '../../server/common/errors';
import { checkPageSize, decodeCursor, encodeCursor } from '../../server/common/pagination';

describe('cursors', () => {
  it('decode to the position after the encoded item', () => {
    expect(decodeCursor(encodeCursor(0))).toBe(1);
    expect(decodeCursor(encodeCursor(41))).toBe(42);
    expect(decodeCursor(undefined)).toBe(0);
  });

  it.each(['', 'not a cursor', 'bzo=', Buffer.from('o:-1').toString('base64url'), Buffer.from('x:3').toString('base64url'), 'A'.repeat(100)])(
    'reject malformed cursor %p with BAD_USER_INPUT on `after`',
    (cursor) => {
      try {
        decodeCursor(cursor);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('BAD_USER_INPUT');
        expect((e as AppError).field).toBe('after');
      }
    },
  );
});

describe('checkPageSize', () => {
  it('defaults to 20 and accepts up to the cap', () => {
    expect(checkPageSize(undefined, 100)).toBe(20);
    expect(checkPageSize(100, 100)).toBe(100);
    expect(checkPageSize(0, 100)).toBe(0);
  });

  it.each([101, 100000, -1])('rejects first = %p', (first) => {
    expect(() => checkPageSize(first, 100)).toThrow(AppError);
  });
});
