/**
 * OSV: one `POST /v1/querybatch` per 1,000 (name, version) pairs — following each query's
 * `next_page_token` — then `GET /v1/vulns/{id}` once per distinct advisory, all through the
 * HTTP layer (bounded, deduplicated, cached).
 */
import {
  arrayOrEmpty as list,
  isJsonObject as isObject,
  nonEmptyString as str,
  type JsonObject as Json,
} from '../json-guards.js';
import { normalizeName } from '../pep440/names.js';
import { compareVersionText } from '../pep440/version.js';
import { cvss3BaseScore, levelOfDatabaseSeverity, levelOfScore } from './cvss.js';
import type { Compact, HttpClient } from './http/client.js';
import { describeHttpError } from './pypi-json.js';
import { known, missing, type Advisory, type Fact } from './types.js';

export const OSV_BATCH_LIMIT = 1000;

export interface PackageVersion {
  name: string;
  version: string;
}

export const keyOf = (p: PackageVersion): string => `${normalizeName(p.name)}@${p.version}`;

/** The fixed versions of the ranges that hold `version` (ECOSYSTEM ranges of this package). */
export function fixedVersionsFor(record: Json, name: string, version: string): string[] {
  const fixes = new Set<string>();
  for (const affected of list(record.affected).filter(isObject)) {
    const pkg = isObject(affected.package) ? affected.package : {};
    if (str(pkg.ecosystem) !== 'PyPI' || normalizeName(str(pkg.name) ?? '') !== normalizeName(name))
      continue;
    for (const range of list(affected.ranges).filter(isObject)) {
      if (range.type !== 'ECOSYSTEM') continue;
      let introduced: string | null = null;
      for (const event of list(range.events).filter(isObject)) {
        const intro = str(event.introduced);
        const fixed = str(event.fixed);
        if (intro !== null) introduced = intro;
        if (fixed !== null && introduced !== null) {
          const inRange =
            (introduced === '0' || compareVersionText(version, introduced) >= 0) &&
            compareVersionText(version, fixed) < 0;
          if (inRange) fixes.add(fixed);
          introduced = null;
        }
      }
    }
  }
  return [...fixes].sort(compareVersionText);
}

export function advisoryFrom(record: Json, name: string, version: string): Advisory | null {
  const id = str(record.id);
  if (id === null) return null;
  const vectors = list(record.severity)
    .filter(isObject)
    .map((s) => ({ type: str(s.type), score: str(s.score) }));
  const v3 = vectors.find((s) => s.type === 'CVSS_V3')?.score ?? null;
  const vector = v3 ?? vectors.find((s) => s.score !== null)?.score ?? null;
  const score = v3 === null ? null : cvss3BaseScore(v3);
  const database = isObject(record.database_specific)
    ? str(record.database_specific.severity)
    : null;
  const level = score !== null ? levelOfScore(score) : levelOfDatabaseSeverity(database);
  return {
    id,
    aliases: list(record.aliases).filter((a): a is string => typeof a === 'string'),
    summary: str(record.summary) ?? str(record.details)?.split('\n')[0] ?? '',
    severity: { level, score, vector, database },
    fixedIn: fixedVersionsFor(record, name, version),
    link: `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
  };
}

/**
 * The fields of an OSV record `advisoryFrom` reads, and nothing else: a record lists every
 * affected version and a long description, which the cache need not keep.
 */
export function trimRecord(record: Json): Json {
  const out: Json = {};
  for (const key of ['id', 'aliases', 'summary', 'severity', 'withdrawn'])
    if (key in record) out[key] = record[key];
  const details = str(record.details);
  if (details !== null) out.details = details.split('\n')[0] ?? '';
  if (isObject(record.database_specific))
    out.database_specific = { severity: record.database_specific.severity ?? null };
  out.affected = list(record.affected)
    .filter(isObject)
    .map((affected) => ({
      package: isObject(affected.package)
        ? { ecosystem: affected.package.ecosystem ?? null, name: affected.package.name ?? null }
        : null,
      ranges: list(affected.ranges)
        .filter(isObject)
        .map((range) => ({ type: range.type ?? null, events: list(range.events) })),
    }));
  return out;
}

const RECORD: Compact<unknown, Json | null> = {
  id: 'osv-record/1',
  reduce: (body) => (isObject(body) ? trimRecord(body) : null),
};

/** Advisory ids per package version; a missing fact for each pair the batch could not answer. */
async function queryIds(
  http: HttpClient,
  osvUrl: string,
  packages: readonly PackageVersion[],
): Promise<Map<string, Fact<string[]>>> {
  const out = new Map<string, Fact<string[]>>();
  const endpoint = `${osvUrl.replace(/\/+$/, '')}/v1/querybatch`;
  type Pending = { pkg: PackageVersion; ids: string[]; token: string | null };
  let pending: Pending[] = packages.map((pkg) => ({ pkg, ids: [], token: null }));
  for (let round = 0; pending.length > 0 && round < 20; round++) {
    const chunks: Pending[][] = [];
    for (let i = 0; i < pending.length; i += OSV_BATCH_LIMIT)
      chunks.push(pending.slice(i, i + OSV_BATCH_LIMIT));
    const next: Pending[] = [];
    await Promise.all(
      chunks.map(async (chunk) => {
        const queries = chunk.map((p) => ({
          package: { name: normalizeName(p.pkg.name), ecosystem: 'PyPI' },
          version: p.pkg.version,
          ...(p.token === null ? {} : { page_token: p.token }),
        }));
        const answer = await http.postJson(
          endpoint,
          { queries },
          { kind: 'osv-batch', fallbackMaxAgeS: 3600 },
        );
        const results =
          answer.ok && isObject(answer.value.body) ? list(answer.value.body.results) : null;
        if (results?.length !== chunk.length) {
          const reason = answer.ok
            ? `OSV gave an unusable answer to a batch of ${String(chunk.length)} queries`
            : describeHttpError('OSV query', answer.error, 'OSV');
          for (const p of chunk) out.set(keyOf(p.pkg), missing(reason));
          return;
        }
        chunk.forEach((p, i) => {
          const result = results[i];
          const vulns = isObject(result) ? list(result.vulns) : [];
          p.ids.push(
            ...vulns
              .filter(isObject)
              .map((v) => str(v.id))
              .filter((x): x is string => x !== null),
          );
          const token = isObject(result) ? str(result.next_page_token) : null;
          if (token !== null) next.push({ ...p, token });
          else out.set(keyOf(p.pkg), known(p.ids, endpoint));
        });
      }),
    );
    pending = next;
  }
  for (const p of pending) out.set(keyOf(p.pkg), missing('OSV kept paging past 20 rounds'));
  return out;
}

/** Advisories per `name@version` (see `keyOf`). */
export async function fetchAdvisories(
  http: HttpClient,
  osvUrl: string,
  packages: readonly PackageVersion[],
): Promise<Map<string, Fact<Advisory[]>>> {
  // Sorted so the same set of packages makes the same batch body, which the cache can key on.
  const unique = [...new Map(packages.map((p) => [keyOf(p), p])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, p]) => p);
  const ids = await queryIds(http, osvUrl, unique);
  const distinct = new Set<string>();
  for (const fact of ids.values())
    if (fact.status === 'known') fact.value.forEach((id) => distinct.add(id));
  const records = new Map<string, Fact<Json>>();
  await Promise.all(
    [...distinct].map(async (id) => {
      const url = `${osvUrl.replace(/\/+$/, '')}/v1/vulns/${encodeURIComponent(id)}`;
      const answer = await http.getJson(url, {
        kind: 'osv-vuln',
        fallbackMaxAgeS: 3600,
        compact: RECORD,
      });
      if (!answer.ok)
        records.set(id, missing(describeHttpError(`OSV advisory ${id}`, answer.error, 'OSV')));
      else if (answer.value.body === null)
        records.set(id, missing(`OSV advisory ${id}: unusable answer`));
      else records.set(id, known(answer.value.body, url));
    }),
  );
  const out = new Map<string, Fact<Advisory[]>>();
  for (const pkg of unique) {
    const key = keyOf(pkg);
    const idFact = ids.get(key) ?? missing<string[]>('OSV was not asked');
    if (idFact.status === 'missing') {
      out.set(key, idFact);
      continue;
    }
    const advisories: Advisory[] = [];
    const problems: string[] = [];
    for (const id of idFact.value) {
      const record = records.get(id);
      if (record?.status !== 'known') {
        problems.push(
          record?.status === 'missing' ? record.reason : `OSV advisory ${id} not fetched`,
        );
        continue;
      }
      if (str(record.value.withdrawn) !== null) continue;
      const advisory = advisoryFrom(record.value, pkg.name, pkg.version);
      if (advisory !== null) advisories.push(advisory);
    }
    out.set(
      key,
      problems.length > 0 ? missing(problems.join('; ')) : known(advisories, idFact.source),
    );
  }
  return out;
}
