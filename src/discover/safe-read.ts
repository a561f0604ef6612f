/**
 * The one way pygovern reads a file from disk: only a regular file, only up to a size limit
 * checked before anything is read, opened so that a FIFO cannot block and a symbolic link
 * planted at the last moment is not followed. Inside a repository, the path must also resolve
 * (through every symbolic link) to a file in it, and never to anything under `.git/` — that is
 * where `actions/checkout` leaves the token.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { isInsideGitDir } from '../manifests/source-tree.js';

/** The default per-file limit (policy `max-file-size`). */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export type SafeRead =
  | { ok: true; bytes: Buffer }
  /** `missing`: there is no such file (as opposed to a file pygovern refuses to read). */
  | { ok: false; missing: boolean; reason: string };

// Windows has neither flag (and no FIFOs to block on).
const { O_NONBLOCK = 0, O_NOFOLLOW = 0 } = constants as Partial<typeof constants>;
const OPEN_FLAGS = constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW;

const missing = (): SafeRead => ({ ok: false, missing: true, reason: 'no such file' });
const refuse = (reason: string): SafeRead => ({ ok: false, missing: false, reason });

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** `52428800` → `50 MB`, for messages (1 MB = 1024 × 1024 bytes, as the policy reads it). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** The message for a file over the limit (the git and API trees use it too). */
export const tooLargeMessage = (max: number): string =>
  `the file is larger than the ${formatBytes(max)} limit (max-file-size); it was not read`;

const tooBig = (max: number): SafeRead => refuse(tooLargeMessage(max));

/** Reads a regular file of at most `maxBytes`; the final path component is not followed. */
export function readRegularFile(path: string, maxBytes: number): SafeRead {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return missing();
  }
  if (!stats.isFile())
    return refuse(`refusing to read it: it is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) return tooBig(maxBytes);
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO swapped in after the lstat opens at once instead of waiting for a writer.
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return missing();
    return refuse(`cannot be read (${code ?? 'error'})`);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile())
      return refuse(`refusing to read it: it is ${kindOf(opened)}, not a regular file`);
    if (opened.size > maxBytes) return tooBig(maxBytes);
    // The file may grow while it is read: never take more than the limit.
    const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) {
        if (length > maxBytes) return tooBig(maxBytes);
        break;
      }
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `path` (relative to `realRoot`, itself already a real path) only when it resolves,
 * through every symbolic link, to a regular file inside `realRoot` and outside `.git/`.
 */
export function readInsideRoot(realRoot: string, path: string, maxBytes: number): SafeRead {
  if (isInsideGitDir(path)) return refuse('refusing to read a file under .git/');
  let real: string;
  try {
    real = realpathSync(resolve(realRoot, path));
  } catch {
    return missing();
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) {
    return refuse('refusing to read it: it resolves to a file outside the repository');
  }
  if (isInsideGitDir(relative(realRoot, real))) {
    return refuse('refusing to read it: it resolves to a file under .git/');
  }
  return readRegularFile(real, maxBytes);
}
