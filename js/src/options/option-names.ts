// How each preset names its options: the given keys collected under their canonical
// names (with "did you mean" hints for unknown ones), and errors re-spelled back to
// the key the caller used (`fft_length` if they wrote fft_length).
import { isMelSpectrogramError, setOption } from '../errors/melspec-error.js';
import { optionTypeError } from '../errors/make-errors.js';

/** Whether `key` is an own property of `object` (not one inherited, e.g. from a polluted Object.prototype). */
export function hasOwn(object: object, key: unknown): boolean {
  return typeof key === 'string' && Object.hasOwn(object, key);
}

/** `object[key]` if it is an own property, else undefined: options are never read from a prototype. */
export function ownValue(object: object, key: string): unknown {
  return hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function looseKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (const [i, fromA] of Array.from(a).entries()) {
    const current = [i + 1];
    for (const [j, fromB] of Array.from(b).entries()) {
      const substitute = (previous[j] ?? 0) + (fromA === fromB ? 0 : 1);
      current.push(Math.min((previous[j + 1] ?? 0) + 1, (current[j] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** snake_case to camelCase: 'n_fft' -> 'nFft', 'pad_or_trim' -> 'padOrTrim'. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * How one preset names its options: `names` (shown in hints) and every accepted
 * spelling mapped to its canonical name.
 */
export interface OptionNames<Name extends string> {
  /** e.g. 'option' (Keras) or 'torchaudio option'. */
  what: string;
  names: readonly Name[];
  aliases: Readonly<Record<string, Name>>;
  /** Keys that are accepted and ignored (a Keras layer's name, trainable, ...). */
  ignored?: ReadonlySet<string>;
}

/** Names accepted as they are and in camelCase: a Python config can be copied, or written as JS. */
export function snakeAndCamel<Name extends string>(what: string, names: readonly Name[]): OptionNames<Name> {
  let aliases: Record<string, Name> | undefined;
  return {
    what,
    names,
    // Spelled out on first use, not at import: a preset never used costs nothing (the three
    // tables took 0.3-0.4 ms of every import, most of it compiling camelCase's pattern).
    get aliases() {
      aliases ??= Object.fromEntries(names.flatMap((name) => [name, camelCase(name)].map((key) => [key, name])));
      return aliases;
    },
  };
}

function unknownOption(key: string, naming: OptionNames<string>): TypeError {
  const match = naming.names.find((name) => editDistance(looseKey(name), looseKey(key)) <= 2);
  const hint = match ? `; did you mean '${match}'?` : `; known options: ${naming.names.join(', ')}`;
  return optionTypeError(key, `unknown ${naming.what} '${key}'${hint}`);
}

/** The given options under their canonical names; undefined values count as not given. */
export function collectOptions<Name extends string>(
  source: Readonly<Record<string, unknown>>,
  naming: OptionNames<Name>,
): Partial<Record<Name, unknown>> {
  // No prototype: an option not given reads as undefined, whatever Object.prototype holds.
  const collected: Partial<Record<Name, unknown>> = Object.create(null);
  const givenAs: Partial<Record<Name, string>> = Object.create(null);
  for (const [key, value] of Object.entries(source)) {
    const name = hasOwn(naming.aliases, key) ? naming.aliases[key] : undefined;
    if (name === undefined) {
      if (naming.ignored?.has(key)) continue;
      throw unknownOption(key, naming);
    }
    if (value === undefined) continue;
    const earlier = givenAs[name];
    if (earlier !== undefined && !Object.is(collected[name], value)) {
      throw optionTypeError(key, `'${earlier}' and '${key}' are the same option and were given different values`);
    }
    collected[name] = value;
    givenAs[name] = key;
  }
  return collected;
}

/**
 * Runs a preset's checks on `source`; an option error thrown under a canonical name
 * (`fftLength`) gets the key the caller wrote for it (`fft_length`) as its `option`.
 */
export function withCallerSpelling<T>(
  source: Readonly<Record<string, unknown>>,
  naming: OptionNames<string>,
  check: () => T,
): T {
  try {
    return check();
  } catch (error) {
    if (isMelSpectrogramError(error) && error.option !== undefined && !hasOwn(source, error.option)) {
      const canonical = error.option;
      const key = Object.keys(source).find(
        (given) => naming.aliases[given] === canonical && source[given] !== undefined,
      );
      if (key !== undefined) setOption(error, key);
    }
    throw error;
  }
}
