/**
 * Reads a file the user named with a hard byte limit, refusing anything that is not a regular file
 * (after following symlinks): `/dev/zero`, a FIFO or a folder would otherwise be read without end or
 * block, and their `stat` size (0) says nothing. The file is opened without blocking (a FIFO opens at
 * once), checked with `fstat` on the same descriptor (no race with a swapped path), and read until
 * EOF or one byte past the limit, whichever comes first. Standard input (`-`) has no such check (it
 * is a pipe or a terminal by nature) but the same limit.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A file's bytes, or why they were not read (a one-line reason, without the path). */
export type BoundedRead =
  | { kind: 'read'; bytes: Buffer }
  | { kind: 'too-big'; /** The size when it is known (a regular file), else undefined: more than the limit. */ size: number | undefined }
  | { kind: 'not-regular'; what: string }
  | { kind: 'error'; code: string };

/** Reads `path` (a regular file, symlinks followed) up to `limit` bytes. */
export function readBoundedFile(path: string, limit: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { kind: 'error', code: errorCode(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not-regular', what: fileKind(stats) };
    if (stats.size > limit) return { kind: 'too-big', size: stats.size };
    return readFd(fd, limit);
  } catch (error) {
    return { kind: 'error', code: errorCode(error) };
  } finally {
    closeSync(fd);
  }
}

/** Reads an open descriptor (standard input: fd 0) to its end, or one byte past `limit`. */
export function readBoundedFd(fd: number, limit: number): BoundedRead {
  try {
    return readFd(fd, limit);
  } catch (error) {
    return { kind: 'error', code: errorCode(error) };
  }
}

function readFd(fd: number, limit: number): BoundedRead {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(Math.min(limit + 1, 65_536));
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
    } catch (error) {
      // A non-blocking pipe with nothing in it yet: wait a little and try again.
      if (errorCode(error) === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > limit) return { kind: 'too-big', size: undefined };
  }
  return { kind: 'read', bytes: Buffer.concat(chunks, total) };
}

/** `a character device`, `a folder` ... for the message. */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** A node:fs error code (ENOENT, EACCES ...), or the error's name. */
function errorCode(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (typeof code === 'string') return code;
  throw error;
}

/** A byte count as people say it: `1048576 bytes (1 MiB)`. */
export function bytesText(n: number): string {
  const units: Array<[number, string]> = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [size, unit] of units) if (n >= size && n % size === 0) return `${n} bytes (${n / size} ${unit})`;
  return `${n} bytes`;
}
