// Where a file's results go, and writing them so that a failure never leaves a
// half-written file: each output is written to a temporary name, then renamed.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

export type OutputFormat = 'npy' | 'json' | 'png';
export const outputFormats: readonly OutputFormat[] = ['npy', 'json', 'png'];

/** out/<input name without its extension>.<format>, per format. */
export function outputPaths(input: string, outDir: string, formats: readonly OutputFormat[]): string[] {
  const stem = basename(input, extname(input));
  return formats.map((format) => join(outDir, `${stem}.${format}`));
}

/** Writes every output, or none of those not yet written when one fails. */
export function writeOutputs(files: { path: string; bytes: Uint8Array | string }[], force: boolean): void {
  const temporaries: string[] = [];
  try {
    for (const { path, bytes } of files) {
      const temporary = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.partial`;
      writeFileSync(temporary, bytes);
      temporaries.push(temporary);
    }
    files.forEach(({ path }, i) => {
      // Checked again here: another process may have written it since the run began.
      if (!force && existsSync(path)) throw new Error(`${path} already exists (use --force to overwrite)`);
      renameSync(temporaries[i], path);
      temporaries[i] = '';
    });
  } finally {
    for (const temporary of temporaries) if (temporary) rmSync(temporary, { force: true });
  }
}
