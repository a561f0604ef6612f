/**
 * The on-disk facts cache: one file per cache directory, read once, written once per run.
 *
 * Layout: `<cacheDir>/facts-v3.json`:
 *
 *     line 1: {"format":"pygovern-facts-cache","v":3,"entries":N,"bytes":B,"sha256":H}
 *     then:   exactly B bytes of JSON, {"<sha256 of the request key>": entry, …}, whose
 *             SHA-256 is H
 *
 * An entry holds the value the caller uses — the decoded body, or the caller's compact form of
 * it (`Compact` in types.ts) — never the raw body, so a warm run parses only what it needs. The
 * key is method + URL without credentials + Accept + extra headers (+ a hash of the body for
 * POST) + how the body was read (JSON, text, the compact function's id), stored hashed: no URL
 * query, header or body of a request is in the file as a key. Freshness is the response's
 * Cache-Control max-age (no-cache → 0, no-store → not stored; absent → the caller's fallback),
 * bounded by a cap at read time.
 *
 * Bounded: the file is read only up to `maxFileBytes`; when written, entries not used for
 * `maxUnusedDays` are dropped and, most recently used first, at most `maxEntries` entries and
 * `maxBytes` bytes are kept.
 *
 * The cache must not be turned against its user: its directory is created 0700 and refused
 * (the run goes on without a cache, and says so once) when another user owns it or others may
 * write to it. The file is written to a temporary file created exclusively (0600) under a
 * random name in the same directory, then renamed, so a planted symbolic link is never written
 * through and readers see a whole file or none. A read takes only a regular file of ours,
 * without following a symbolic link; a file that is cut short, does not parse, is of another
 * format or does not match its SHA-256 is a miss (one log line), never an error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';

export const CACHE_FILE = 'facts-v3.json';
const FORMAT = 'pygovern-facts-cache';
const VERSION = 3;

/** What the cache keeps of one answer. */
export interface CacheEntry {
  /** The URL that answered (after redirects), without credentials. */
  url: string;
  status: number;
  /** The response headers callers may read (see `KEPT_HEADERS`). */
  headers: Record<string, string>;
  /** The decoded body, or the caller's compact value of it: plain JSON. */
  value: unknown;
  /** When stored or last revalidated, ms since the epoch. */
  storedAt: number;
  /** Freshness lifetime from `storedAt`, in seconds. */
  maxAgeS: number;
  etag: string | null;
  lastModified: string | null;
}

/** Headers an entry keeps; the others are of no use once the value is decoded. */
export const KEPT_HEADERS: readonly string[] = [
  'content-type',
  'cache-control',
  'etag',
  'last-modified',
];

export function keptHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export interface DiskCache {
  /** The entry, or null when absent (the file is read on the first call). */
  read(key: string): Promise<CacheEntry | null>;
  /** Keeps the entry for this run; it reaches the disk at `close()`. */
  write(key: string, entry: CacheEntry): void;
  /**
   * Writes the file once, merged with what is on disk now, when this run changed anything;
   * false when the write failed (the run goes on without it). Later calls do nothing.
   */
  close(): Promise<boolean>;
}

export interface CacheKeyParts {
  method: string;
  /** Without userinfo. */
  url: string;
  accept: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

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

export function isFresh(
  entry: Pick<CacheEntry, 'storedAt' | 'maxAgeS'>,
  now: number,
  capS: number,
): boolean {
  const lifetimeMs = Math.min(entry.maxAgeS, capS) * 1000;
  return now >= entry.storedAt && now - entry.storedAt < lifetimeMs;
}

/** An entry as the file holds it: with the last run that used it. */
interface Stored extends CacheEntry {
  usedAt: number;
}

const isStringOrNull = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const headers = e.headers;
  return (
    typeof e.url === 'string' &&
    typeof e.status === 'number' &&
    typeof headers === 'object' &&
    headers !== null &&
    !Array.isArray(headers) &&
    Object.values(headers).every((v) => typeof v === 'string') &&
    'value' in e &&
    Number.isFinite(e.storedAt) &&
    Number.isFinite(e.maxAgeS) &&
    Number.isFinite(e.usedAt) &&
    isStringOrNull(e.etag) &&
    isStringOrNull(e.lastModified)
  );
}

interface FileHeader {
  format: typeof FORMAT;
  v: typeof VERSION;
  entries: number;
  bytes: number;
  sha256: string;
}

function isFileHeader(value: unknown): value is FileHeader {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return (
    h.format === FORMAT &&
    h.v === VERSION &&
    typeof h.entries === 'number' &&
    typeof h.bytes === 'number' &&
    typeof h.sha256 === 'string'
  );
}

/**
 * The entries of a cache file by key hash, or why the file is not one (a miss). Entries
 * without the shape are left out, the others kept.
 */
export function decodeCacheFile(file: Buffer): Map<string, Stored> | string {
  const newline = file.indexOf(0x0a);
  if (newline < 0) return 'it has no header line';
  let header: unknown;
  try {
    header = JSON.parse(file.subarray(0, newline).toString('utf8'));
  } catch {
    return 'its header is not JSON';
  }
  if (!isFileHeader(header)) return 'it is not a pygovern facts cache of this version';
  const body = file.subarray(newline + 1);
  if (body.length !== header.bytes)
    return `it is cut short or overlong (${String(body.length)} bytes, not ${String(header.bytes)})`;
  if (sha256(body) !== header.sha256) return 'its content does not match its SHA-256';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'its content is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'its content is not an object';
  const out = new Map<string, Stored>();
  for (const [hash, entry] of Object.entries(parsed)) {
    if (/^[0-9a-f]{64}$/.test(hash) && isStored(entry)) out.set(hash, entry);
  }
  return out;
}

export interface Bounds {
  /** Entries whose last use is older are dropped (days). */
  maxUnusedDays: number;
  maxEntries: number;
  /** Bytes of the JSON content. */
  maxBytes: number;
}

/** The file's bytes for `entries`: the most recently used first, within `bounds`. */
export function encodeCacheFile(
  entries: ReadonlyMap<string, Stored>,
  now: number,
  bounds: Bounds,
): Buffer {
  const oldest = now - bounds.maxUnusedDays * 86_400_000;
  const byUse = [...entries].filter(([, e]) => e.usedAt >= oldest);
  byUse.sort(([, a], [, b]) => b.usedAt - a.usedAt);
  const parts: string[] = [];
  let bytes = 2; // the braces
  for (const [hash, entry] of byUse) {
    if (parts.length >= bounds.maxEntries) break;
    const part = `${JSON.stringify(hash)}:${JSON.stringify(entry)}`;
    const size = Buffer.byteLength(part) + (parts.length > 0 ? 1 : 0);
    // One entry too big to fit does not push out the smaller ones after it.
    if (bytes + size > bounds.maxBytes) continue;
    parts.push(part);
    bytes += size;
  }
  const body = Buffer.from(`{${parts.join(',')}}`);
  const header: FileHeader = {
    format: FORMAT,
    v: VERSION,
    entries: parts.length,
    bytes: body.length,
    sha256: sha256(body),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]);
}

export interface DiskCacheOptions {
  /** Told once, naming the directory, when the cache is refused (the run goes on without). */
  warn?: (line: string) => void;
  /** Debug lines: a cache file that is a miss, and why. */
  log?: (line: string) => void;
  /** Wall clock, ms since the epoch (when entries were last used). */
  now?: () => number;
  /** Largest cache file read, in bytes (default `maxBytes` + 1 MiB). */
  maxFileBytes?: number;
  /** Default 30 days, 50 000 entries, 256 MiB. */
  bounds?: Partial<Bounds>;
  /** The random part of temporary names (tests plant files at a known name). */
  tempName?: () => string;
}

export const DEFAULT_BOUNDS: Bounds = {
  maxUnusedDays: 30,
  maxEntries: 50_000,
  maxBytes: 256 * 1024 * 1024,
};

/** A use counts again only after a day, so a warm run on the same day writes nothing. */
const USE_GRANULARITY_MS = 86_400_000;

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

/** Creates `dir` 0700 when it is missing, then checks it (it may be a symbolic link). */
async function trustedDir(dir: string): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return distrust(dir, await stat(dir));
  } catch (error) {
    return `${dir} cannot be created or read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

interface Loaded {
  bytes: Buffer;
  /** Identity of the file read: unchanged at close → no need to read it again. */
  identity: string;
}

/**
 * Reads a regular file of ours of at most `max` bytes, without following a final symbolic
 * link; null when there is none; a string saying why it is not read.
 */
async function readCacheFile(file: string, max: number): Promise<Loaded | null | string> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    return code === 'ELOOP' ? 'it is a symbolic link' : `it cannot be read (${String(code)})`;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return 'it is not a regular file';
    if (process.getuid !== undefined && stats.uid !== process.getuid())
      return `it is owned by another user (uid ${String(stats.uid)})`;
    if (stats.size > max) return `it is larger than ${String(max)} bytes`;
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < stats.size) {
      const { bytesRead } = await handle.read(buffer, read, stats.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { bytes: buffer.subarray(0, read), identity: identityOf(stats) };
  } finally {
    await handle.close();
  }
}

const identityOf = (s: Stats) =>
  `${String(s.dev)}:${String(s.ino)}:${String(s.size)}:${String(s.mtimeMs)}`;

export function createDiskCache(cacheDir: string, options: DiskCacheOptions = {}): DiskCache {
  const file = join(cacheDir, CACHE_FILE);
  const bounds = { ...DEFAULT_BOUNDS, ...options.bounds };
  const maxFileBytes = options.maxFileBytes ?? bounds.maxBytes + 1024 * 1024;
  const tempName = options.tempName ?? (() => randomBytes(16).toString('hex'));
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);

  // Checked once per run: the directory, which may be a link (as ~/.cache often is).
  let opened: Promise<boolean> | null = null;
  const usable = (): Promise<boolean> => {
    opened ??= (async () => {
      const problem = await trustedDir(cacheDir);
      if (problem === null) return true;
      options.warn?.(`not using the cache: ${problem}`);
      return false;
    })();
    return opened;
  };

  /** The file's entries now (empty when absent or not usable), and its identity. */
  const load = async (): Promise<{ entries: Map<string, Stored>; identity: string | null }> => {
    let loaded: Loaded | null | string;
    try {
      loaded = await readCacheFile(file, maxFileBytes);
    } catch (error) {
      loaded = `it cannot be read (${String((error as NodeJS.ErrnoException).code ?? error)})`;
    }
    if (loaded === null) return { entries: new Map(), identity: null };
    const decoded = typeof loaded === 'string' ? loaded : decodeCacheFile(loaded.bytes);
    if (typeof decoded === 'string') {
      log(`cache file ${file} not used: ${decoded}`);
      return { entries: new Map(), identity: null };
    }
    return { entries: decoded, identity: typeof loaded === 'string' ? null : loaded.identity };
  };

  type Held = { entries: Map<string, Stored>; identity: string | null } | null;
  // Loaded on first use; `held` is set once it is (null: the directory is refused).
  let memory: Promise<Held> | null = null;
  let held: Held | undefined;
  const entries = (): Promise<Held> => {
    memory ??= usable()
      .then((ok) => (ok ? load() : null))
      .then((h) => (held = h));
    return memory;
  };
  /** Keys this run wrote or used anew: without any, the file is not written. */
  const touched = new Set<string>();
  let closing: Promise<boolean> | null = null;

  const writeFile = async (bytes: Buffer): Promise<boolean> => {
    // 'wx' is O_CREAT|O_EXCL: an existing file or symbolic link at the name is never opened.
    for (let attempt = 0; attempt < 3; attempt++) {
      const temp = join(cacheDir, `${CACHE_FILE}.${tempName()}.tmp`);
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
  };

  return {
    async read(key) {
      const hash = sha256(key);
      const entry = (await entries())?.entries.get(hash);
      if (entry === undefined) return null;
      const at = now();
      if (at - entry.usedAt >= USE_GRANULARITY_MS) {
        entry.usedAt = at;
        touched.add(hash);
      }
      const { url, status, headers, value, storedAt, maxAgeS, etag, lastModified } = entry;
      return { url, status, headers, value, storedAt, maxAgeS, etag, lastModified };
    },
    write(key, entry) {
      const hash = sha256(key);
      const keep = (h: Held) => {
        if (h === null) return;
        h.entries.set(hash, { ...entry, usedAt: now() });
        touched.add(hash);
      };
      if (held !== undefined) keep(held);
      else void entries().then(keep);
    },
    close() {
      closing ??= (async () => {
        if (memory === null) return true; // nothing asked: the file is not even read
        const h = await entries();
        if (h === null || touched.size === 0) return true;
        // Another run may have written the file since: keep its entries, and of two answers to
        // one request the one stored last, used as lately as either was.
        const merged = h.entries;
        const current = await lstat(file).then(identityOf, () => null);
        if (current !== null && current !== h.identity) {
          const disk = await load();
          for (const [hash, entry] of disk.entries) {
            const ours = merged.get(hash);
            if (ours === undefined) merged.set(hash, entry);
            else if (entry.storedAt > ours.storedAt)
              merged.set(hash, { ...entry, usedAt: Math.max(entry.usedAt, ours.usedAt) });
          }
        }
        return writeFile(encodeCacheFile(merged, now(), bounds));
      })();
      return closing;
    },
  };
}
