// Profiling aid: `check` on the prefect uv.lock against the bench fakes (another process),
// like `npm run bench`'s cold run, once. Run after `npx tsc -p tsconfig.build.json`:
//   PROF_OUT=/tmp/check.cpuprofile node scripts/profile.mjs [small|realistic] [cache]
// profiles the check alone (not the set-up); then `node scripts/profile-sum.mjs FILE`.
// PROF_JUDGE=1 times the verdict again on the collected facts; PROF_RENDER=1 times each
// report format (PROF_RENDER_OUT=FILE profiles them). The facts are those of the bench.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector';

const realistic = process.argv[2] === 'realistic';
const withCache = process.argv[3] === 'cache';
const startCpu = process.cpuUsage();
const { parseUvLock } = await import('../lib/src/manifests/locks/uv.js');
const { runCheck } = await import('../lib/src/engine.js');
const { defaultPolicy } = await import('../lib/src/config/policy.js');
const { createHttpClient } = await import('../lib/src/facts/http/client.js');
const { checkJson: renderJson } = await import('../lib/src/report/json.js');
const { benchFacts, projectsFor, startFakesProcess } = await import('./bench-facts.mjs');

const lockPath = 'corpus/locks/uv/prefect-LARGE/uv.lock';
const lock = parseUvLock(lockPath, readFileSync(lockPath, 'utf8'));
const { versionsByName, advisories, repositories } = benchFacts(lock);
const projects = projectsFor(versionsByName, realistic);
const scratch = mkdtempSync(join(tmpdir(), 'pygovern-prof-'));
const factsPath = join(scratch, 'facts.json');
writeFileSync(factsPath, JSON.stringify({ projects, advisories, repositories }));
const fakes = await startFakesProcess(factsPath, 50);
const urls = fakes.urls;
const setupCpu = process.cpuUsage(startCpu);
try {
  const http = createHttpClient({
    concurrency: 32,
    cacheDir: withCache ? join(scratch, 'cache') : null,
    credentials: { [urls.github]: { kind: 'bearer', token: 'bench' } },
  });
  const session = process.env.PROF_OUT ? new Session() : null;
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))),
    );
  if (session) {
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await runCheck({ head: [lock], base: null, policy: defaultPolicy() }, http, {
    indexUrl: urls.pypiJson,
    osvUrl: urls.osv,
    githubApiUrl: urls.github,
    githubToken: true,
    today: '2026-11-24',
  });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (session) {
    const { profile } = await post('Profiler.stop');
    writeFileSync(process.env.PROF_OUT, JSON.stringify(profile));
  }
  const { requests, bytes } = http.stats().total;
  await http.close();
  console.log(
    `${realistic ? 'realistic' : 'small'}${withCache ? ' +cache' : ''}: ${ms.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU, ${requests} requests, ${(bytes / 1024).toFixed(0)} KiB, ${result.unknowns.length} unknowns; set-up ${((setupCpu.user + setupCpu.system) / 1000).toFixed(0)} ms CPU`,
  );
  if (process.env.PROF_JUDGE) {
    const { judge } = await import('../lib/src/checks/judge.js');
    const ctx = {
      today: result.today,
      policy: result.policy,
      manifests: result.manifests,
      dependencies: result.dependencies,
      configErrors: [],
      policyChanges: [],
    };
    for (let i = 0; i < 5; i++) {
      const c = process.cpuUsage();
      const v = judge(ctx, null);
      const u = process.cpuUsage(c);
      console.log(
        `judge again: ${((u.user + u.system) / 1000).toFixed(1)} ms CPU, ${v.findings.length} findings`,
      );
    }
  }
  if (process.env.PROF_RENDER) {
    const { renderMarkdown } = await import('../lib/src/report/markdown.js');
    const { renderText } = await import('../lib/src/report/text.js');
    const { renderSarif } = await import('../lib/src/report/sarif.js');
    const { renderSbom } = await import('../lib/src/report/sbom-render.js');
    const { NO_LINKS } = await import('../lib/src/report/links.js');
    const renderers = {
      json: () => JSON.stringify(renderJson(result), null, 2),
      sarif: () => JSON.stringify(renderSarif(result, '0.0.0'), null, 2),
      markdown: () => renderMarkdown(result, { maxLength: Infinity, links: NO_LINKS, charts: {} }),
      text: () => renderText(result, { colour: false }),
      cyclonedx: () => renderSbom('cyclonedx', result, 'bench'),
      spdx: () => renderSbom('spdx', result, 'bench'),
    };
    const out = process.env.PROF_RENDER_OUT;
    const rs = out ? new Session() : null;
    const rpost = (method, params) =>
      new Promise((resolve, reject) =>
        rs.post(method, params, (e, r) => (e ? reject(e) : resolve(r))),
      );
    if (rs) {
      rs.connect();
      await rpost('Profiler.enable');
      await rpost('Profiler.setSamplingInterval', { interval: 100 });
      await rpost('Profiler.start');
    }
    for (const [name, render] of Object.entries(renderers)) {
      const times = [];
      let size = 0;
      for (let i = 0; i < 3; i++) {
        const c = process.cpuUsage();
        size = render().length;
        const u = process.cpuUsage(c);
        times.push((u.user + u.system) / 1000);
      }
      console.log(
        `render ${name}: ${times.map((t) => t.toFixed(1)).join(' / ')} ms CPU (first / warm), ${size} chars`,
      );
    }
    if (rs) writeFileSync(out, JSON.stringify((await rpost('Profiler.stop')).profile));
  }
} finally {
  await fakes.stop();
  rmSync(scratch, { recursive: true, force: true });
}
