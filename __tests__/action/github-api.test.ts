/** The Octokit client of the action: GitHub's rate-limit waits are honoured only up to a cap. */
import { afterEach, expect, test } from '@jest/globals';
import { githubApi, MAX_RETRY_AFTER_S } from '../../src/action/github-api.js';
import { startFakeServer, type FakeServer } from '../fakes/server.js';

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const repository = { owner: 'acme', repo: 'orders' };
const created = { id: 7, body: 'hi', html_url: 'https://github.com/acme/orders/pull/1#c7' };
/** GitHub's answer to a secondary rate limit, as it words it. */
const secondary = (status: number, retryAfter: string) => ({
  status,
  headers: { 'retry-after': retryAfter },
  json: {
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  },
});

test.each([403, 429])(
  'a secondary rate limit (%d) with Retry-After: 100000 fails that call at once, naming the host and the cap',
  async (status) => {
    server = await startFakeServer(() => secondary(status, '100000'));
    const lines: string[] = [];
    const api = githubApi('tok', repository, { baseUrl: server.url, log: (l) => lines.push(l) });
    await expect(api.createComment(1, 'hi')).rejects.toMatchObject({ status });
    expect(server.requests).toHaveLength(1);
    const host = new URL(server.url).host;
    expect(lines.join('\n')).toContain(
      `rate limited by ${host}: Retry-After 100000 s is longer than ${String(MAX_RETRY_AFTER_S)} s`,
    );
  },
  30_000,
);

test('a primary rate limit that resets in hours fails at once too', async () => {
  const reset = String(Math.floor(Date.now() / 1000) + 7200);
  server = await startFakeServer(() => ({
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    json: { message: 'API rate limit exceeded' },
  }));
  const lines: string[] = [];
  const api = githubApi('tok', repository, { baseUrl: server.url, log: (l) => lines.push(l) });
  await expect(api.issueComments(1)).rejects.toMatchObject({ status: 403 });
  expect(server.requests).toHaveLength(1);
  expect(lines.join('\n')).toMatch(/rate limited by .*: Retry-After \d+ s is longer than 60 s/);
}, 30_000);

test('a short secondary-limit Retry-After is waited out and the call succeeds', async () => {
  let seen = 0;
  server = await startFakeServer(() =>
    seen++ === 0 ? secondary(403, '1') : { status: 201, json: created },
  );
  const api = githubApi('tok', repository, { baseUrl: server.url, log: () => undefined });
  await expect(api.createComment(1, 'hi')).resolves.toMatchObject({ id: 7 });
  expect(server.requests).toHaveLength(2);
}, 30_000);
