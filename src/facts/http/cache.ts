/**
 * The on-disk HTTP cache.
 *
 * Layout: `<cacheDir>/http-v2/<aa>/<sha256(key)>` where `aa` is the hash's first two hex
 * digits. One file per entry:
 *
 *     line 1: JSON header {"v":2,"request":"GET https://… (redacted, for humans)","key",
 *             "url","status","headers","storedAt","maxAgeS","etag","lastModified",
 *             "bodyBytes","bodySha256"}
 *     then:   exactly `bodyBytes` bytes of body
 *
 * The key is method + URL without credentials + Accept + extra headers (+ a hash of the body
 * for POST). Freshness is the response's Cache-Control max-age (no-cache → 0, no-store → not
 * stored; absent → the caller's fallback), bounded by a cap at read time.
 *
 * The cache must not be turned against its user: its directories are created 0700 and refused
 * (the run goes on without a cache, and says so) when another user owns them or others may
 * write to them. An entry is written to a temporary file created exclusively under a random
 * name in the same directory, then renamed, so a planted symbolic link is never written
 * through and readers see a whole entry or none. A read takes only a regular file, and an
 * entry whose key hash (another request's entry) or body SHA-256 does not match, or that does
 * not parse, is a miss, never an error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
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
  v: 2;
  request: string;
  /** SHA-256 of the cache key: an entry copied from another request's file is a miss. */
  key: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  storedAt: number;
  maxAgeS: number;
  etag: string | null;
  lastModified: string | null;
  bodyBytes: number;
  bodySha256: string;
}

const isStringOrNull = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  const headers = h.headers;
  return (
    h.v === 2 &&
    typeof h.key === 'string' &&
    typeof h.url === 'string' &&
    typeof h.status === 'number' &&
    typeof headers === 'object' &&
    headers !== null &&
    Object.values(headers).every((v) => typeof v === 'string') &&
    typeof h.storedAt === 'number' &&
    typeof h.maxAgeS === 'number' &&
    isStringOrNull(h.etag) &&
    isStringOrNull(h.lastModified) &&
    typeof h.bodyBytes === 'number' &&
    typeof h.bodySha256 === 'string'
  );
}

const bodyHash = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/**
 * Parses a cache file; null when it is not a whole, valid entry of the request `key` whose body
 * has the SHA-256 it records.
 */
export function decodeEntry(file: Buffer, key: string): CacheEntry | null {
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
  if (header.key !== sha256(key) || header.bodySha256 !== bodyHash(body)) return null;
  const { url, status, headers, storedAt, maxAgeS, etag, lastModified } = header;
  return { url, status, headers, body, storedAt, maxAgeS, etag, lastModified };
}

export function encodeEntry(entry: CacheEntry, key: string, label: string): Buffer {
  const header: Header = {
    v: 2,
    request: label,
    key: sha256(key),
    url: entry.url,
    status: entry.status,
    headers: entry.headers,
    storedAt: entry.storedAt,
    maxAgeS: entry.maxAgeS,
    etag: entry.etag,
    lastModified: entry.lastModified,
    bodyBytes: entry.body.length,
    bodySha256: bodyHash(entry.body),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), entry.body]);
}

export interface DiskCacheOptions {
  /** Told once, naming the directory, when the cache is refused (the run goes on without). */
  warn?: (line: string) => void;
  /** Largest entry file read, in bytes (default 256 MiB + 1 MiB of header). */
  maxEntryBytes?: number;
  /** The random part of temporary names (tests plant files at a known name). */
  tempName?: () => string;
}

// Windows has neither flag; there, the ownership and mode checks are skipped too.
const { O_NOFOLLOW = 0, O_NONBLOCK = 0 } = constants as Partial<typeof constants>;

/** Why a cache directory cannot be trusted, or null. */
function distrust(dir: string, stats: Stats): string | null {
  if (!stats.isDirectory()) return `${dir} is not a directory`;
  if (process.getuid === undefined) return null;
  const uid = process.getuid();
  if (stats.uid !== uid)
    return `${dir} is owned by another user (uid ${String(stats.uid)}, not ${String(uid)})`;
  if ((stats.mode & 0o022) !== 0)
    return `${dir} is writable by its group or by others (mode ${(stats.mode & 0o777).toString(8)}); make it 0700`;
  return null;
}

/** Creates `dir` 0700 when it is missing, then checks it (`follow`: may be a symbolic link). */
async function trustedDir(dir: string, follow: boolean): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return distrust(dir, follow ? await stat(dir) : await lstat(dir));
  } catch (error) {
    return `${dir} cannot be created or read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

/** Reads a regular file of at most `max` bytes, without following a final symbolic link. */
async function readEntryFile(file: string, max: number): Promise<Buffer | null> {
  const handle = await open(file, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > max) return null;
    const buffer = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(buffer, 0, stats.size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function createDiskCache(cacheDir: string, options: DiskCacheOptions = {}): DiskCache {
  const root = join(cacheDir, 'http-v2');
  const maxEntryBytes = options.maxEntryBytes ?? 257 * 1024 * 1024;
  const tempName = options.tempName ?? (() => randomBytes(16).toString('hex'));
  const pathOf = (key: string) => {
    const hash = sha256(key);
    return { dir: join(root, hash.slice(0, 2)), file: join(root, hash.slice(0, 2), hash) };
  };
  // Checked once per run: the top directory (which may be a link, as ~/.cache often is) and
  // the cache's own, which may not.
  let opened: Promise<boolean> | null = null;
  const usable = (): Promise<boolean> => {
    opened ??= (async () => {
      const problem = (await trustedDir(cacheDir, true)) ?? (await trustedDir(root, false));
      if (problem === null) return true;
      options.warn?.(`not using the cache: ${problem}`);
      return false;
    })();
    return opened;
  };
  // A directory is checked once; reads do not create one (a miss), writes do.
  const checkedDirs = new Map<string, Promise<boolean>>();
  const subdir = async (dir: string, create: boolean): Promise<boolean> => {
    let checked = checkedDirs.get(dir);
    if (checked === undefined) {
      if (
        !create &&
        !(await lstat(dir).then(
          () => true,
          () => false,
        ))
      )
        return false;
      checked = trustedDir(dir, false).then((problem) => {
        if (problem !== null) options.warn?.(`not using the cache entries in ${problem}`);
        return problem === null;
      });
      checkedDirs.set(dir, checked);
    }
    return checked;
  };
  return {
    async read(key) {
      const { dir, file } = pathOf(key);
      try {
        if (!(await usable()) || !(await subdir(dir, false))) return null;
        const bytes = await readEntryFile(file, maxEntryBytes);
        return bytes === null ? null : decodeEntry(bytes, key);
      } catch {
        return null; // absent or unreadable: a miss
      }
    },
    async write(key, entry, label) {
      const { dir, file } = pathOf(key);
      if (!(await usable()) || !(await subdir(dir, true))) return false;
      const bytes = encodeEntry(entry, key, label);
      // 'wx' is O_CREAT|O_EXCL: an existing file or symbolic link at the name is never opened.
      for (let attempt = 0; attempt < 3; attempt++) {
        const temp = join(dir, `${file.slice(dir.length + 1)}.${tempName()}.tmp`);
        let created = false;
        try {
          const handle = await open(temp, 'wx', 0o600);
          created = true;
          try {
            await handle.writeFile(bytes);
          } finally {
            await handle.close();
          }
          await rename(temp, file);
          return true;
        } catch (error) {
          if (created) await unlink(temp).catch(() => undefined);
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
        }
      }
      return false;
    },
  };
}
