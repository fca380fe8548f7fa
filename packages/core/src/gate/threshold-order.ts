import type { Threshold } from '../quality/operators.js';

/** A numeric interval; `open` ends exclude their bound. */
interface Interval {
  low: number;
  high: number;
  lowOpen: boolean;
  highOpen: boolean;
}

const closed = (low: number, high: number): Interval => ({
  low,
  high,
  lowOpen: false,
  highOpen: false,
});

/** The values a threshold accepts, as disjoint intervals. */
export const acceptedIntervals = (t: Threshold): Interval[] => {
  const inf = Number.POSITIVE_INFINITY;
  switch (t.operator) {
    case 'mustBe':
      return [closed(t.value, t.value)];
    case 'mustNotBe':
      return [
        { low: -inf, high: t.value, lowOpen: true, highOpen: true },
        { low: t.value, high: inf, lowOpen: true, highOpen: true },
      ];
    case 'mustBeGreaterThan':
      return [{ low: t.value, high: inf, lowOpen: true, highOpen: true }];
    case 'mustBeGreaterOrEqualTo':
      return [{ low: t.value, high: inf, lowOpen: false, highOpen: true }];
    case 'mustBeLessThan':
      return [{ low: -inf, high: t.value, lowOpen: true, highOpen: true }];
    case 'mustBeLessOrEqualTo':
      return [{ low: -inf, high: t.value, lowOpen: true, highOpen: false }];
    case 'mustBeBetween':
      return [closed(t.range[0], t.range[1])];
    case 'mustNotBeBetween':
      return [
        { low: -inf, high: t.range[0], lowOpen: true, highOpen: true },
        { low: t.range[1], high: inf, lowOpen: true, highOpen: true },
      ];
  }
};

const within = (inner: Interval, outer: Interval): boolean => {
  const lowOk =
    inner.low > outer.low || (inner.low === outer.low && (!outer.lowOpen || inner.lowOpen));
  const highOk =
    inner.high < outer.high || (inner.high === outer.high && (!outer.highOpen || inner.highOpen));
  return lowOk && highOk;
};

/**
 * True when the new threshold accepts a measured value the old one refused: the rule was
 * loosened. Tightening, or an equivalent rewrite (`mustBe: 0` as `mustBeLessThan: 1` over
 * counts is not equivalent over reals, so it counts as a change), is not loosening.
 */
export const isLooser = (before: Threshold, after: Threshold): boolean => {
  const old = acceptedIntervals(before);
  return !acceptedIntervals(after).every((n) => old.some((o) => within(n, o)));
};
