// Runs the planned files on worker threads (piscina), one file per task, and
// reports: a progress bar on a terminal, one line per file when piped, and at
// the end every file that failed, with its problem.
import { cpus } from 'node:os';
import { SingleBar } from 'cli-progress';
import { Piscina } from 'piscina';
import type { FileJob, FileResult } from './file-job.js';
import type { FailedInput } from './plan.js';
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
    const stop = () => {
      bar?.stop();
      void pool.destroy();
      process.stderr.write('melspec: interrupted; the files already finished are complete, the others were not written\n');
      process.exit(130);
    };
    process.once('SIGINT', stop);
    try {
      await Promise.all(
        jobs.map(async (job) => {
          try {
            const reply = await pool.run(job);
            if (reply.ok) finish({ result: reply.result });
            else finish({ failure: { input: job.input, message: reply.expected ? reply.message : `internal error: ${reply.message}` } });
          } catch (error) {
            // The worker itself died (out of memory...): this file fails, the pool replaces the thread.
            finish({ failure: { input: job.input, message: `worker failed: ${(error as Error).message}` } });
          }
        }),
      );
    } finally {
      process.off('SIGINT', stop);
      await pool.destroy();
    }
  }
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
