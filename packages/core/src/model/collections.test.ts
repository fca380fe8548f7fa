import { describe, expect, it } from 'vitest';
import { appendTo } from './collections.js';

describe('appendTo', () => {
  it('groups values by key in arrival order, growing each list in place', () => {
    const groups = new Map<string, number[]>();
    appendTo(groups, 'a', 1);
    const first = groups.get('a');
    appendTo(groups, 'b', 2);
    appendTo(groups, 'a', 3);
    expect(groups).toEqual(
      new Map([
        ['a', [1, 3]],
        ['b', [2]],
      ]),
    );
    expect(groups.get('a')).toBe(first);
  });
});
