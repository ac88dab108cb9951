// The `melspec` command end to end, on real speech (alsa-utils' Front_Center.wav)
// converted by ffmpeg to the WAV encodings, MP3, FLAC, Opus and Vorbis at test
// time: its outputs against the API, Whisper's golden case, broken and missing
// files, overwriting, flags and errors, the picture, and numpy reading the .npy.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyMelSpectrogramOptions, MelSpectrogram } from 'melspec-wasm';
import { PNG } from 'pngjs';
import { readFloat32, tolerances } from './helpers/preset-golden';
import {
  cliPath,
  debianPython,
  haveNumpy,
  makeInputs,
  maxDifference,
  readNpy,
  readPcm16,
  repo,
  runCli,
  speechWav,
  writeFloatWav,
} from './helpers/cli-inputs';

const work = join(repo, 'build', 'test-output', 'cli');
let inputs: Record<string, string>;
let speech: Float32Array;
let outCount = 0;
/** A fresh output folder per test. */
const outDir = (name: string) => join(work, 'out', `${++outCount}-${name}`);
const stem = (path: string) =>
  path
    .split('/')
    .pop()!
    .replace(/\.[^.]+$/, '');

/** The API's result on the same samples: what the CLI must write. */
async function apiResult(samples: Float32Array | Float64Array, options: Record<string, unknown>) {
  const mel = await MelSpectrogram.create(options as AnyMelSpectrogramOptions);
  try {
    const { data, shape } = mel.compute(samples) as { data: Float32Array | Float64Array; shape: number[] };
    return { data: data.slice(), shape };
  } finally {
    mel.dispose();
  }
}

beforeAll(() => {
  expect(existsSync(cliPath)).toBe(true);
  rmSync(join(work, 'out'), { recursive: true, force: true });
  inputs = makeInputs(join(work, 'inputs'));
  speech = readPcm16(speechWav).samples;
  expect(speech.length).toBe(68545);
});

describe('lossless inputs give exactly the API result', () => {
  test.each(['s16', 's24', 's32', 'f32', 'f64', 'flac', 'flac24', 'f32x2', 's24x3'])('%s', async (key) => {
    const out = outDir(key);
    const run = runCli([inputs[key], '-o', out, '-f', 'npy']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const npy = readNpy(join(out, `${stem(inputs[key])}.npy`));
    const expected = await apiResult(speech, { sampling_rate: 48000 });
    expect(npy.dtype).toBe('f4');
    expect(npy.shape).toEqual([128, 134]);
    expect(npy.shape).toEqual(expected.shape);
    // The same float32 samples reach the same engine: bit-identical.
    expect(maxDifference(npy.data, expected.data)).toBe(0);
  });

  test('8-bit unsigned PCM is read as (x - 128) / 128', async () => {
    const out = outDir('u8');
    expect(runCli([inputs.u8, '-o', out, '-f', 'npy']).status).toBe(0);
    // ffmpeg's s16 -> u8 keeps the top byte: floor(x / 256) + 128.
    const quantised = speech.map((x) => Math.floor((x * 32768) / 256) / 128);
    const expected = await apiResult(quantised, { sampling_rate: 48000 });
    expect(maxDifference(readNpy(join(out, 'speech_u8.npy')).data, expected.data)).toBe(0);
  });

  test('µ-law WAV decodes to the speech within its companding noise', async () => {
    const out = outDir('mulaw');
    expect(runCli([inputs.mulaw, '-o', out, '-f', 'npy']).status).toBe(0);
    const npy = readNpy(join(out, 'speech_mulaw.npy'));
    const expected = await apiResult(speech, { sampling_rate: 48000 });
    expect(npy.shape).toEqual(expected.shape);
    expect(meanLoudDifference(npy.data, expected.data)).toBeLessThan(1.5);
  });
});

/** Mean |Δ| in dB over the cells within 40 dB of the reference's peak (lossy codecs drop the quiet rest). */
function meanLoudDifference(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  let peak = -Infinity;
  for (let i = 0; i < reference.length; i++) peak = Math.max(peak, reference[i]);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] < peak - 40) continue;
    sum += Math.abs(actual[i] - reference[i]);
    count++;
  }
  expect(count).toBeGreaterThan(1000);
  return sum / count;
}

describe('lossy inputs (MP3, Ogg Opus, Ogg Vorbis) decode to the speech', () => {
  // Measured mean |Δ| over the loud cells: MP3 128k 0.46 dB, Opus 96k 0.30 dB, Vorbis q6 0.41 dB.
  test.each([
    ['mp3', 1.0],
    ['opus', 1.0],
    ['vorbis', 1.0],
  ])('%s', async (key, tolerance) => {
    const out = outDir(key);
    const run = runCli([inputs[key], '-o', out, '-f', 'npy']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const npy = readNpy(join(out, `${stem(inputs[key])}.npy`));
    expect(npy.shape[0]).toBe(128);
    const frames = npy.shape[1];
    expect(Math.abs(frames - 134)).toBeLessThanOrEqual(3);
    const expected = await apiResult(speech, { sampling_rate: 48000 });
    // Compare the frames both have.
    const common = Math.min(frames, 134);
    const pick = (data: ArrayLike<number>, width: number) =>
      Float32Array.from({ length: 128 * common }, (_, i) => data[Math.floor(i / common) * width + (i % common)]);
    const difference = meanLoudDifference(pick(npy.data, frames), pick(expected.data, 134));
    console.log(`${key}: mean |Δ| over loud cells ${difference.toFixed(3)} dB, ${frames} frames`);
    expect(difference).toBeLessThan(tolerance);
  });
});

describe('channels', () => {
  test('the mean of the channels by default, or --channel N', async () => {
    const base = outDir('stereo');
    expect(runCli([inputs.stereo, '-o', join(base, 'mean'), '-f', 'npy']).status).toBe(0);
    expect(runCli([inputs.stereo, '-o', join(base, 'left'), '-f', 'npy', '--channel', '0']).status).toBe(0);
    expect(runCli([inputs.stereo, '-o', join(base, 'right'), '-f', 'npy', '--channel', '1']).status).toBe(0);
    const read = (which: string) => readNpy(join(base, which, 'speech_stereo.npy')).data;
    expect(
      maxDifference(
        read('mean'),
        (
          await apiResult(
            speech.map((x) => x / 2),
            { sampling_rate: 48000 },
          )
        ).data,
      ),
    ).toBe(0);
    expect(maxDifference(read('left'), (await apiResult(speech, { sampling_rate: 48000 })).data)).toBe(0);
    expect(
      maxDifference(read('right'), (await apiResult(new Float32Array(speech.length), { sampling_rate: 48000 })).data),
    ).toBe(0);
  });

  test('a channel the file does not have is that file’s error', () => {
    const run = runCli([inputs.stereo, inputs.s16, '-o', outDir('channel2'), '-f', 'npy', '--channel', '2']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${inputs.stereo}: --channel 2: the file has channels 0 to 1`);
    expect(run.stderr).toContain(`${inputs.s16}: --channel 2: the file has channel 0 only`);
  });
});

describe('presets', () => {
  test('whisper on 16 kHz audio matches the golden case of openai/whisper', () => {
    // wh80_speech's input is this recording resampled to 16 kHz by scipy: no resampling here.
    const wav = join(work, 'inputs', 'wh80_speech_16k.wav');
    writeFloatWav(wav, readFloat32('whisper', 'wh80_speech.in.bin'), 16000);
    const out = outDir('whisper16k');
    const run = runCli([wav, '-p', 'whisper', '-o', out, '-f', 'npy,json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('16000 Hz');
    expect(run.stdout).not.toContain('→ 16000 Hz');
    const npy = readNpy(join(out, 'wh80_speech_16k.npy'));
    expect(npy.shape).toEqual([80, 142]);
    expect(maxDifference(npy.data, readFloat32('whisper', 'wh80_speech.out.bin'))).toBeLessThanOrEqual(
      tolerances.whisper.log,
    );
  });

  test('whisper resamples 48 kHz audio to 16 kHz (libsamplerate against scipy resample_poly)', () => {
    const out = outDir('whisper48k');
    const run = runCli([speechWav, '-p', 'whisper', '-o', out, '-f', 'npy,json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('48000 → 16000 Hz');
    const npy = readNpy(join(out, 'Front_Center.npy'));
    const reference = readFloat32('whisper', 'wh80_speech.out.bin');
    expect(npy.shape).toEqual([80, 142]);
    // The two resamplers differ in their anti-aliasing transition band only: bands 0-75
    // (up to 7.2 kHz) agree within 1.2e-3 (0.05 dB) measured, the top four bands (7.6-8 kHz,
    // where scipy's Kaiser filter keeps more than libsamplerate's) within 0.25.
    let low = 0;
    let all = 0;
    let sum = 0;
    for (let band = 0; band < 80; band++) {
      for (let frame = 0; frame < 142; frame++) {
        const difference = Math.abs(npy.data[band * 142 + frame] - reference[band * 142 + frame]);
        if (band < 76) low = Math.max(low, difference);
        all = Math.max(all, difference);
        sum += difference;
      }
    }
    console.log(
      `whisper 48k -> 16k: bands 0-75 max |Δ| ${low.toExponential(2)}, all bands ${all.toFixed(3)}, mean ${(sum / (80 * 142)).toExponential(2)}`,
    );
    expect(low).toBeLessThan(2e-3);
    expect(all).toBeLessThan(0.3);
    expect(sum / (80 * 142)).toBeLessThan(2e-3);
    const json = JSON.parse(readFileSync(join(out, 'Front_Center.json'), 'utf8'));
    expect(json).toMatchObject({
      preset: 'whisper',
      source_sample_rate: 48000,
      sample_rate: 16000,
      shape: [80, 142],
      dtype: 'float32',
    });
  });

  test('--set pad_or_trim=true gives Whisper’s 3000 frames', () => {
    const out = outDir('whisperpad');
    expect(runCli([speechWav, '-p', 'whisper', '--set', 'pad_or_trim=true', '-o', out, '-f', 'npy']).status).toBe(0);
    expect(readNpy(join(out, 'Front_Center.npy')).shape).toEqual([80, 3000]);
  });

  test('librosa flags map to librosa parameters, in float64', async () => {
    const out = outDir('librosa');
    const flags = [
      '-p',
      'librosa',
      '--db',
      '--mel-bins',
      '64',
      '--fft-length',
      '1024',
      '--hop-length',
      '256',
      '--dtype',
      'float64',
      '--set',
      'fmax=12000',
    ];
    expect(runCli([speechWav, ...flags, '-o', out, '-f', 'npy']).status).toBe(0);
    const npy = readNpy(join(out, 'Front_Center.npy'));
    expect(npy.dtype).toBe('f8');
    const options = {
      preset: 'librosa',
      sr: 48000,
      power_to_db: true,
      n_mels: 64,
      n_fft: 1024,
      hop_length: 256,
      dtype: 'float64',
      fmax: 12000,
    };
    const expected = await apiResult(Float64Array.from(speech), options);
    expect(npy.shape).toEqual(expected.shape);
    expect(npy.shape[0]).toBe(64);
    expect(maxDifference(npy.data, expected.data)).toBe(0);
  });

  test('torchaudio with --set center=false and --sample-rate resampling', async () => {
    const out = outDir('torchaudio');
    const run = runCli([
      speechWav,
      '-p',
      'torchaudio',
      '--set',
      'center=false',
      '--sample-rate',
      '16000',
      '-o',
      out,
      '-f',
      'json',
    ]);
    expect(run.status).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'Front_Center.json'), 'utf8'));
    expect(json.options).toMatchObject({ preset: 'torchaudio', center: false, sample_rate: 16000, n_fft: 400 });
    expect(json.source_sample_rate).toBe(48000);
    // torchaudio without centring: 1 + floor((n - 400) / 200) frames of the resampled length.
    const samples = Math.round((68545 * 16000) / 48000);
    expect(json.shape[0]).toBe(128);
    expect(Math.abs(json.shape[1] - (1 + Math.floor((samples - 400) / 200)))).toBeLessThanOrEqual(1);
    // Power (torchaudio's default), so positive values.
    expect(Math.min(...json.data)).toBeGreaterThanOrEqual(0);
    expect(json.data.length).toBe(json.shape[0] * json.shape[1]);
    // The values: the API on scipy's 16 kHz resampling of this recording (the Whisper fixture's
    // input) agrees within 0.03 dB (measured) over the loud cells of bands 0-111 (up to 6.6 kHz;
    // above, the resamplers' anti-aliasing filters differ, as in the Whisper test above).
    const expected = await apiResult(readFloat32('whisper', 'wh80_speech.in.bin'), {
      preset: 'torchaudio',
      center: false,
    });
    const [frames, expectedFrames] = [json.shape[1], expected.shape[1]];
    expect(Math.abs(frames - expectedFrames)).toBeLessThanOrEqual(1);
    const peak = Math.max(...expected.data);
    let worst = 0;
    let compared = 0;
    for (let band = 0; band < 112; band++) {
      for (let t = 0; t < Math.min(frames, expectedFrames); t++) {
        const reference = expected.data[band * expectedFrames + t];
        if (reference < peak * 1e-4) continue; // within 40 dB of the peak
        worst = Math.max(worst, Math.abs(10 * Math.log10(json.data[band * frames + t] / reference)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
    expect(worst).toBeLessThan(0.1);
  });
});

describe('many files, some bad', () => {
  test('the good ones are written, each bad one is reported by name, exit status 1', () => {
    const out = outDir('mixed');
    const directory = join(work, 'inputs');
    const given = [
      inputs.s16,
      inputs.corrupt,
      inputs.flac,
      inputs.missing,
      inputs.text,
      inputs.msadpcm,
      inputs.empty,
      directory,
      inputs.mp3,
    ];
    const run = runCli([...given, '-o', out, '-f', 'npy,json,png', '-j', '2']);
    expect(run.status).toBe(1);
    const errors = run.stderr.trim().split('\n');
    expect(errors).toEqual([
      `melspec: ${inputs.corrupt}: could not decode MP3 (corrupt?): ${errors[0].split('(corrupt?): ')[1]}`,
      `melspec: ${inputs.missing}: file not found`,
      `melspec: ${inputs.text}: unsupported format (not WAV, MP3, FLAC, Ogg Opus or Ogg Vorbis)`,
      `melspec: ${inputs.msadpcm}: unsupported WAV encoding (format tag 2, 4 bits); PCM 8/16/24/32/64-bit, float 32/64, µ-law, A-law and IMA ADPCM are supported`,
      `melspec: ${inputs.empty}: unsupported format (not WAV, MP3, FLAC, Ogg Opus or Ogg Vorbis)`,
      `melspec: ${directory}: is a directory, not an audio file`,
      'melspec: 6 of 9 files failed; 3 done',
    ]);
    expect(errors[0]).toMatch(/\(corrupt\?\): (an error|\d+ errors), the first after \d+ samples: /);
    // speech.flac and speech.mp3 share a name but for the extension: both keep it.
    const written = ['speech.flac', 'speech.mp3', 'speech_s16'].flatMap((name) =>
      ['json', 'npy', 'png'].map((format) => `${name}.${format}`),
    );
    expect(readdirSync(out).sort()).toEqual(written.sort());
    expect(run.stdout).toContain(`${inputs.flac} (1.43 s, 48000 Hz) → ${join(out, 'speech.flac.npy')}`);
    expect(run.stdout).toContain(`${inputs.mp3} (1.43 s, 48000 Hz) → ${join(out, 'speech.mp3.npy')}`);
    expect(run.stdout).toContain(`${inputs.s16} (1.43 s, 48000 Hz) → ${join(out, 'speech_s16.npy')}`);
  });

  test('inputs that differ only in their extension keep it in their output names; others do not', () => {
    const out = outDir('extensions');
    const run = runCli([inputs.flac, inputs.mp3, inputs.s16, inputs.flac, '-o', out, '-f', 'npy']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `melspec: ${inputs.flac}: given twice`,
      'melspec: 1 of 4 files failed; 3 done',
    ]);
    expect(readdirSync(out).sort()).toEqual(['speech.flac.npy', 'speech.mp3.npy', 'speech_s16.npy']);
    // Each under its own name: the FLAC is lossless (the WAV's result exactly), the MP3 is not.
    const wavResult = readFileSync(join(out, 'speech_s16.npy'));
    expect(readFileSync(join(out, 'speech.flac.npy')).equals(wavResult)).toBe(true);
    expect(readFileSync(join(out, 'speech.mp3.npy')).equals(wavResult)).toBe(false);
  });

  test('the same name in two folders: the later one fails, naming the other', () => {
    const out = outDir('same-name');
    const twin = join(work, 'twin');
    mkdirSync(twin, { recursive: true });
    writeFileSync(join(twin, 'speech.flac'), readFileSync(inputs.flac));
    const run = runCli([inputs.flac, join(twin, 'speech.flac'), '-o', out, '-f', 'npy']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${join(twin, 'speech.flac')}: its output ${join(out, 'speech.flac.npy')} is also that of ${inputs.flac} (rename one, or run them separately)`,
    );
    expect(readdirSync(out)).toEqual(['speech.flac.npy']);
  });

  test('-j 1 does the files in the order given, and reports them in that order', () => {
    const files = [inputs.stereo, inputs.s16, inputs.vorbis, inputs.f32, inputs.s24, inputs.flac];
    const out = outDir('in-order');
    const run = runCli([...files, '-o', out, '-f', 'npy', '-j', '1']);
    expect(run.status).toBe(0);
    const reported = run.stdout
      .split('\n')
      .filter((line) => line.includes(' → '))
      .map((line) => line.split(' (')[0]);
    expect(reported).toEqual(files);
  });

  test('results do not depend on the number of threads', () => {
    const files = [inputs.s16, inputs.s24, inputs.f32, inputs.stereo, inputs.vorbis];
    const one = outDir('threads1');
    const two = outDir('threads2');
    expect(runCli([...files, '-o', one, '-f', 'npy', '-j', '1', '-q']).status).toBe(0);
    expect(runCli([...files, '-o', two, '-f', 'npy', '-j', '2', '-q']).status).toBe(0);
    for (const name of readdirSync(one))
      expect(readFileSync(join(two, name)).equals(readFileSync(join(one, name)))).toBe(true);
    expect(readdirSync(one)).toHaveLength(5);
  });
});

describe('never overwrites without --force', () => {
  test('an existing output fails that file and is left as it was; --force rewrites', () => {
    const out = outDir('force');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'speech_s16.png'), 'mine');
    const run = runCli([inputs.s16, inputs.s24, '-o', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${inputs.s16}: ${join(out, 'speech_s16.png')} already exists (use --force to overwrite)`,
    );
    // All or nothing per file: no .npy for it either; the other file is complete.
    expect(readdirSync(out).sort()).toEqual(['speech_s16.png', 'speech_s24.npy', 'speech_s24.png']);
    expect(readFileSync(join(out, 'speech_s16.png'), 'utf8')).toBe('mine');
    const before = statSync(join(out, 'speech_s24.npy')).mtimeMs;

    const again = runCli([inputs.s24, '-o', out]);
    expect(again.status).toBe(1);
    expect(statSync(join(out, 'speech_s24.npy')).mtimeMs).toBe(before);

    const forced = runCli([inputs.s16, inputs.s24, '-o', out, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(out, 'speech_s16.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readdirSync(out).filter((name) => name.includes('partial'))).toEqual([]);
  });
});

describe('flags and usage errors', () => {
  test('--help documents every flag, preset, format and exit status', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    const flags = [
      '--preset',
      '--out-dir',
      '--format',
      '--fft-length',
      '--hop-length',
      '--win-length',
      '--mel-bins',
      '--min-freq',
      '--max-freq',
      '--top-db',
      '--db',
      '--no-db',
      '--sample-rate',
      '--set',
      '--dtype',
      '--channel',
      '--force',
      '--threads',
      '--quiet',
      '--version',
      '--help',
    ];
    for (const flag of flags) expect(run.stdout).toContain(flag);
    // Every flag in the options list is one of those above (nothing undocumented here).
    const listed = [...run.stdout.split('Presets (--preset)')[0].matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map(
      (m) => m[1],
    );
    expect(listed.sort()).toEqual([...flags].sort());
    for (const word of [
      'keras',
      'torchaudio',
      'librosa',
      'whisper',
      'npy',
      'json',
      'png',
      'MP3',
      'FLAC',
      'Ogg Opus',
      'Exit status',
      'SRC_SINC_BEST_QUALITY',
    ]) {
      expect(run.stdout).toContain(word);
    }
  });

  test('--version prints the CLI package version', () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'packages', 'cli', 'package.json'), 'utf8'));
    expect(runCli(['--version']).stdout.trim()).toBe(version);
  });

  test.each([
    [['--fft-lenght', '512'], "unknown option '--fft-lenght'"],
    [[], "missing required argument 'files'"],
    [['--fft-length', 'abc'], "'abc' is invalid. expected an integer, got 'abc'"],
    [['--preset', 'kaldi'], 'Allowed choices are keras, torchaudio, librosa, whisper'],
    [['--format', 'npy,gif'], "expected a comma-separated list of npy, json, png, got 'gif'"],
    [
      ['--mel-bins', '0'],
      'melspec: --mel-bins: bad options for the keras preset: numMelBins must be an integer from 1 to 65536, got 0',
    ],
    [['-p', 'whisper', '--fft-length', '512'], 'melspec: --fft-length: the whisper preset fixes this parameter'],
    [['-p', 'whisper', '--sample-rate', '44100'], 'the whisper preset works at 16000 Hz only'],
    [['-p', 'torchaudio', '--set', 'n_ftt=512'], "unknown torchaudio option 'n_ftt'; did you mean 'n_fft'?"],
    [
      ['-p', 'torchaudio', '--fft-length', '512', '--set', 'nFft=400'],
      'melspec: --set nFft=...: n_fft is already set by --fft-length',
    ],
    [['--set', 'sampling_rate=8000'], 'use --sample-rate to resample'],
    // Another preset's name for the same parameter: this preset's name for it.
    [
      ['--set', 'n_fft=400'],
      "melspec: --set n_fft=...: unknown keras option 'n_fft'; did you mean 'fft_length'? (the keras name for the FFT size)",
    ],
    [
      ['-p', 'torchaudio', '--set', 'sr=8000'],
      "--set sr=...: did you mean 'sample_rate'? (the torchaudio name for the sample rate); the rate is the file's own: use --sample-rate",
    ],
    [['--set', 'hop_length=100'], "did you mean 'sequence_stride'?"],
    [['--set', 'nMels=40'], "unknown keras option 'nMels'; did you mean 'num_mel_bins'?"],
    [['--set', 'n_mels=40'], "unknown keras option 'n_mels'; did you mean 'num_mel_bins'?"],
    [['--set', 'win_length=300'], "did you mean 'sequence_length'?"],
    [['--set', 'fmax=4000'], "did you mean 'max_freq'?"],
    [['-p', 'librosa', '--set', 'num_mel_bins=40'], "unknown librosa option 'num_mel_bins'; did you mean 'n_mels'?"],
    [['-p', 'librosa', '--set', 'mel_scale=htk'], "did you mean 'htk'? (the librosa name for the mel scale)"],
    [['-p', 'torchaudio', '--set', 'mag_exp=1'], "did you mean 'power'?"],
    [['-p', 'whisper', '--set', 'nfft=400'], "unknown whisper option 'nfft'; did you mean 'n_fft'?"],
    [['--set', 'htk=true'], 'the keras preset has no parameter for the mel scale (it fixes it)'],
    // A misspelling: the nearest name (edit distance), also of another preset's name.
    [['--set', 'sequence_strid=100'], "did you mean 'sequence_stride'?"],
    [['--set', 'hop_lenght=100'], "did you mean 'sequence_stride'? (the keras name for the hop between frames)"],
    [
      ['--set', 'zzz=1'],
      "unknown keras option 'zzz'; known options: fft_length, sequence_stride, sequence_length, window, sampling_rate, num_mel_bins,",
    ],
    [['--set', 'oops'], "expected name=value, got 'oops'"],
    [['--threads', '0'], '--threads: expected 1 or more'],
    [['--channel', '-1'], '--channel: expected 0 (the first channel) or more'],
    [['--min-freq', '500', '--max-freq', '100'], 'melspec: --min-freq: bad options'],
    // The library's error.option names the flag, whatever the spelling or the message's wording.
    [
      ['-p', 'torchaudio', '--set', 'nMels=0'],
      'melspec: --set nMels: bad options for the torchaudio preset: n_mels must be an integer from 1 to 65536, got 0',
    ],
    [
      ['--max-freq', '10'],
      'melspec: --max-freq: bad options for the keras preset: minFreq (20) must be below maxFreq (10)',
    ],
  ])('%j: exit 2, one message, nothing written', (flags, message) => {
    const out = outDir('usage');
    const run = runCli([...(flags.length ? [inputs.s16] : []), ...flags, '-o', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // commander may add a "Did you mean" line
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  test("--out-dir - is a usage error, not a folder named '-'", () => {
    const cwd = outDir('dash');
    mkdirSync(cwd, { recursive: true });
    const run = spawnSync(process.execPath, [cliPath, inputs.s16, '-o', '-'], {
      encoding: 'utf8',
      cwd,
      timeout: 120000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "melspec: --out-dir -: the outputs are files (one per input and format), not a stream to standard output; name a folder (./- for one named '-')\n",
    );
    expect(run.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
    // A folder named '-' is still one path away.
    const dashFolder = spawnSync(process.execPath, [cliPath, inputs.s16, '-o', './-', '-f', 'npy', '-q'], { cwd });
    expect(dashFolder.status).toBe(0);
    expect(readdirSync(join(cwd, '-'))).toEqual([`${stem(inputs.s16)}.npy`]);
  });

  test('piped output has no escape codes; --quiet prints nothing on success', () => {
    const out = outDir('piped');
    const run = runCli([inputs.s16, inputs.flac, '-o', out, '-f', 'npy']);
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('\x1b');
    expect(run.stdout.trim().split('\n')).toHaveLength(3); // one line per file, then the summary
    expect(run.stdout).toContain('melspec: 2 files done');
    const quiet = runCli([inputs.s16, '-o', out, '-f', 'json', '-q']);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
  });

  test('on a terminal, a progress bar on stderr', () => {
    // script(1) (util-linux, in every Debian) gives the CLI a pseudo-terminal.
    const out = outDir('tty');
    const command = [process.execPath, cliPath, inputs.s16, inputs.flac, inputs.missing, '-o', out, '-f', 'npy']
      .map((a) => `'${a}'`)
      .join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      cwd: repo,
      env: { ...process.env, COLUMNS: '120' },
    });
    expect(run.status).toBe(1); // the missing file
    const shown = run.stdout;
    expect(shown).toContain('\x1b[');
    expect(shown).toMatch(/melspec \[=+\] 3\/3 files, 100 % \(2\.9 s of 2\.9 s audio\) \| 1 failed/);
    expect(shown).toContain(`${inputs.missing}: file not found`);
  });

  describe('on a terminal, a long file shows its progress inside: decoded, then frames computed', () => {
    // 30 s at 16 kHz: 480000 samples, more than one 2^18-sample chunk of the chunked compute.
    let long: string;
    let samples: Float32Array;
    beforeAll(() => {
      samples = new Float32Array(30 * 16000);
      let state = 12345;
      for (let i = 0; i < samples.length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        samples[i] = 0.5 * Math.sin((2 * Math.PI * (100 + i / 400) * i) / 16000) + 0.05 * (state / 2 ** 32 - 0.5);
      }
      long = join(work, 'long-30s.wav');
      writeFloatWav(long, samples, 16000);
    });
    const onTerminal = (args: string[]) => {
      const command = [process.execPath, cliPath, ...args].map((a) => `'${a}'`).join(' ');
      const run = spawnSync('script', ['-qec', command, '/dev/null'], {
        encoding: 'utf8',
        cwd: repo,
        env: { ...process.env, COLUMNS: '160' },
      });
      // Every state the bar drew, escape codes removed.
      const states = run.stdout
        .replace(/\x1b(\[[0-9;?]*[A-Za-z]|[78])/g, '')
        .split(/\r|\n|(?=melspec \[)/)
        .filter((line) => line.startsWith('melspec ['));
      return { status: run.status, states };
    };

    test.each([
      ['keras, dB with the top_db floor', [], { sampling_rate: 16000 }],
      [
        'torchaudio, dB with a 60 dB floor',
        ['-p', 'torchaudio', '--db', '--top-db', '60'],
        { preset: 'torchaudio', sample_rate: 16000, power_to_db: true, top_db: 60 },
      ],
      [
        'librosa, dB in float64',
        ['-p', 'librosa', '--db', '--dtype', 'float64'],
        { preset: 'librosa', sr: 16000, power_to_db: true, dtype: 'float64' },
      ],
      [
        'keras, power',
        ['--no-db', '--fft-length', '1024'],
        { sampling_rate: 16000, power_to_db: false, fft_length: 1024 },
      ],
      ['whisper (computed in one call)', ['-p', 'whisper'], { preset: 'whisper' }],
    ])("%s: the bar moves through the stages, and the result is compute()'s bit for bit", async (_, flags, options) => {
      const out = outDir('long-progress');
      const { status, states } = onTerminal([long, '-o', out, '-f', 'npy', ...(flags as string[])]);
      expect(status).toBe(0);
      const percentOf = (line: string) => Number(/1 file, (\d+) %/.exec(line)![1]);
      const decoding = states.filter((line) => / \(decoding [\d.]+ s of 30\.0 s audio\)/.test(line));
      const computing = states.filter((line) => / \(computing [\d.]+ s of 30\.0 s audio\)/.test(line));
      expect(decoding.length).toBeGreaterThan(0);
      expect(decoding.every((line) => percentOf(line) <= 50)).toBe(true);
      expect(computing.length).toBeGreaterThan(0);
      if ((options as { preset?: string }).preset !== 'whisper') {
        // The first chunk's frames are reported as soon as they are done: more than half, less than all.
        const first = percentOf(computing[0]);
        expect(first).toBeGreaterThan(50);
        expect(first).toBeLessThan(100);
      }
      expect(states[states.length - 1]).toMatch(
        /melspec \[=+\] 1 file, 100 % \(30\.0 s of 30\.0 s audio\) \| 0 failed/,
      );
      const written = readNpy(join(out, 'long-30s.npy'));
      const expected = await apiResult(samples, options as Record<string, unknown>);
      expect(written.shape).toEqual(expected.shape);
      expect(
        Buffer.from(written.data.buffer, written.data.byteOffset, written.data.byteLength).equals(
          Buffer.from(expected.data.buffer),
        ),
      ).toBe(true);
    });
  });
});

describe('outputs', () => {
  let out: string;
  beforeAll(() => {
    out = outDir('formats');
    expect(runCli([speechWav, '-o', out, '-f', 'npy,json,png']).status).toBe(0);
  });

  test('JSON holds the same numbers as the .npy, with shape, dtype and options', () => {
    const json = JSON.parse(readFileSync(join(out, 'Front_Center.json'), 'utf8'));
    const npy = readNpy(join(out, 'Front_Center.npy'));
    expect(json.shape).toEqual(npy.shape);
    expect(json.dtype).toBe('float32');
    expect(json.options).toMatchObject({ preset: 'keras', samplingRate: 48000, numMelBins: 128 });
    expect(json).toMatchObject({ source: speechWav, sample_rate: 48000, channels: 1, channel: 'mean' });
    expect(maxDifference(Float32Array.from(json.data), npy.data)).toBe(0);
  });

  test('numpy.load reads the .npy as float32 of the API shape', () => {
    expect(haveNumpy()).toBe(true);
    const script =
      'import numpy, sys; a = numpy.load(sys.argv[1]); print(a.dtype, a.shape, a.flags["C_CONTIGUOUS"], float(a.max()), float(a.min()))';
    const printed = execFileSync(debianPython, ['-c', script, join(out, 'Front_Center.npy')], {
      encoding: 'utf8',
    }).trim();
    const npy = readNpy(join(out, 'Front_Center.npy'));
    const values = Array.from(npy.data);
    const max = Math.max(...values);
    const min = Math.min(...values);
    expect(printed).toBe(`float32 (128, 134) True ${max} ${min}`);
  });

  test('the PNG: a heatmap of the speech, axes and labels, the same bytes every run', () => {
    const bytes = readFileSync(join(out, 'Front_Center.png'));
    // pngjs, not the fast-png that wrote it: an independent decoder.
    const png = PNG.sync.read(bytes);
    // 400 x 384 plot (134 frames -> 400 px minimum, 128 bands x 3 px) inside the margins.
    expect([png.width, png.height]).toEqual([72 + 400 + 110, 64 + 384 + 52]);
    const pixel = (x: number, y: number) => {
      const at = (y * png.width + x) * 4;
      return [png.data[at], png.data[at + 1], png.data[at + 2]];
    };
    const brightness = (x: number, y: number) => pixel(x, y).reduce((a, b) => a + b, 0) / 3;
    // The plot: many colours; speech (0.1 s, low bands) bright, the pause (0.6 s) dark.
    const colours = new Set<string>();
    for (let y = 64; y < 64 + 384; y += 3) for (let x = 72; x < 472; x += 3) colours.add(pixel(x, y).join());
    expect(colours.size).toBeGreaterThan(100);
    const xAt = (seconds: number) => 72 + Math.round((seconds / (134 * (512 / 48000))) * 400);
    const yAtBand = (band: number) => 64 + 384 - Math.round(((band + 0.5) / 128) * 384);
    const column = (x: number) =>
      Array.from({ length: 40 }, (_, band) => brightness(x, yAtBand(band + 10))).reduce((a, b) => a + b) / 40;
    expect(column(xAt(0.15))).toBeGreaterThan(column(xAt(0.65)) + 60);
    // Text: dark pixels in the left margin (frequency labels) and under the plot (time labels).
    const dark = (x0: number, y0: number, x1: number, y1: number) => {
      let count = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (brightness(x, y) < 100) count++;
      return count;
    };
    expect(dark(0, 64, 66, 448)).toBeGreaterThan(300);
    expect(dark(72, 456, 472, 500)).toBeGreaterThan(200);
    expect(dark(0, 0, png.width, 48)).toBeGreaterThan(200); // the title
    // Fonts come from npm, not the system: the same picture on every machine.
    const again = outDir('png-again');
    expect(runCli([speechWav, '-o', again, '-f', 'png']).status).toBe(0);
    expect(readFileSync(join(again, 'Front_Center.png')).equals(bytes)).toBe(true);
  });
});

test('the CLI README’s picture, docs/cli-example.png, is what the CLI makes today', () => {
  const out = outDir('readme');
  expect(runCli([speechWav, '--preset', 'whisper', '-o', out, '-f', 'png']).status).toBe(0);
  const made = readFileSync(join(out, 'Front_Center.png'));
  // To update: node packages/cli/dist/cli.js /usr/share/sounds/alsa/Front_Center.wav --preset whisper -f png -o build/readme && cp build/readme/Front_Center.png docs/cli-example.png
  expect(made.equals(readFileSync(join(repo, 'docs', 'cli-example.png')))).toBe(true);
});

afterAll(() => {
  // Keep the inputs and outputs for inspection (build/ is ignored), but no temporaries.
  const leftovers = spawnSync('find', [work, '-name', '*.partial'], { encoding: 'utf8' }).stdout.trim();
  expect(leftovers).toBe('');
  rmSync(join(work, 'out', 'usage'), { recursive: true, force: true });
});
