/** Workflow annotations for findings, within what GitHub shows (10 per type per step). */
import { RULES } from '../rules/catalogue.js';
import { plainText } from '../text/escape.js';
import type { Finding } from '../checks/types.js';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  title: string;
  file: string;
  line: number | null;
}

/** GitHub shows at most 10 annotations of each type per step, 50 per job. */
const PER_LEVEL = 10;

export function annotationsFor(findings: readonly Finding[]): {
  annotations: Annotation[];
  omitted: number;
} {
  const shown = { error: 0, warning: 0, notice: 0 };
  const annotations: Annotation[] = [];
  let omitted = 0;
  for (const f of findings) {
    if (f.exception !== null) continue;
    if (shown[f.severity] >= PER_LEVEL) {
      omitted++;
      continue;
    }
    shown[f.severity]++;
    annotations.push({
      level: f.severity,
      title: `${f.rule}: ${RULES[f.rule].title}`,
      // Package metadata: no control or bidi character reaches the log or the annotation.
      message: plainText(f.fix === null ? f.message : `${f.message}\nFix: ${f.fix}`),
      file: f.manifest,
      line: f.line,
    });
  }
  return { annotations, omitted };
}
