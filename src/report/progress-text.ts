/** The one line a terminal shows while facts are fetched. Pure: counts in, text out. */
import type { FactsProgress } from '../facts/progress.js';

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/** `pygovern: 12/40 packages · 5 requests in flight · 31 done`, cut to the terminal's width. */
export function progressText(p: FactsProgress, columns: number): string {
  const text = [
    `pygovern: ${String(p.packagesDone)}/${plural(p.packagesTotal, 'package', 'packages')}`,
    `${plural(p.requestsInFlight, 'request', 'requests')} in flight`,
    `${String(p.requestsDone)} done`,
  ].join(' · ');
  // One column is left free: writing the last one makes some terminals wrap.
  const width = Math.max(1, Math.floor(columns) - 1);
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
