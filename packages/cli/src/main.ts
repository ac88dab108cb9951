// `melspec`: audio files to mel spectrograms (.npy, JSON, PNG) from the command line.
// This file parses the flags, checks the options once, plans every output, then
// hands one file per task to worker threads (worker.ts) and reports.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MelSpectrogram, type PresetName, isMelSpectrogramError } from 'melspec-wasm';
import type { FileJob } from './file-job.js';
import { type OutputFormat, outputFormats, outputPaths } from './outputs.js';
import { planJobs } from './plan.js';
import { type CommonFlag, flagNames, fixedSampleRate, presetOptionsAt, presetParameters } from './preset-flags.js';
import { runJobs } from './run-jobs.js';
import { conceptOf, presetOptionNames, unknownNameHint } from './option-hints.js';
import { handleEarlyExits, isEnding } from './shutdown.js';
import { raiseWasmTieringBudget } from './wasm-tiering.js';
import { UsageError, checkFlagValues, checkNoInputReplaced, prepareOutDir } from './usage-checks.js';

const presetNames: readonly PresetName[] = ['keras', 'torchaudio', 'librosa', 'whisper'];

function numberFlag(integer: boolean) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'}, got '${text}'`);
    }
    return value;
  };
}

/** --set name=value: the value as JSON when it parses (numbers, true, null, [..]), else as a string. */
function parseSetting(text: string, previous: [string, unknown][] = []): [string, unknown][] {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected name=value, got '${text}'`);
  const raw = text.slice(at + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // a bare word: 'reflect', 'slaney', ...
  }
  return [...previous, [text.slice(0, at), value]];
}

function parseFormats(text: string): OutputFormat[] {
  const formats = text.split(',').map((format) => format.trim().toLowerCase());
  for (const format of formats) {
    if (!(outputFormats as readonly string[]).includes(format)) {
      throw new InvalidArgumentError(
        `expected a comma-separated list of ${outputFormats.join(', ')}, got '${format || text}'`,
      );
    }
  }
  return [...new Set(formats as OutputFormat[])];
}

function helpText(): string {
  const rows = [['flag', ...presetNames]];
  for (const flag of Object.keys(flagNames) as CommonFlag[]) {
    rows.push([flagNames[flag], ...presetNames.map((preset) => presetParameters[preset][flag] ?? '(fixed)')]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)) + 2);
  const table = rows.map(
    (row) =>
      `  ${row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('')
        .trimEnd()}`,
  );
  return `
Presets (--preset): each reproduces one library's numbers, in its own parameter names:
  keras       keras.layers.MelSpectrogram (the default): dB, 128 bands, 2048-point FFT, hop 512
  torchaudio  torchaudio.transforms.MelSpectrogram; power, or dB with --db (AmplitudeToDB)
  librosa     librosa.feature.melspectrogram; power, or dB with --db (librosa.power_to_db)
  whisper     whisper.audio.log_mel_spectrogram: 80 (or 128) log-mel bands at 16 kHz;
              files are resampled to 16 kHz; --set pad_or_trim=true gives the model's
              30-second input (3000 frames)

The common flags set these parameters of each preset:
${table.join('\n')}
--set NAME=VALUE sets any parameter in the preset's own names (snake_case or camelCase),
e.g. --set center=false --set mel_scale=slaney (torchaudio), --set pad_or_trim=true
(whisper). VALUE is read as JSON when it parses (400, true, null), else as text.
Unknown names are an error that suggests the preset's own name (--set n_fft=400
under keras: did you mean 'fft_length'?). The library README's "Presets" section and
docs/parity.md list them all.

Sample rate: the file's own rate, except that whisper resamples to 16 kHz and
--sample-rate resamples to the rate given (libsamplerate's SRC_SINC_BEST_QUALITY,
a band-limited sinc resampler).

Input: WAV (PCM 8/16/24/32/64-bit integer, float 32/64), MP3, FLAC, Ogg Opus, Ogg Vorbis,
recognised by content, not by name. Several channels are averaged to one, or
--channel N (0 = the first) takes one.

Output, per input file: OUT_DIR/<name>.npy (<name>: the file's name without its
extension, or with it when another input differs only in it: X.mp3 -> X.mp3.npy;
float32, or float64 with --dtype float64;
shape (mel bands, frames), as MelSpectrogram.compute returns; numpy.load reads it),
<name>.json ({ shape, dtype, data, options, sample_rate, ... }), <name>.png (the
spectrogram with time and frequency axes and a colour bar). Existing files are
never overwritten without --force, and an input never, even with --force; a
file's outputs are written all or none (to temporary names, then put in place).

Files are processed in parallel (--threads, default: one per core). A file that
fails does not stop the others: every failure is listed at the end.

Exit status: 0 all files done; 1 some files failed (the others were written);
2 bad flags or options (nothing read or written); 130 SIGINT, 143 SIGTERM:
stopped, the files not reported done were not written; 141 the output was
closed (melspec ... | head), stopped quietly likewise.

Examples:
  melspec speech.wav -o out/
  melspec *.mp3 --preset whisper --set pad_or_trim=true --format npy -o features/
  melspec take.flac --preset librosa --db --mel-bins 64 --fft-length 1024 --hop-length 256
  melspec stereo.wav --channel 1 --preset torchaudio --set center=false --format png,json`;
}

function program(version: string): Command {
  return new Command('melspec')
    .description(
      'Mel spectrograms of audio files (WAV, MP3, FLAC, Ogg): .npy, JSON and PNG, with the numbers of Keras, torchaudio, librosa or Whisper.',
    )
    .usage('[options] <files...>')
    .argument('<files...>', 'audio files')
    .addOption(
      new Option('-p, --preset <name>', 'the library whose numbers to reproduce').choices(presetNames).default('keras'),
    )
    .option('-o, --out-dir <dir>', 'folder for the outputs (created if missing)', '.')
    .addOption(
      new Option('-f, --format <list>', `outputs: any of ${outputFormats.join(', ')}, comma-separated`)
        .argParser(parseFormats)
        .default(['npy', 'png'], 'npy,png'),
    )
    .option('--fft-length <n>', 'FFT size (n_fft)', numberFlag(true))
    .option('--hop-length <n>', 'samples between frames (hop_length, sequence_stride)', numberFlag(true))
    .option('--win-length <n>', 'window length (win_length, sequence_length)', numberFlag(true))
    .option('--mel-bins <n>', 'mel bands (n_mels, num_mel_bins)', numberFlag(true))
    .option('--min-freq <hz>', 'lowest band edge in Hz (f_min, fmin, min_freq)', numberFlag(false))
    .option('--max-freq <hz>', 'highest band edge in Hz (f_max, fmax, max_freq)', numberFlag(false))
    .option('--top-db <db>', 'dynamic range kept below the peak, in dB', numberFlag(false))
    .option('--db', 'output decibels (power_to_db: true)')
    .option('--no-db', 'output power (power_to_db: false)')
    .option('--sample-rate <hz>', 'resample every file to this rate first', numberFlag(true))
    .option('--set <name=value>', 'any parameter of the preset, in its own name (repeatable)', parseSetting)
    .addOption(new Option('--dtype <type>', 'computation and output precision').choices(['float32', 'float64']))
    .option('--channel <n>', 'use channel N (0 = first) instead of the mean of all channels', numberFlag(true))
    .option('--force', 'overwrite existing outputs')
    .option('-j, --threads <n>', 'worker threads (default: one per core)', numberFlag(true))
    .option('-q, --quiet', 'print nothing but errors')
    .version(version, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', helpText())
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'melspec: ')) });
}

interface Flags {
  preset: PresetName;
  outDir: string;
  format: OutputFormat[];
  sampleRate?: number;
  set?: [string, unknown][];
  dtype?: 'float32' | 'float64';
  channel?: number;
  force?: boolean;
  threads?: number;
  quiet?: boolean;
  [flag: string]: unknown;
}

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
/** Case and underscores do not count: n_mels, nMels and NMELS are one name. */
const looseName = (name: string) => name.replace(/_/g, '').toLowerCase();

interface PresetOptions {
  options: Record<string, unknown>;
  /** The flag that set each option. */
  sources: Record<string, string>;
}

/** The preset's options from the common flags and --set, checked for clashes. */
function presetOptions(flags: Flags): PresetOptions {
  const { preset } = flags;
  const options: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  for (const flag of Object.keys(flagNames) as CommonFlag[]) {
    if (flags[flag] === undefined) continue;
    const name = presetParameters[preset][flag];
    if (!name) throw new UsageError(`${flagNames[flag]}: the ${preset} preset fixes this parameter`);
    options[name] = flags[flag];
    source[name] = flagNames[flag];
  }
  if (flags.dtype) {
    options.dtype = flags.dtype;
    source.dtype = '--dtype';
  }
  const rateName = presetParameters[preset].sampleRate;
  for (const [name, value] of flags.set ?? []) {
    const camel = camelCase(name);
    if (name === 'preset') throw new UsageError('--set preset=...: use --preset');
    if (name === rateName || conceptOf(name) === 'sampleRate') {
      const fixed = fixedSampleRate[preset];
      if (fixed !== null)
        throw new UsageError(
          `--set ${name}=...: the ${preset} preset works at ${fixed} Hz (files are resampled to it)`,
        );
      const hint =
        name === rateName || (rateName !== undefined && camel === camelCase(rateName))
          ? ''
          : `did you mean '${rateName}'? (the ${preset} name for the sample rate); `;
      throw new UsageError(`--set ${name}=...: ${hint}the rate is the file's own: use --sample-rate to resample`);
    }
    const clash = Object.keys(options).find((other) => camelCase(other) === camel);
    if (clash) throw new UsageError(`--set ${name}=...: ${clash} is already set by ${source[clash]}`);
    options[name] = value;
    source[name] = `--set ${name}`;
  }
  return { options, sources: source };
}

/** Builds one MelSpectrogram from the flags so that bad options fail before any file is read. */
async function checkOptions(
  preset: PresetName,
  { options, sources }: PresetOptions,
  sampleRate: number | undefined,
): Promise<void> {
  // Without --sample-rate each file keeps its rate, unknown until it is decoded: check at
  // 384 kHz so that a band edge above a low rate's Nyquist frequency is left to that file.
  const rate = fixedSampleRate[preset] ?? sampleRate ?? 384000;
  try {
    const mel = await MelSpectrogram.create(presetOptionsAt(preset, options, rate) as never);
    mel.dispose();
  } catch (error) {
    if (!isMelSpectrogramError(error)) throw error;
    // The library's error names the option as it was given (error.option): the flag that set it.
    const { option, message } = error;
    const flag = option !== undefined && Object.hasOwn(sources, option) ? sources[option] : undefined;
    if (option !== undefined && error.code === 'ERR_MELSPEC_OPTION') {
      // An unknown --set name: maybe another preset's name for the same thing (n_fft under keras).
      const names = await presetOptionNames(preset);
      if (flag?.startsWith('--set ') && !names.some((name) => looseName(name) === looseName(option))) {
        throw new UsageError(
          `--set ${option}=...: unknown ${preset} option '${option}'; ${unknownNameHint(option, preset, names)}`,
        );
      }
    }
    throw new UsageError(`${flag ? `${flag}: ` : ''}bad options for the ${preset} preset: ${message}`);
  }
}

function packageVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  handleEarlyExits();
  const command = program(packageVersion()).exitOverride();
  let flags: Flags;
  let inputs: string[];
  try {
    command.parse(argv);
    flags = command.opts<Flags>();
    inputs = command.args;
  } catch (error) {
    const { exitCode } = error as { exitCode?: number };
    // --help and --version exit 0; commander has already printed the problem otherwise.
    return exitCode === 0 ? 0 : 2;
  }
  let jobs: FileJob[];
  let failures: { input: string; message: string }[];
  try {
    checkFlagValues(flags);
    const presetChoice = presetOptions(flags);
    await checkOptions(flags.preset, presetChoice, flags.sampleRate);
    const outputsOf = outputPaths(inputs, flags.outDir, flags.format);
    checkNoInputReplaced(inputs, outputsOf);
    prepareOutDir(flags.outDir);
    ({ jobs, failures } = planJobs(inputs, outputsOf, {
      formats: flags.format,
      preset: flags.preset,
      options: presetChoice.options,
      sampleRate: flags.sampleRate ?? null,
      channel: flags.channel ?? null,
      force: flags.force ?? false,
    }));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`melspec: ${error.message}\n`);
    return 2;
  }
  // Before the workers start (and compile resvg): only for pictures, as only resvg needs it.
  if (flags.format.includes('png')) raiseWasmTieringBudget();
  const threads = Math.min(flags.threads ?? availableParallelism(), Math.max(1, jobs.length));
  const report = await runJobs(jobs, failures, { threads, quiet: flags.quiet ?? false, inputs });
  return report.failed > 0 ? 1 : 0;
}

main(process.argv).then(
  (code) => {
    // Ending early (a signal, a closed pipe): that exit code stands.
    if (!isEnding()) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`melspec: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 3;
  },
);
