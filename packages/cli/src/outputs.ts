// Where a file's results go, and how they get there without ever leaving a half-written
// file or half of one input's outputs. A worker writes each output under a temporary name
// (writeTemporaries); that name follows from the output's (temporaryPath), so the main
// thread knows it before the file is opened and can remove it whatever becomes of the
// worker. The main thread then puts all of one input's outputs in place, or none of them
// (commitOutputs).
import { constants, copyFileSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';

export type OutputFormat = 'npy' | 'json' | 'png';
export const outputFormats: readonly OutputFormat[] = ['npy', 'json', 'png'];

/**
 * Each input's outputs, per format: out/<name without its extension>.<format>, or, for
 * inputs whose names differ only in their extension (X.mp3 and X.flac), the whole name
 * (out/X.mp3.npy, out/X.flac.npy), so that neither replaces the other.
 */
export function outputPaths(
  inputs: readonly string[],
  outDir: string,
  formats: readonly OutputFormat[],
): Map<string, string[]> {
  const stem = (input: string) => basename(input, extname(input));
  // The files (not the spellings: a.wav and ./a.wav are one file) that share each stem.
  const filesByStem = new Map<string, Set<string>>();
  for (const input of inputs) {
    const files = filesByStem.get(stem(input)) ?? new Set<string>();
    filesByStem.set(stem(input), files.add(resolve(input)));
  }
  const outputs = new Map<string, string[]>();
  for (const input of inputs) {
    const name = (filesByStem.get(stem(input))?.size ?? 0) > 1 ? basename(input) : stem(input);
    outputs.set(
      input,
      formats.map((format) => join(outDir, `${name}.${format}`)),
    );
  }
  return outputs;
}

/**
 * An output's name while it is written: next to it (one file system, so that link and
 * rename work) and unique to this process (planJobs gives every input its own outputs).
 */
export function temporaryPath(output: string): string {
  return `${output}.melspec-${process.pid}.partial`;
}

/** Where commitOutputs keeps the file that an output replaces (--force) until that input's outputs are all in place. */
function previousPath(output: string): string {
  return `${output}.melspec-${process.pid}.previous.partial`;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException)?.code;

const errnoWords: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOENT: 'its folder is gone',
  EIO: 'input/output error',
  EFBIG: 'file too large',
};

/** "no space left on device (ENOSPC)" */
export function errnoText(error: unknown): string {
  const code = errorCode(error);
  if (!code) return (error as Error)?.message ?? String(error);
  return errnoWords[code] ? `${errnoWords[code]} (${code})` : code;
}

/** "cannot write out/a.npy: no space left on device (ENOSPC)" */
export const cannotWrite = (path: string, error: unknown): string => `cannot write ${path}: ${errnoText(error)}`;

/** Best effort: a file that cannot be removed (its file system went read-only...) is left. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing more can be done for it here
  }
}

/** Removes the temporaries of these outputs, wherever their writing had got to. */
export function removeTemporaries(outputs: readonly string[]): void {
  for (const output of outputs) removeQuietly(temporaryPath(output));
}

/**
 * Writes each output to its temporary name (worker side). On failure (ENOSPC...) removes
 * every temporary it has opened, the failing one included, and throws "cannot write ...".
 */
export function writeTemporaries(files: readonly { path: string; bytes: Uint8Array | string }[]): void {
  const opened: string[] = [];
  try {
    for (const { path, bytes } of files) {
      const temporary = temporaryPath(path);
      // Recorded before it is opened: a write that fails half-way still leaves the file.
      opened.push(temporary);
      try {
        writeFileSync(temporary, bytes);
      } catch (error) {
        throw new Error(cannotWrite(path, error));
      }
    }
  } catch (error) {
    for (const temporary of opened) removeQuietly(temporary);
    throw error;
  }
}

/** Gives the temporary its final name unless that name exists: a hard link (or, where there are none, an exclusive copy). */
function placeExclusively(temporary: string, output: string): void {
  try {
    linkSync(temporary, output);
  } catch (error) {
    // File systems without hard links (FAT, some network ones) say EPERM or ENOTSUP.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes(errorCode(error) ?? '')) throw error;
    try {
      copyFileSync(temporary, output, constants.COPYFILE_EXCL);
    } catch (copyError) {
      // A copy that failed half-way (ENOSPC) made the file: it is ours to remove; one that existed is not.
      if (errorCode(copyError) !== 'EEXIST') removeQuietly(output);
      throw copyError;
    }
  }
}

/** Keeps the file that `output` names (if any) under previousPath, as a hard link; false when there is none or it cannot be kept. */
function keepPrevious(output: string): boolean {
  removeQuietly(previousPath(output));
  try {
    linkSync(output, previousPath(output));
    return true;
  } catch {
    // ENOENT: nothing to replace; EPERM (no hard links, or a directory): replaced without a way back.
    return false;
  }
}

/**
 * Puts one input's outputs in place from their temporaries (main thread), all or none:
 * without `force` each final name is created exclusively, so an output that appeared
 * during the run is never replaced; if any output cannot be placed, those already placed
 * for this input are removed again (or, with `force`, the files they replaced are put
 * back), and the error says which output and why.
 */
export function commitOutputs(outputs: readonly string[], force: boolean): void {
  const placed: { output: string; previous: boolean }[] = [];
  let current = '';
  try {
    for (const output of outputs) {
      current = output;
      if (force) {
        const previous = keepPrevious(output);
        renameSync(temporaryPath(output), output);
        placed.push({ output, previous });
      } else {
        placeExclusively(temporaryPath(output), output);
        placed.push({ output, previous: false });
      }
    }
  } catch (error) {
    for (const { output, previous } of placed.reverse()) {
      try {
        if (previous) renameSync(previousPath(output), output);
        else rmSync(output, { force: true });
      } catch {
        // best effort: the error below still fails this input
      }
    }
    throw new Error(
      errorCode(error) === 'EEXIST'
        ? `${current} already exists (use --force to overwrite)`
        : cannotWrite(current, error),
    );
  } finally {
    removeTemporaries(outputs);
    if (force) for (const output of outputs) removeQuietly(previousPath(output));
  }
}
