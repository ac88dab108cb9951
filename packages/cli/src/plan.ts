// Every file's outputs, decided before any work starts (outputs.ts names them, keeping
// the extension of inputs that share a name otherwise): an input whose outputs already
// exist (without --force) or would still collide with another input's (a/x.wav and
// b/x.wav) fails here, so that no run ever overwrites a result, its own or an earlier one.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileJob } from './file-job.js';

export type JobSettings = Omit<FileJob, 'input' | 'outputs'>;

export interface FailedInput {
  input: string;
  message: string;
}

export function planJobs(
  inputs: readonly string[],
  outputsOf: ReadonlyMap<string, string[]>,
  settings: JobSettings,
): { jobs: FileJob[]; failures: FailedInput[] } {
  const common = settings;
  const jobs: FileJob[] = [];
  const failures: FailedInput[] = [];
  const claimedBy = new Map<string, string>(); // absolute output path -> input
  for (const input of inputs) {
    const outputs = outputsOf.get(input) ?? [];
    const taken = outputs.find((path) => claimedBy.has(resolve(path)));
    if (taken) {
      const other = claimedBy.get(resolve(taken));
      const message =
        other === input
          ? 'given twice'
          : `its output ${taken} is also that of ${other} (rename one, or run them separately)`;
      failures.push({ input, message });
      continue;
    }
    for (const path of outputs) claimedBy.set(resolve(path), input);
    const existing = common.force ? undefined : outputs.find((path) => existsSync(path));
    if (existing) {
      failures.push({ input, message: `${existing} already exists (use --force to overwrite)` });
      continue;
    }
    jobs.push({ input, outputs, ...common });
  }
  return { jobs, failures };
}
