// How the CLI ends early. On SIGINT or SIGTERM, or when the reader of its output goes
// away (EPIPE: `melspec *.wav -o out | head -1`), it runs the registered clean-ups (stop
// the workers, remove their temporary files), then exits with the shell's code for that
// signal, 128 + its number: 130 (SIGINT), 143 (SIGTERM), 141 (SIGPIPE, quietly, as a
// program killed by SIGPIPE would end; Node ignores that signal and reports EPIPE instead).

type CleanUp = () => Promise<void>;

const cleanUps = new Set<CleanUp>();
let ending = false;

/** Whether the CLI is ending early: no more results are reported. */
export const isEnding = (): boolean => ending;

/** Registers a clean-up to run (and be awaited) before an early exit; returns its removal. */
export function onEarlyExit(cleanUp: CleanUp): () => void {
  cleanUps.add(cleanUp);
  return () => cleanUps.delete(cleanUp);
}

async function endEarly(code: number, message: string | null): Promise<void> {
  if (ending) return; // a second signal while cleaning up: the clean-up is already under way
  ending = true;
  process.exitCode = code;
  await Promise.allSettled([...cleanUps].map((cleanUp) => cleanUp()));
  if (message) {
    try {
      process.stderr.write(`${message}\n`);
    } catch {
      // stderr is gone too
    }
  }
  process.exit(code);
}

const afterSignal = 'the files reported done are complete, the others were not written';

/** Installs the handlers: once, before any work. */
export function handleEarlyExits(): void {
  process.on('SIGINT', () => void endEarly(130, `melspec: interrupted (SIGINT); ${afterSignal}`));
  process.on('SIGTERM', () => void endEarly(143, `melspec: terminated (SIGTERM); ${afterSignal}`));
  for (const stream of [process.stdout, process.stderr]) {
    // Without a listener, a write to a closed pipe is an uncaught 'error' event: a crash with a stack trace.
    stream.on('error', (error: NodeJS.ErrnoException) => void endEarly(error.code === 'EPIPE' ? 141 : 1, null));
  }
}
