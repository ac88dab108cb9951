// Runs the planned files on worker threads (piscina), one file per task, puts each
// file's outputs in place when its worker is done (outputs.ts), and reports: a
// progress bar on a terminal, one line per file when piped, and at the end every
// file that failed, with its problem. Whatever ends the run (a signal, a closed
// pipe, a dead worker), no temporary file is left.
import { cpus } from 'node:os';
import { SingleBar } from 'cli-progress';
import { Piscina } from 'piscina';
import type { FileJob, FileResult } from './file-job.js';
import { commitOutputs, removeTemporaries } from './outputs.js';
import type { FailedInput } from './plan.js';
import { isEnding, onEarlyExit } from './shutdown.js';
import type { WorkerReply } from './worker.js';

export interface RunReport {
  done: FileResult[];
  failed: number;
}

const write = (stream: NodeJS.WriteStream, text: string) => stream.write(`${text}\n`);

function describeResult(result: FileResult): string {
  const resampled = result.sourceRate === result.sampleRate ? `${result.sampleRate} Hz` : `${result.sourceRate} → ${result.sampleRate} Hz`;
  return `${result.input} (${result.seconds.toFixed(2)} s, ${resampled}) → ${result.outputs.join(', ')} [${result.shape.join(' × ')}]`;
}

export async function runJobs(
  jobs: readonly FileJob[],
  planFailures: readonly FailedInput[],
  settings: { threads: number; quiet: boolean; inputs: readonly string[] },
): Promise<RunReport> {
  const failures: FailedInput[] = [...planFailures];
  const done: FileResult[] = [];
  // The bar only on a terminal: piped or redirected output gets plain lines (or nothing with --quiet).
  const bar = !settings.quiet && process.stderr.isTTY ? new SingleBar({
    stream: process.stderr,
    format: 'melspec [{bar}] {value}/{total} files | {failures} failed | {duration_formatted} elapsed, ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: false,
  }) : null;
  bar?.start(settings.inputs.length, failures.length, { failures: failures.length });
  const finish = (outcome: { result?: FileResult; failure?: FailedInput }) => {
    if (isEnding()) return;
    if (outcome.result) {
      done.push(outcome.result);
      if (!bar && !settings.quiet) write(process.stdout, describeResult(outcome.result));
    } else if (outcome.failure) failures.push(outcome.failure);
    bar?.increment(1, { failures: failures.length });
  };

  if (jobs.length > 0) {
    const pool = new Piscina<FileJob, WorkerReply>({
      filename: new URL('./cli-worker.js', import.meta.url).href,
      minThreads: settings.threads,
      maxThreads: settings.threads,
      // Each worker holds one file's audio and result at a time: no queue limit needed.
      idleTimeout: 1000,
    });
    // Jobs whose temporaries may exist: not yet answered, or answered but not yet put in place.
    const unsettled = new Set(jobs);
    let closing: Promise<void> | null = null;
    // Workers first: once destroy() has resolved none runs, so none can open a temporary after they are removed.
    const close = () => (closing ??= (async () => {
      await pool.destroy();
      for (const job of unsettled) removeTemporaries(job.outputs);
    })());
    const stopOnEarlyExit = onEarlyExit(async () => {
      bar?.stop();
      await close();
    });
    const settle = (job: FileJob, outcome: { result?: FileResult; failure?: FailedInput }) => {
      // The worker is done with this job (answered, or dead): its temporaries can go now.
      removeTemporaries(job.outputs);
      unsettled.delete(job);
      finish(outcome);
    };
    try {
      await Promise.all(
        jobs.map(async (job) => {
          let reply: WorkerReply;
          try {
            reply = await pool.run(job);
          } catch (error) {
            // Stopping: the workers are being terminated, and close() removes the temporaries once they have.
            if (closing) return;
            // The worker itself died (out of memory...): this file fails, the pool replaces the thread.
            settle(job, { failure: { input: job.input, message: `worker failed: ${(error as Error).message}` } });
            return;
          }
          if (closing) return;
          if (!reply.ok) {
            settle(job, { failure: { input: job.input, message: reply.expected ? reply.message : `internal error: ${reply.message}` } });
            return;
          }
          try {
            // On this thread, synchronously: a signal is handled before or after, never half-way through.
            commitOutputs(job.outputs, job.force);
          } catch (error) {
            settle(job, { failure: { input: job.input, message: (error as Error).message } });
            return;
          }
          settle(job, { result: reply.result });
        }),
      );
    } finally {
      stopOnEarlyExit();
      await close();
    }
  }
  if (isEnding()) return { done, failed: failures.length };
  bar?.stop();

  // Failures in the order the files were given (a file given twice: its first place).
  const place = (input: string) => settings.inputs.indexOf(input);
  failures.sort((a, b) => place(a.input) - place(b.input));
  for (const failure of failures) write(process.stderr, `melspec: ${failure.input}: ${failure.message}`);
  if (failures.length > 0) {
    write(process.stderr, `melspec: ${failures.length} of ${settings.inputs.length} files failed; ${done.length} done`);
  } else if (!settings.quiet) {
    write(bar ? process.stderr : process.stdout, `melspec: ${done.length} file${done.length === 1 ? '' : 's'} done (${settings.threads} thread${settings.threads === 1 ? '' : 's'}, ${cpus().length} cores)`);
  }
  return { done, failed: failures.length };
}
