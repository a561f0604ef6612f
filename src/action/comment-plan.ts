/**
 * What the action does with its summary comment, decided from what it knows: the comment mode,
 * whether the run failed, whether the change touches a manifest or policy file, and the id of
 * the comment an earlier run left (null: none). Pure, so each case is a unit test.
 */
import type { CommentMode } from './inputs.js';

export type CommentPlan =
  | { action: 'update'; id: number }
  | { action: 'create' }
  /** `untouched`: the change touches no manifest, include or policy file. */
  | { action: 'skip'; reason: 'mode' | 'untouched' | 'passed' };

export function planComment(facts: {
  mode: CommentMode;
  failed: boolean;
  touched: boolean;
  existing: number | null;
}): CommentPlan {
  if (facts.mode === 'never') return { action: 'skip', reason: 'mode' };
  // An earlier comment is always brought up to date, so it never shows a stale verdict.
  if (facts.existing !== null) return { action: 'update', id: facts.existing };
  if (!facts.touched) return { action: 'skip', reason: 'untouched' };
  return facts.mode === 'always' || facts.failed
    ? { action: 'create' }
    : { action: 'skip', reason: 'passed' };
}
