import { describe, expect, it } from 'vitest';
import { expectExampleReported, ruleFixtures } from './__fixtures__/rule-test-kit.js';
import { checkCompatibility } from '../compatibility-checker.js';
import { unionBranchRemoved as rule } from './union-branch-removed.js';

const fixture = ruleFixtures('union-branch-removed');

const options = {};

describe('union-branch-removed', () => {
  it('reports union-branch-removed at /fields/0/type/2, /fields/0/type/3', () => {
    const result = checkCompatibility(fixture('reader'), fixture('writer'), options);
    expect(result.compatible).toBe(false);
    expect(result.incompatibilities).toEqual([
      {
        type: 'MISSING_UNION_BRANCH',
        location: '/fields/0/type/2',
        message: 'reader union lacking writer type: LONG',
        ruleId: 'union-branch-removed',
      },
      {
        type: 'MISSING_UNION_BRANCH',
        location: '/fields/0/type/3',
        message: 'reader union lacking writer type: BOOLEAN',
        ruleId: 'union-branch-removed',
      },
    ]);
  });

  it('passes when a reader branch promotes the writer type (long to double)', () => {
    expect(
      checkCompatibility(fixture('compatible-reader'), fixture('compatible-writer'), options),
    ).toEqual({
      compatible: true,
      incompatibilities: [],
    });
  });

  it('reports its own documented example', () => {
    expectExampleReported(rule, options);
  });
});
