/**
 * Progress on a terminal: the line's text, its in-place redraws on a (fake) terminal, the
 * 10-a-second limit, the erase at the end, and the counting in the facts stage.
 */
import { describe, expect, test } from '@jest/globals';
import {
  createProgressDisplay,
  REDRAW_INTERVAL_MS,
  wantsProgress,
  type DisplayClock,
} from '../../src/cli/progress.js';
import type { HttpClient, HttpResult } from '../../src/facts/http/client.js';
import { trackProgress, type FactsProgress } from '../../src/facts/progress.js';
import { progressText } from '../../src/report/progress-text.js';

const ERASE_LINE = '\u001B[2K';
const ESC = String.fromCharCode(27);
/** The text a write leaves on screen: without its CSI sequences (`ESC [ … letter`). */
const withoutEscapes = (text: string) =>
  text
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;?]*[A-Za-z]/, '')))
    .join('');
const at = (packagesDone: number, packagesTotal: number, inFlight = 0, done = 0) => ({
  packagesDone,
  packagesTotal,
  requestsInFlight: inFlight,
  requestsDone: done,
});

describe('progressText', () => {
  test('packages fetched out of all, requests in flight and done', () => {
    expect(progressText(at(12, 40, 5, 31), 120)).toBe(
      'pygovern: 12/40 packages · 5 requests in flight · 31 done',
    );
    expect(progressText(at(0, 1, 1, 0), 120)).toBe(
      'pygovern: 0/1 package · 1 request in flight · 0 done',
    );
  });

  test('never wider than the terminal (one column left free)', () => {
    const text = progressText(at(12, 40, 5, 31), 20);
    expect(text).toBe('pygovern: 12/40 pa…');
    expect(text.length).toBe(19);
  });
});

describe('wantsProgress', () => {
  const tty = { isTTY: true, columns: 80, write: () => true };
  test('only on a terminal, and never in CI', () => {
    expect(wantsProgress(tty, {})).toBe(true);
    expect(wantsProgress({ ...tty, isTTY: false }, {})).toBe(false);
    expect(wantsProgress(null, {})).toBe(false);
    expect(wantsProgress(tty, { CI: 'true' })).toBe(false);
    expect(wantsProgress(tty, { CI: '1' })).toBe(false);
  });
});

function fakeTerminal(columns = 80) {
  const writes: string[] = [];
  return { writes, terminal: { isTTY: true, columns, write: (t: string) => writes.push(t) > 0 } };
}

function fakeClock() {
  let now = 0;
  let pending: { run: () => void; at: number } | null = null;
  const clock: DisplayClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      pending = { run, at: now + ms };
      return 1;
    },
    clearTimeout: () => {
      pending = null;
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = pending;
    if (due !== null && due.at <= now) {
      pending = null;
      due.run();
    }
  };
  return { clock, advance };
}

describe('the progress display', () => {
  test('redraws one line in place and erases it at the end', () => {
    const { writes, terminal } = fakeTerminal();
    const { clock, advance } = fakeClock();
    const display = createProgressDisplay(terminal, clock);
    display.update(at(0, 3, 3, 0));
    advance(REDRAW_INTERVAL_MS);
    display.update(at(2, 3, 1, 2));
    advance(REDRAW_INTERVAL_MS);
    display.done();
    const out = writes.join('');
    expect(out).toContain('pygovern: 0/3 packages · 3 requests in flight · 0 done');
    expect(out).toContain('pygovern: 2/3 packages · 1 request in flight · 2 done');
    // The second frame replaces the first: the line is erased before it is written.
    const second = writes.findIndex((w) => w.includes('2/3 packages'));
    expect(writes[second]).toContain(ERASE_LINE);
    // The last write erases the line and leaves no text.
    const last = writes.at(-1) ?? '';
    expect(last).toContain(ERASE_LINE);
    expect(withoutEscapes(last)).toBe('');
  });

  test('draws at most once per interval, and then the latest counts', () => {
    const { writes, terminal } = fakeTerminal();
    const { clock, advance } = fakeClock();
    const display = createProgressDisplay(terminal, clock);
    for (let i = 0; i <= 50; i++) display.update(at(i, 50));
    expect(writes.filter((w) => w.includes('pygovern:'))).toHaveLength(1);
    advance(REDRAW_INTERVAL_MS);
    const drawn = writes.filter((w) => w.includes('pygovern:'));
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toContain('50/50 packages');
    display.done();
  });

  test('a warning erases the line first, so it never shares the line with progress', () => {
    const { writes, terminal } = fakeTerminal();
    const { clock } = fakeClock();
    const display = createProgressDisplay(terminal, clock);
    display.update(at(0, 2, 2, 0));
    display.interrupt(() => writes.push('pygovern: a warning\n'));
    const warning = writes.indexOf('pygovern: a warning\n');
    expect(writes[warning - 1]).toContain(ERASE_LINE);
    display.done();
  });

  test('a terminal that says 0 columns (a bare pseudo-terminal) still gets the line', () => {
    const { writes, terminal } = fakeTerminal(0);
    const display = createProgressDisplay(terminal, fakeClock().clock);
    display.update(at(1, 2));
    expect(writes.join('')).toContain('pygovern: 1/2 packages');
    display.done();
  });
});

describe('trackProgress', () => {
  test('counts each distinct request once, deduplicated calls included, and packages done', async () => {
    const releases: (() => void)[] = [];
    const shared = new Map<string, Promise<HttpResult<unknown>>>();
    const answer = (url: string) => {
      let p = shared.get(url);
      if (p === undefined) {
        p = new Promise<HttpResult<unknown>>((resolve) =>
          releases.push(() => {
            resolve({ ok: false, error: { kind: 'unavailable', message: 'x', url, attempts: 1 } });
          }),
        );
        shared.set(url, p);
      }
      return p;
    };
    const http = {
      getJson: (url: string) => answer(url),
      getText: (url: string) => answer(url) as Promise<HttpResult<string>>,
      getBytes: (url: string) => answer(url),
      postJson: (url: string) => answer(url),
      stats: () => {
        throw new Error('not used');
      },
      close: () => Promise.resolve(),
    } as unknown as HttpClient;
    const seen: FactsProgress[] = [];
    const tracker = trackProgress(http, (p) => seen.push(p));
    tracker.addPackages(2);
    const a = tracker.http.getJson('https://x/a', { kind: 't' });
    const again = tracker.http.getJson('https://x/a', { kind: 't' });
    const b = tracker.http.getJson('https://x/b', { kind: 't' });
    expect(seen.at(-1)).toEqual(at(0, 2, 2, 0));
    for (const release of releases) release();
    await Promise.all([a, again, b]);
    await new Promise((r) => setImmediate(r));
    expect(seen.at(-1)).toEqual(at(0, 2, 0, 2));
    tracker.packageDone(null);
    expect(seen.at(-1)).toEqual(at(1, 2, 0, 2));
  });
});
