// A file's bytes read where they are needed: from an open file (a WAV's samples are
// read a block at a time, so that a long file never sits in memory whole) or from
// bytes already in memory.
import { readSync } from 'node:fs';
import { FileError } from './decode-error.js';

export interface ByteSource {
  /** Bytes in the file. */
  readonly size: number;
  /** Fills `target` with the bytes from `at`; a file that ends first fails. */
  readInto(at: number, target: Uint8Array): void;
}

export function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    readInto(at, target) {
      for (let filled = 0; filled < target.length; ) {
        let read: number;
        try {
          read = readSync(fd, target, filled, target.length - filled, at + filled);
        } catch (error) {
          throw new FileError(`cannot read it (${(error as NodeJS.ErrnoException).code})`);
        }
        if (read === 0)
          throw new FileError(`the file ended at byte ${at + filled}, before the ${size} bytes it had when opened`);
        filled += read;
      }
    },
  };
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    readInto(at, target) {
      if (at + target.length > bytes.length) throw new FileError(`the file ended at byte ${bytes.length}`);
      target.set(bytes.subarray(at, at + target.length));
    },
  };
}

/** `length` bytes from `at` (fewer at the end of the file). */
export function readBytes(source: ByteSource, at: number, length: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(0, Math.min(length, source.size - at)));
  source.readInto(at, bytes);
  return bytes;
}
