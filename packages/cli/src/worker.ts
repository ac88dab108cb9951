// The worker-thread side of the CLI (dist/cli-worker.js, run by piscina): one file per task.
// Errors travel back as { error } so that the main thread can tell a file's problem
// (FileError: shown as is) from a bug (shown with its stack). When the main thread shows
// a progress bar it passes a MessagePort: the file's progress is posted there, at most
// every 100 ms (and at each change of stage), so that reporting costs nothing measurable.
import type { MessagePort } from 'node:worker_threads';
import { FileError } from './decode.js';
import { type FileJob, type FileProgress, type FileResult, processFile } from './file-job.js';

export type WorkerReply = { ok: true; result: FileResult } | { ok: false; message: string; expected: boolean };

export interface WorkerTask {
  job: FileJob;
  progress?: MessagePort;
}

const reportEvery = 100; // ms

function reporter(port: MessagePort): (progress: FileProgress) => void {
  let lastTime = -Infinity;
  let lastStage = '';
  return (progress) => {
    const now = performance.now();
    if (progress.stage === lastStage && now - lastTime < reportEvery) return;
    lastTime = now;
    lastStage = progress.stage;
    port.postMessage(progress);
  };
}

export default async function run({ job, progress }: WorkerTask): Promise<WorkerReply> {
  try {
    return { ok: true, result: await processFile(job, progress && reporter(progress)) };
  } catch (error) {
    const expected = error instanceof FileError;
    return {
      ok: false,
      message: expected ? (error as Error).message : String((error as Error)?.stack ?? error),
      expected,
    };
  } finally {
    progress?.close();
  }
}
