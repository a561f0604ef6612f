/**
 * Progress on the terminal while facts are fetched: one line on stderr, redrawn in place
 * (log-update erases and rewrites it), at most 10 times a second, and erased at the end so
 * the report and the diagnostics that follow start on a clean line. Only when stderr is a
 * terminal and `CI` is not set: logs and pipes get nothing of it.
 */
import { createLogUpdate } from 'log-update';
import type { FactsProgress } from '../facts/progress.js';
import { progressText } from '../report/progress-text.js';
import type { ProgressTerminal } from './progress-wanted.js';

export { type ProgressTerminal, wantsProgress } from './progress-wanted.js';

export interface ProgressDisplay {
  update(progress: FactsProgress): void;
  /** Erases the line before other text goes to the terminal; the next update redraws it. */
  interrupt(write: () => void): void;
  /** Erases the line for good. */
  done(): void;
}

/** Fewest milliseconds between two redraws (10 a second). */
export const REDRAW_INTERVAL_MS = 100;

export interface DisplayClock {
  now(): number;
  setTimeout(run: () => void, ms: number): { unref?: () => void } | number;
  clearTimeout(timer: unknown): void;
}

const realClock: DisplayClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => {
    clearTimeout(timer as NodeJS.Timeout);
  },
};

export function createProgressDisplay(
  terminal: ProgressTerminal,
  clock: DisplayClock = realClock,
): ProgressDisplay {
  // log-update takes a Node stream; it only writes to it and reads its size. A pseudo-terminal
  // may say 0 columns and rows (`script`), where log-update would draw nothing.
  const width = () =>
    terminal.columns !== undefined && terminal.columns > 0 ? terminal.columns : 80;
  const stream = {
    isTTY: true,
    get columns() {
      return width();
    },
    get rows() {
      return terminal.rows !== undefined && terminal.rows > 0 ? terminal.rows : 24;
    },
    write: (text: string) => terminal.write(text),
  };
  const draw = createLogUpdate(stream as unknown as NodeJS.WriteStream, { showCursor: true });
  let latest: FactsProgress | null = null;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let finished = false;
  const redraw = () => {
    timer = null;
    if (finished || latest === null) return;
    lastDraw = clock.now();
    draw(progressText(latest, width()));
  };
  return {
    update(progress) {
      if (finished) return;
      latest = progress;
      if (timer !== null) return; // a redraw is due: it will show this one
      const wait = lastDraw + REDRAW_INTERVAL_MS - clock.now();
      if (wait <= 0) {
        redraw();
        return;
      }
      const t = clock.setTimeout(redraw, wait);
      if (typeof t === 'object') t.unref?.();
      timer = t;
    },
    interrupt(write) {
      if (!finished && lastDraw !== Number.NEGATIVE_INFINITY) draw.clear();
      write();
      lastDraw = Number.NEGATIVE_INFINITY;
    },
    done() {
      if (finished) return;
      finished = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      if (lastDraw !== Number.NEGATIVE_INFINITY) draw.clear();
      draw.done();
    },
  };
}
