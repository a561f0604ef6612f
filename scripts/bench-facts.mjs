// The benchmark's facts, shared by `npm run bench` and scripts/profile.mjs: the prefect-LARGE
// uv.lock's registry packages as fake projects (small or realistic documents), advisories for
// 20 of them, a repository each, and the fakes started in their own process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** What the fakes serve for `lock`'s registry packages. */
export function benchFacts(lock) {
  const registry = lock.dependencies.filter((d) => d.source.kind === 'registry');
  // A lock may pin one package at several versions (uv resolution forks): one project each.
  const versionsByName = new Map();
  for (const d of registry)
    versionsByName.set(d.normalizedName, [
      ...(versionsByName.get(d.normalizedName) ?? []),
      d.version,
    ]);
  const advisories = registry.slice(0, 20).map((d, i) => ({
    id: `BENCH-${i}`,
    summary: 'benchmark advisory',
    affected: [{ package: { ecosystem: 'PyPI', name: d.name }, versions: [d.version] }],
  }));
  const repositories = Object.fromEntries(
    registry.map((d) => [`bench/${d.normalizedName}`, { commitAuthors: ['a', 'b', 'c'] }]),
  );
  return { registry, versionsByName, advisories, repositories };
}

// Real projects: most have tens of releases, a few have thousands (botocore), with a wheel per
// platform. A fixed spread, so every run serves the same documents.
function realisticShape(i) {
  const r = i % 20;
  const releases = r === 0 ? 3000 : r < 3 ? 1000 : r < 6 ? 300 : r < 11 ? 80 : 15;
  return { releases, files: i % 3 === 0 ? 8 : 2 };
}

/** The fake projects: only the pinned releases (small), or a realistic history before them. */
export function projectsFor(versionsByName, realistic) {
  return [...versionsByName].map(([name, versions], i) => {
    const shape = realistic ? realisticShape(i) : { releases: 0, files: 1 };
    const older = Array.from({ length: shape.releases }, (_, k) => ({
      version: `0.${String(k)}`,
      uploaded: new Date(Date.UTC(2015, 0, 1) + k * 86_400_000).toISOString(),
    }));
    return {
      name,
      licenseExpression: 'MIT',
      requiresPython: '>=3.9',
      projectUrls: { Source: `https://github.com/bench/${name}` },
      filesPerRelease: shape.files,
      releases: [
        ...older,
        ...versions.map((version) => ({ version, uploaded: '2025-01-01T00:00:00Z' })),
        // Half the packages have a newer release, so their pinned version needs its own page.
        ...(i % 2 === 0 ? [{ version: '999.0', uploaded: '2026-06-01T00:00:00Z' }] : []),
      ],
    };
  });
}

/** Starts the fakes in a child process; resolves to their URLs and a stop function. */
export async function startFakesProcess(factsPath, latencyMs) {
  const child = spawn(process.execPath, ['scripts/bench-fakes.mjs', factsPath, String(latencyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // The fakes are not what is measured or profiled.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const [first] = await once(createInterface({ input: child.stdout }), 'line');
  return {
    urls: JSON.parse(first),
    stop: async () => {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}
