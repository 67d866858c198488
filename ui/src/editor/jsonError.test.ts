import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './jsonError';

describe('finding where a mapping stops being JSON', () => {
  it('accepts valid JSON', () => {
    expect(jsonSyntaxError('{"a": [1, -2.5e3, true, null, "x\\n"]}')).toBeNull();
  });

  it('gives the line and column of the first mistake', () => {
    expect(jsonSyntaxError('{\n  "a": 1,\n  b: 2\n}')).toEqual({
      line: 3,
      column: 3,
      message: 'expected a key in double quotes',
    });
    expect(jsonSyntaxError('{"a": 1')).toMatchObject({ line: 1, column: 8 });
    expect(jsonSyntaxError('[1] x')?.message).toBe("unexpected 'x' after the value");
  });
});
