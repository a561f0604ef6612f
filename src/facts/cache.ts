/**
 * The on-disk HTTP cache.
 *
 * Layout: `<cacheDir>/http-v1/<aa>/<sha256(key)>` where `aa` is the hash's first two hex
 * digits. One file per entry:
 *
 *     line 1: JSON header {"v":1,"request":"GET https://… (redacted, for humans)",
 *             "url","status","headers","storedAt","maxAgeS","etag","lastModified","bodyBytes"}
 *     then:   exactly `bodyBytes` bytes of body
 *
 * The key is method + URL without credentials + Accept + extra headers (+ a hash of the body
 * for POST). Freshness is the response's Cache-Control max-age (no-cache → 0, no-store → not
 * stored; absent → the caller's fallback), bounded by a cap at read time. Files are written
 * to a temporary name and renamed, so readers see a whole entry or none; a file that does not
 * parse, has the wrong version or the wrong body length is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CacheEntry {
  /** The URL that answered (after redirects), without credentials. */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** When stored or last revalidated, ms since the epoch. */
  storedAt: number;
  /** Freshness lifetime from `storedAt`, in seconds. */
  maxAgeS: number;
  etag: string | null;
  lastModified: string | null;
}

export interface DiskCache {
  /** The entry, or null when absent or unreadable. */
  read(key: string): Promise<CacheEntry | null>;
  /** Writes atomically; false when the write failed (the run goes on without it). */
  write(key: string, entry: CacheEntry, label: string): Promise<boolean>;
}

export interface CacheKeyParts {
  method: string;
  /** Without userinfo. */
  url: string;
  accept: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The identity of a request, for the cache and for in-run deduplication. */
export function cacheKey(parts: CacheKeyParts): string {
  const extra = Object.entries(parts.headers ?? {})
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .sort()
    .join('\n');
  const body = parts.body === undefined ? '' : sha256(parts.body);
  return [parts.method, parts.url, parts.accept, extra, body].join('\n');
}

export interface Freshness {
  store: boolean;
  maxAgeS: number;
}

/** Reads Cache-Control: `no-store` → not stored, `no-cache` → 0, `max-age=N` → N. */
export function freshnessOf(
  headers: Readonly<Record<string, string>>,
  fallbackS: number,
): Freshness {
  let maxAgeS: number | null = null;
  for (const directive of (headers['cache-control'] ?? '').split(',')) {
    const [name = '', value] = directive.trim().toLowerCase().split('=', 2);
    if (name === 'no-store') return { store: false, maxAgeS: 0 };
    if (name === 'no-cache') maxAgeS = 0;
    else if (name === 'max-age' && maxAgeS === null && value !== undefined && /^\d+$/.test(value)) {
      maxAgeS = Number(value);
    }
  }
  return { store: true, maxAgeS: maxAgeS ?? fallbackS };
}

export function isFresh(entry: CacheEntry, now: number, capS: number): boolean {
  const lifetimeMs = Math.min(entry.maxAgeS, capS) * 1000;
  return now >= entry.storedAt && now - entry.storedAt < lifetimeMs;
}

interface Header {
  v: 1;
  request: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  storedAt: number;
  maxAgeS: number;
  etag: string | null;
  lastModified: string | null;
  bodyBytes: number;
}

const isStringOrNull = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  const headers = h.headers;
  return (
    h.v === 1 &&
    typeof h.url === 'string' &&
    typeof h.status === 'number' &&
    typeof headers === 'object' &&
    headers !== null &&
    Object.values(headers).every((v) => typeof v === 'string') &&
    typeof h.storedAt === 'number' &&
    typeof h.maxAgeS === 'number' &&
    isStringOrNull(h.etag) &&
    isStringOrNull(h.lastModified) &&
    typeof h.bodyBytes === 'number'
  );
}

/** Parses a cache file; null when it is not a whole, valid entry. */
export function decodeEntry(file: Buffer): CacheEntry | null {
  const newline = file.indexOf(0x0a);
  if (newline < 0) return null;
  let header: unknown;
  try {
    header = JSON.parse(file.subarray(0, newline).toString('utf8'));
  } catch {
    return null;
  }
  if (!isHeader(header)) return null;
  const body = file.subarray(newline + 1);
  if (body.length !== header.bodyBytes) return null;
  const { url, status, headers, storedAt, maxAgeS, etag, lastModified } = header;
  return { url, status, headers, body, storedAt, maxAgeS, etag, lastModified };
}

export function encodeEntry(entry: CacheEntry, label: string): Buffer {
  const header: Header = {
    v: 1,
    request: label,
    url: entry.url,
    status: entry.status,
    headers: entry.headers,
    storedAt: entry.storedAt,
    maxAgeS: entry.maxAgeS,
    etag: entry.etag,
    lastModified: entry.lastModified,
    bodyBytes: entry.body.length,
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), entry.body]);
}

let tempCounter = 0;

export function createDiskCache(cacheDir: string): DiskCache {
  const root = join(cacheDir, 'http-v1');
  const pathOf = (key: string) => {
    const hash = sha256(key);
    return { dir: join(root, hash.slice(0, 2)), file: join(root, hash.slice(0, 2), hash) };
  };
  return {
    async read(key) {
      try {
        return decodeEntry(await readFile(pathOf(key).file));
      } catch {
        return null; // absent or unreadable: a miss
      }
    },
    async write(key, entry, label) {
      const { dir, file } = pathOf(key);
      const temp = `${file}.${process.pid}.${++tempCounter}.tmp`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temp, encodeEntry(entry, label));
        await rename(temp, file);
        return true;
      } catch {
        await unlink(temp).catch(() => undefined);
        return false;
      }
    },
  };
}
