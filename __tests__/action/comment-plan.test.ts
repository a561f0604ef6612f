import { describe, expect, test } from '@jest/globals';
import { planComment } from '../../src/action/comment-plan.js';

describe('planComment', () => {
  const base = { mode: 'always', failed: false, touched: true, existing: null } as const;

  test('comment: never does nothing, even with an earlier comment', () => {
    expect(planComment({ ...base, mode: 'never', existing: 7 })).toEqual({
      action: 'skip',
      reason: 'mode',
    });
  });

  test('an earlier comment is updated whatever the outcome or the files touched', () => {
    expect(planComment({ ...base, mode: 'on-failure', touched: false, existing: 7 })).toEqual({
      action: 'update',
      id: 7,
    });
  });

  test('a change that touches no manifest or policy file gets no new comment', () => {
    expect(planComment({ ...base, failed: true, touched: false })).toEqual({
      action: 'skip',
      reason: 'untouched',
    });
  });

  test('always creates; on-failure creates only when the run fails', () => {
    expect(planComment(base)).toEqual({ action: 'create' });
    expect(planComment({ ...base, mode: 'on-failure', failed: true })).toEqual({
      action: 'create',
    });
    expect(planComment({ ...base, mode: 'on-failure' })).toEqual({
      action: 'skip',
      reason: 'passed',
    });
  });
});
