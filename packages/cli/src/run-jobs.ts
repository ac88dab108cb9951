// Runs the planned files on worker threads (piscina), one file per task, puts each
// file's outputs in place when its worker is done (outputs.ts), and reports: a
// progress bar on a terminal (moving inside each file too: its workers post the samples
// decoded and frames computed), one line per file when piped, and at the end every
// file that failed, with its problem. Whatever ends the run (a signal, a closed
// pipe, a dead worker), no temporary file is left.
import { cpus } from 'node:os';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { SingleBar } from 'cli-progress';
import { Piscina } from 'piscina';
import type { FileJob, FileProgress, FileResult } from './file-job.js';
import { commitOutputs, removeTemporaries } from './outputs.js';
import type { FailedInput } from './plan.js';
import { isEnding, onEarlyExit } from './shutdown.js';
import type { WorkerReply, WorkerTask } from './worker.js';

export interface RunReport {
  done: FileResult[];
  failed: number;
}

const write = (stream: NodeJS.WriteStream, text: string) => stream.write(`${text}\n`);

/** "42.0 s", "12.5 min" */
const duration = (seconds: number) => (seconds < 60 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`);

function describeResult(result: FileResult): string {
  const resampled =
    result.sourceRate === result.sampleRate
      ? `${result.sampleRate} Hz`
      : `${result.sourceRate} → ${result.sampleRate} Hz`;
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
  const bar =
    !settings.quiet && process.stderr.isTTY
      ? new SingleBar({
          stream: process.stderr,
          format:
            'melspec [{bar}] {files}, {percentage} % ({audio}) | {failures} failed | {duration_formatted} elapsed, ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: false,
        })
      : null;
  const total = settings.inputs.length;
  // Files in progress: how far each has got (from its worker).
  const running = new Map<FileJob, FileProgress>();
  let finished = failures.length;
  const barState = () => {
    let value = finished;
    let seconds = 0;
    let secondsDone = done.reduce((sum, result) => sum + result.seconds, 0);
    for (const progress of running.values()) {
      value += progress.fraction;
      seconds += progress.seconds ?? 0;
      secondsDone += (progress.seconds ?? 0) * progress.fraction;
    }
    seconds += done.reduce((sum, result) => sum + result.seconds, 0);
    const [only] = running.size === 1 ? running.values() : [];
    let audio = seconds === 0 ? 'starting' : `${duration(secondsDone)} of ${duration(seconds)} audio`;
    if (only?.seconds) {
      // One file at work: how far its current stage has got through its audio.
      const stageDone = { decoding: only.fraction * 2, resampling: 0, computing: only.fraction * 2 - 1, writing: 1 }[
        only.stage
      ];
      audio = `${only.stage} ${duration(stageDone * only.seconds)} of ${duration(only.seconds)} audio`;
    }
    const files = total === 1 ? '1 file' : `${finished}/${total} files`;
    return { value, payload: { files, audio, failures: failures.length } };
  };
  const redraw = () => {
    const { value, payload } = barState();
    bar?.update(value, payload);
  };
  if (bar) {
    const { value, payload } = barState();
    bar.start(total, value, payload);
  }
  const finish = (outcome: { result?: FileResult; failure?: FailedInput }) => {
    if (isEnding()) return;
    if (outcome.result) {
      done.push(outcome.result);
      if (!bar && !settings.quiet) write(process.stdout, describeResult(outcome.result));
    } else if (outcome.failure) failures.push(outcome.failure);
    finished += 1;
    redraw();
  };

  if (jobs.length > 0) {
    const pool = new Piscina<WorkerTask, WorkerReply>({
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
    const close = () =>
      (closing ??= (async () => {
        await pool.destroy();
        for (const job of unsettled) removeTemporaries(job.outputs);
      })());
    // piscina reports a worker's answer that arrives after destroy() gave its task up (the worker
    // finished a file while being stopped: `melspec *.wav | head -1`) as an 'error' event. With no
    // listener that was an uncaught exception: exit 1 instead of 141, before close() had removed the
    // temporaries. While closing it means nothing; otherwise it is an internal error, thrown once
    // the jobs have settled and the temporaries are gone.
    let poolError: unknown = null;
    pool.on('error', (error: unknown) => {
      if (!closing) poolError ??= error;
    });
    const stopOnEarlyExit = onEarlyExit(async () => {
      bar?.stop();
      await close();
    });
    const settle = (job: FileJob, outcome: { result?: FileResult; failure?: FailedInput }) => {
      // The worker is done with this job (answered, or dead): its temporaries can go now.
      removeTemporaries(job.outputs);
      unsettled.delete(job);
      running.delete(job);
      finish(outcome);
    };
    /** The task for a job: with a port for its progress when there is a bar to show it. */
    const run = (job: FileJob) => {
      if (!bar) return pool.run({ job });
      const { port1, port2 } = new MessageChannel();
      const show = (progress: FileProgress) => {
        if (!unsettled.has(job) || closing) return;
        running.set(job, progress);
        redraw();
        // Drawn now rather than at the bar's next tick: the workers post at most every 100 ms, and a new stage is never skipped.
        bar.render();
      };
      port1.on('message', show);
      port1.unref();
      return pool.run({ job, progress: port2 }, { transferList: [port2] }).finally(() => {
        // The result comes on piscina's port, which may be read before this one: the stages the
        // worker posted just before answering (a file computed in one call: 'computing', then
        // 'writing') are still queued here. Drawn before the job settles, none is skipped.
        for (let queued = receiveMessageOnPort(port1); queued; queued = receiveMessageOnPort(port1))
          show(queued.message as FileProgress);
        port1.close();
      });
    };
    /** One file, from its task to its outputs in place (or its failure). */
    const handle = async (job: FileJob) => {
      let reply: WorkerReply;
      try {
        reply = await run(job);
      } catch (error) {
        // Stopping: the workers are being terminated, and close() removes the temporaries once they have.
        if (closing) return;
        // The worker itself died (out of memory...): this file fails, the pool replaces the thread.
        settle(job, { failure: { input: job.input, message: `worker failed: ${(error as Error).message}` } });
        return;
      }
      if (closing) return;
      if (!reply.ok) {
        settle(job, {
          failure: {
            input: job.input,
            message: reply.expected ? reply.message : `internal error: ${reply.message}`,
          },
        });
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
    };
    // At most one file per thread handed to piscina, the next one when a file is done: files
    // start in the order given (piscina's own queue started them out of order even on one
    // thread, so `-j 1` reported take-0, take-2, take-1, ...), and stopping has no queue to drain.
    let next = 0;
    const feed = async () => {
      while (next < jobs.length && !closing) await handle(jobs[next++] as FileJob);
    };
    try {
      await Promise.all(Array.from({ length: Math.min(settings.threads, jobs.length) }, feed));
    } finally {
      stopOnEarlyExit();
      await close();
    }
    if (poolError !== null && !isEnding()) throw poolError;
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
    write(
      bar ? process.stderr : process.stdout,
      `melspec: ${done.length} file${done.length === 1 ? '' : 's'} done (${settings.threads} thread${settings.threads === 1 ? '' : 's'}, ${cpus().length} cores)`,
    );
  }
  return { done, failed: failures.length };
}
