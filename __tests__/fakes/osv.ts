/**
 * A fake OSV API: `POST /v1/querybatch` (ids only, in query order, with `next_page_token`
 * paging when `pageSize` is set, and OSV's limit of 1,000 queries) and `GET /v1/vulns/{id}`.
 * An advisory affects the versions its ECOSYSTEM ranges or `versions` list say.
 */
import {
  startFakeServer,
  type FakeReply,
  type FakeServer,
  type FakeServerOptions,
} from './server.js';

export interface OsvRecord {
  id: string;
  summary?: string;
  aliases?: string[];
  modified?: string;
  withdrawn?: string;
  severity?: { type: string; score: string }[];
  database_specific?: Record<string, unknown>;
  affected: {
    package: { ecosystem: string; name: string };
    ranges?: { type: string; events: Record<string, string>[] }[];
    versions?: string[];
  }[];
}

const normalize = (name: string) => name.replace(/[-_.]+/g, '-').toLowerCase();

function parts(v: string): number[] {
  return v
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number);
}

function less(a: string, b: string): boolean {
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

export function affects(record: OsvRecord, name: string, version: string): boolean {
  return record.affected.some((a) => {
    if (a.package.ecosystem !== 'PyPI' || normalize(a.package.name) !== normalize(name))
      return false;
    if (a.versions?.includes(version) === true) return true;
    return (a.ranges ?? []).some((range) => {
      let introduced: string | null = null;
      for (const event of range.events) {
        if (event.introduced !== undefined) introduced = event.introduced;
        const fixed = event.fixed;
        if (fixed !== undefined && introduced !== null) {
          if ((introduced === '0' || !less(version, introduced)) && less(version, fixed))
            return true;
          introduced = null;
        }
      }
      return introduced !== null && (introduced === '0' || !less(version, introduced));
    });
  });
}

export interface FakeOsv extends FakeServer {
  /** Queries received per batch, in order. */
  batchSizes: number[];
}

export async function startFakeOsv(
  records: readonly OsvRecord[],
  options: FakeServerOptions & { pageSize?: number } = {},
): Promise<FakeOsv> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const batchSizes: number[] = [];
  const handler = (request: {
    method: string;
    path: string;
    body: string;
  }): FakeReply | undefined => {
    if (request.method === 'POST' && request.path === '/v1/querybatch') {
      const body = JSON.parse(request.body) as {
        queries: {
          package: { name: string; ecosystem: string };
          version: string;
          page_token?: string;
        }[];
      };
      batchSizes.push(body.queries.length);
      if (body.queries.length > 1000)
        return { status: 400, json: { code: 3, message: 'Too many queries.' } };
      const results = body.queries.map((q) => {
        const ids = records
          .filter((r) => affects(r, q.package.name, q.version))
          .map((r) => ({ id: r.id, modified: r.modified ?? '2026-01-01T00:00:00Z' }));
        const start = q.page_token === undefined ? 0 : Number(q.page_token);
        if (options.pageSize === undefined) return ids.length === 0 ? {} : { vulns: ids };
        const page = ids.slice(start, start + options.pageSize);
        const more = start + options.pageSize < ids.length;
        return {
          ...(page.length > 0 ? { vulns: page } : {}),
          ...(more ? { next_page_token: String(start + options.pageSize) } : {}),
        };
      });
      return { json: { results } };
    }
    const m = /^\/v1\/vulns\/(.+)$/.exec(request.path);
    if (request.method === 'GET' && m?.[1] !== undefined) {
      const record = byId.get(decodeURIComponent(m[1]));
      return record === undefined
        ? { status: 404, json: { code: 5, message: 'Bug not found.' } }
        : { json: record };
    }
    return undefined;
  };
  const server = await startFakeServer(handler, options);
  return Object.assign(server, { batchSizes });
}
