// The checks that make a bad command fail before any file is read (exit code 2):
// flag values that the resampler or a preset would refuse for every file, an output
// folder that cannot be written, and an output that would replace an input.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import type { PresetName } from 'melspec-wasm';
import { resampleRange } from './resample.js';
import { errnoText } from './outputs.js';
import { fixedSampleRate } from './preset-flags.js';

/** Bad flags or options: the run stops before any file is read (exit code 2). */
export class UsageError extends Error {}

export function checkFlagValues(flags: {
  preset: PresetName;
  sampleRate?: number;
  threads?: number;
  channel?: number;
  outDir: string;
}): void {
  const { sampleRate, preset } = flags;
  // '-' means standard output to most tools; here it would quietly make a folder named '-'.
  if (flags.outDir === '-') {
    throw new UsageError(
      "--out-dir -: the outputs are files (one per input and format), not a stream to standard output; name a folder (./- for one named '-')",
    );
  }
  if (sampleRate !== undefined) {
    // The resampler's range (resample.ts), checked before any file is read.
    const { minRate, maxRate } = resampleRange;
    if (sampleRate < minRate || sampleRate > maxRate) {
      throw new UsageError(
        `--sample-rate: expected ${minRate} to ${maxRate} Hz (the resampler's range), got ${sampleRate}`,
      );
    }
    const fixedRate = fixedSampleRate[preset];
    if (fixedRate !== null && sampleRate !== fixedRate) {
      throw new UsageError(
        `--sample-rate: the ${preset} preset works at ${fixedRate} Hz only (files are resampled to it)`,
      );
    }
  }
  if (flags.threads !== undefined && flags.threads < 1) throw new UsageError('--threads: expected 1 or more');
  if (flags.channel !== undefined && flags.channel < 0)
    throw new UsageError('--channel: expected 0 (the first channel) or more');
}

function fileIdentity(path: string): string | null {
  try {
    // Follows symlinks: a link to an input is that input.
    const stat = statSync(path, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null; // missing (a missing input is that file's error, later) or unreadable
  }
}

/**
 * No output may be an input (the same file: by device and inode, so also through a
 * symlink, a symlinked --out-dir or a hard link), even with --force.
 */
export function checkNoInputReplaced(inputs: readonly string[], outputsOf: ReadonlyMap<string, string[]>): void {
  const inputsByIdentity = new Map<string, string>();
  for (const input of inputs) {
    const identity = fileIdentity(input);
    if (identity && !inputsByIdentity.has(identity)) inputsByIdentity.set(identity, input);
  }
  if (inputsByIdentity.size === 0) return;
  for (const input of inputs) {
    for (const output of outputsOf.get(input) ?? []) {
      const identity = fileIdentity(output);
      const replaced = identity && inputsByIdentity.get(identity);
      if (replaced) {
        throw new UsageError(
          `the output ${output} is the input ${replaced}${output === replaced ? '' : ' (the same file)'}: an output never replaces an input, even with --force; choose another --out-dir or --format`,
        );
      }
    }
  }
}

/** Creates --out-dir if missing and checks that files can be made in it (a read-only file system fails here, not per file). */
export function prepareOutDir(outDir: string): void {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out-dir ${outDir}: cannot create it: ${errnoText(error)}`);
  }
  try {
    accessSync(outDir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`--out-dir ${outDir}: cannot write there: ${errnoText(error)}`);
  }
}
