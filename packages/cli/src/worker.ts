// The worker-thread side of the CLI (dist/cli-worker.js, run by piscina): one file per task.
// Errors travel back as { error } so that the main thread can tell a file's problem
// (FileError: shown as is) from a bug (shown with its stack).
import { FileError } from './decode.js';
import { type FileJob, type FileResult, processFile } from './file-job.js';

export type WorkerReply = { ok: true; result: FileResult } | { ok: false; message: string; expected: boolean };

export default async function run(job: FileJob): Promise<WorkerReply> {
  try {
    return { ok: true, result: await processFile(job) };
  } catch (error) {
    const expected = error instanceof FileError;
    return { ok: false, message: expected ? (error as Error).message : String((error as Error)?.stack ?? error), expected };
  }
}
