/**
 * Python checks: the Pythons a project targets against the end-of-life table, and each
 * dependency's Requires-Python against those targets.
 */
import { dirname } from 'node:path/posix';
import {
  endOfLifeDay,
  isEndOfLife,
  PYTHON_RELEASES,
  releasedPythons,
  type PythonRelease,
} from '../facts/python-eol.js';
import { declaresPython } from '../manifests/formats.js';
import type { Manifest } from '../manifests/types.js';
import { containsVersion, parseSpecifierSet, type SpecifierSet } from '../pep440/specifier.js';
import { evaluateMarkerPartially, parseMarker, type MarkerList } from '../pep508/marker.js';
import type { CheckContext, RawFinding } from './types.js';

/**
 * Whether a specifier admits some patch release of `X.Y`: `X.Y.0` (for `<3.8.5`) or a late
 * patch (for `>=3.8.1`). Null when the specifier does not parse.
 */
export function admitsPython(specifier: string, release: PythonRelease): boolean | null {
  const set = parseSpecifierSet(specifier);
  return set.ok ? setAdmitsPython(set.value, release) : null;
}

function setAdmitsPython(set: SpecifierSet, release: PythonRelease): boolean {
  return [`${release.version}.0`, `${release.version}.99`].some((v) =>
    containsVersion(set, v, { prereleases: true }),
  );
}

const admittedCache = new Map<string, PythonRelease[] | null>();

/** The released Pythons a specifier admits on `today`; null when it does not parse. */
export function pythonsAdmitted(specifier: string, today: string): PythonRelease[] | null {
  // Many packages share a Requires-Python: the answer depends on nothing else.
  const key = `${today}|${specifier}`;
  const cached = admittedCache.get(key);
  if (cached !== undefined || admittedCache.has(key)) return cached ?? null;
  const answer = computeAdmitted(specifier, today);
  if (admittedCache.size > 10_000) admittedCache.clear();
  admittedCache.set(key, answer);
  return answer;
}

function computeAdmitted(specifier: string, today: string): PythonRelease[] | null {
  const set = parseSpecifierSet(specifier); // once, not once per Python release
  if (!set.ok) return null;
  return releasedPythons(today).filter((release) => setAdmitsPython(set.value, release));
}

export interface Targets {
  pythons: PythonRelease[];
  /** Where they come from, for messages: `requires-python ">=3.8" in pyproject.toml`. */
  origin: string;
}

/**
 * The Pythons that dependencies of each manifest must install on: the policy's
 * `python-version` if set, else the manifest's own requires-python, else that of the nearest
 * pyproject.toml / setup.cfg / Pipfile in the same or a parent directory.
 */
export function targetsOf(ctx: CheckContext): (manifestPath: string) => Targets | null {
  const forced = ctx.policy.pythonVersions;
  if (forced !== null) {
    const pythons = PYTHON_RELEASES.filter((r) => forced.includes(r.version));
    const targets = { pythons, origin: `python-version ${forced.join(', ')} in the policy` };
    return () => targets;
  }
  const declared = new Map<string, Targets>();
  const ownTargets = (m: Manifest): Targets | null => {
    if (m.requiresPython === null) return null;
    const pythons = pythonsAdmitted(m.requiresPython, ctx.today);
    return pythons === null
      ? null
      : { pythons, origin: `requires-python "${m.requiresPython}" in ${m.path}` };
  };
  for (const m of ctx.manifests) {
    const t = declaresPython(m.kind) ? ownTargets(m) : null;
    if (t !== null && !declared.has(dirname(m.path))) declared.set(dirname(m.path), t);
  }
  const byPath = new Map(ctx.manifests.map((m) => [m.path, m]));
  return (path) => {
    const own = byPath.get(path);
    const direct = own === undefined ? null : ownTargets(own);
    if (direct !== null) return direct;
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const found = declared.get(dir);
      if (found !== undefined) return found;
      if (dir === '.' || dir === '/' || dir === dirname(dir)) return null;
    }
  };
}

const list = (pythons: readonly PythonRelease[]) => pythons.map((p) => p.version).join(', ');

/** `python/eol-target`: a manifest declares support for Pythons past end of life. */
export function eolTargetFindings(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const m of ctx.manifests) {
    if (!declaresPython(m.kind) || m.requiresPython === null) continue;
    const pythons = pythonsAdmitted(m.requiresPython, ctx.today);
    const dead = (pythons ?? []).filter((p) => isEndOfLife(p, ctx.today));
    if (dead.length === 0) continue;
    const supported = PYTHON_RELEASES.filter(
      (p) => p.released <= ctx.today && !isEndOfLife(p, ctx.today),
    );
    const oldest = supported[0];
    out.push({
      rule: 'python/eol-target',
      severity: 'warning',
      package: null,
      normalizedName: null,
      version: null,
      manifest: m.path,
      line: m.requiresPythonLine ?? null,
      message: `requires-python "${m.requiresPython}" still admits Python ${list(dead)}, past end of life (${dead.map((p) => `${p.version} on ${endOfLifeDay(p)}`).join(', ')}).`,
      evidence: `requires-python = "${m.requiresPython}"`,
      fix: oldest === undefined ? null : `Require Python >=${oldest.version}.`,
      key: `${m.path}:${list(dead)}`,
    });
  }
  return out;
}

function markerOf(text: string | null): MarkerList | null {
  if (text === null) return null;
  const parsed = parseMarker(text);
  return parsed.ok ? parsed.value : null;
}

/**
 * Whether a requirement's marker can hold on Python `X.Y`: only the Python variables are
 * known, so any other comparison counts as possibly true (the marker must rule the Python
 * out whatever the platform).
 */
export function markerAdmitsPython(marker: MarkerList | null, release: PythonRelease): boolean {
  if (marker === null) return true;
  return [`${release.version}.0`, `${release.version}.99`].some((full) =>
    evaluateMarkerPartially(marker, { python_version: release.version, python_full_version: full }),
  );
}

/** `python/incompatible` and `python/eol-only` for the version each dependency uses. */
export function dependencyPythonFindings(ctx: CheckContext): RawFinding[] {
  const targetsFor = targetsOf(ctx);
  const out: RawFinding[] = [];
  // A lock repeats the same few markers on many packages: each is parsed and weighed once.
  const markers = new Map<string, MarkerList | null>();
  const markerOfText = (text: string | null) => {
    if (text === null) return null;
    let marker = markers.get(text);
    if (marker === undefined && !markers.has(text)) {
      marker = markerOf(text);
      markers.set(text, marker);
    }
    return marker ?? null;
  };
  const admits = new Map<string, boolean>();
  const markerAdmits = (text: string | null, python: PythonRelease) => {
    if (text === null) return true;
    const key = `${python.version}\u0000${text}`;
    let answer = admits.get(key);
    if (answer === undefined) {
      answer = markerAdmitsPython(markerOfText(text), python);
      admits.set(key, answer);
    }
    return answer;
  };
  for (const { dependency: dep, facts } of ctx.dependencies) {
    if (facts?.release.status !== 'known' || facts.version === null) continue;
    const requires = facts.release.value.requiresPython;
    if (requires === null || requires.trim() === '') continue;
    const where = { manifest: dep.file, line: dep.line };
    const base = {
      package: dep.name,
      normalizedName: dep.normalizedName,
      version: facts.version,
      ...where,
      evidence: `Requires-Python: ${requires}`,
    };
    const admitted = pythonsAdmitted(requires, ctx.today);
    if (admitted === null) continue;
    const targets = targetsFor(dep.file);
    if (targets !== null) {
      const excluded = targets.pythons.filter(
        (p) => markerAdmits(dep.marker, p) && !admitted.some((a) => a.version === p.version),
      );
      if (excluded.length > 0) {
        out.push({
          ...base,
          rule: 'python/incompatible',
          severity: 'error',
          message: `${dep.name} ${facts.version} requires Python "${requires}", which excludes Python ${list(excluded)} that the project targets (${targets.origin}).`,
          fix: `Use a version of ${dep.name} that supports Python ${list(excluded)}, add a marker such as python_version >= "${admitted[0]?.version ?? '?'}", or narrow requires-python.`,
          key: list(excluded),
        });
      }
    }
    if (admitted.length > 0 && admitted.every((p) => isEndOfLife(p, ctx.today))) {
      out.push({
        ...base,
        rule: 'python/eol-only',
        severity: 'error',
        message: `${dep.name} ${facts.version} installs only on Python ${list(admitted)}, all past end of life.`,
        fix: `Upgrade ${dep.name} to a version that supports a maintained Python, or replace it.`,
        key: list(admitted),
      });
    }
  }
  return out;
}
