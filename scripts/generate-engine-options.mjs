#!/usr/bin/env node
// Turns schema/engine-options.json (the engine's options, declared once) into what
// each language needs: C++ headers (enums, config fields, ConfigParam, range checks,
// wire decoding, preset configs) and one TypeScript module (the config type, enum
// codes, wire encoding, status table, preset data). Outputs are build products:
// CMake writes the C++ ones into its build tree, scripts/build-js.mjs the TS one.
//
//   node scripts/generate-engine-options.mjs --cpp <dir>   # <dir>/melspec/generated/*.hpp
//   node scripts/generate-engine-options.mjs --ts <file>
//
// The TS module is rewritten only when its text changes (build-js runs on every build).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schema = JSON.parse(readFileSync(join(root, 'schema/engine-options.json'), 'utf8'));
const options = schema.options.filter((entry) => entry.name !== undefined);
const enums = schema.enums;
const banner = 'Generated from schema/engine-options.json by scripts/generate-engine-options.mjs: do not edit.';

// ---- checks of the schema itself: a mistake here fails the build, not a user's call
const optionTypes = new Set(['int', 'count', 'real', 'bool', 'optionalReal', ...Object.keys(enums)]);
for (const option of options) {
  const where = `schema/engine-options.json: option ${option.name}`;
  if (!/^[a-z][A-Za-z0-9]*$/.test(option.name)) throw new Error(`${where}: the name must be camelCase`);
  if (!optionTypes.has(option.type)) throw new Error(`${where}: unknown type ${option.type}`);
  if (!('default' in option)) throw new Error(`${where}: no default`);
  if (typeof option.doc !== 'string') throw new Error(`${where}: no doc`);
  // Out-of-range wire values decode to INT_MIN / SIZE_MAX, which these bounds must refuse.
  if (option.type === 'int' && !(option.min > -(2 ** 31))) throw new Error(`${where}: an int needs a min`);
  if (option.type === 'count' && !(option.max < 2 ** 53)) throw new Error(`${where}: a count needs a max`);
}
if (new Set(options.map((option) => option.name)).size !== options.length) throw new Error('duplicate option names');
for (const [name, preset] of Object.entries(schema.presets)) {
  if (name.startsWith('$')) continue;
  for (const key of Object.keys(preset)) {
    if (!options.some((option) => option.name === key)) throw new Error(`preset ${name}: unknown option ${key}`);
  }
}

const presets = Object.fromEntries(Object.entries(schema.presets).filter(([name]) => !name.startsWith('$')));
const pascal = (name) => name[0].toUpperCase() + name.slice(1);
const enumValue = (type, js) => {
  const value = enums[type].find((entry) => entry.js === js);
  if (!value) throw new Error(`${type} has no value ${JSON.stringify(js)}`);
  return value;
};

function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// ---- C++
const cppReal = (value) => {
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
};
const cppType = (option) =>
  ({ int: 'int', count: 'std::size_t', real: 'double', bool: 'bool', optionalReal: 'std::optional<double>' })[
    option.type
  ] ?? option.type;
function cppValue(option, value) {
  if (option.type in enums) return `${option.type}::${enumValue(option.type, value).cpp}`;
  if (option.type === 'optionalReal') return value === null ? 'std::nullopt' : cppReal(value);
  if (option.type === 'real') return cppReal(value);
  if (option.type === 'count') return `std::size_t{${value}}`;
  return String(value);
}
const cppString = (text) => JSON.stringify(text);

function cppTypesHeader() {
  const lines = [
    `// ${banner}`,
    '#pragma once',
    '',
    '#include <cstddef>',
    '#include <optional>',
    '',
    'namespace melspec {',
    '',
  ];
  for (const [name, values] of Object.entries(enums)) {
    lines.push(`enum class ${name} : int {`);
    for (const [code, value] of values.entries()) lines.push(`    ${value.cpp} = ${code},  // ${value.doc}`);
    lines.push('};', '');
  }
  lines.push(
    '// ComputeStatus::Code: what a compute, push or flush call reports.',
    'enum class ComputeStatusCode : int {',
  );
  for (const [code, status] of schema.computeStatuses.entries())
    lines.push(`    ${status.cpp} = ${code},  // ${status.doc}`);
  lines.push('};', '');
  lines.push(
    '// X(type, name, defaultValue, ConfigParam) for every option, in wire order (each crosses',
    '// the WASM boundary as one double at its index).',
    '#define MELSPEC_ENGINE_OPTIONS(X) \\',
  );
  for (const option of options) {
    lines.push(
      `    X(${cppType(option)}, ${option.name}, ${cppValue(option, option.default)}, ${pascal(option.name)}) \\`,
    );
  }
  lines.push('', '');
  lines.push('// Names the option a ConfigError is about: 1 + its index in MELSPEC_ENGINE_OPTIONS.');
  lines.push('enum class ConfigParam : int {', '    None = 0,');
  for (const option of options) lines.push(`    ${pascal(option.name)},`);
  lines.push('};', '');
  lines.push(`inline constexpr std::size_t kEngineOptionCount = ${options.length};`, '');
  lines.push('// The bounds of the options that have them (inclusive).');
  for (const option of options) {
    const type = option.type === 'int' ? 'int' : option.type === 'count' ? 'std::size_t' : 'double';
    for (const [key, suffix] of [
      ['min', 'Min'],
      ['max', 'Max'],
    ]) {
      if (key in option)
        lines.push(
          `inline constexpr ${type} k${pascal(option.name)}${suffix} = ${cppValue({ type: option.type === 'optionalReal' ? 'real' : option.type }, option[key])};`,
        );
    }
  }
  lines.push('');
  lines.push('}  // namespace melspec', '');
  return lines.join('\n');
}

// A bound as people read it: 1e-10, 3.4e+38, 65536.
const readable = (n) =>
  (Number.isInteger(n) && Math.abs(n) < 1e12) || (Math.abs(n) >= 1e-3 && Math.abs(n) < 1e12)
    ? String(n)
    : n.toExponential(1);

// The range rule of one option: a C++ condition that holds when the value is bad, and the message.
function cppCheck(option) {
  if (option.type in enums) {
    const last = enums[option.type].length - 1;
    return [`static_cast<int>(v) < 0 || static_cast<int>(v) > ${last}`, `unknown ${option.name}`];
  }
  if (option.type === 'bool') return undefined;
  const value = option.type === 'optionalReal' ? '*v' : 'v';
  const isReal = option.type === 'real' || option.type === 'optionalReal';
  const literal = (n) => (isReal ? cppReal(n) : option.type === 'count' ? `std::size_t{${n}}` : String(n));
  const bad = isReal ? [`!std::isfinite(${value})`] : [];
  // A count cannot be below 0: no test of that (it would not compile without a warning).
  if ('min' in option && !(option.type === 'count' && option.min === 0)) bad.push(`${value} < ${literal(option.min)}`);
  if ('exclusiveMin' in option) bad.push(`${value} <= ${literal(option.exclusiveMin)}`);
  if ('max' in option) bad.push(`${value} > ${literal(option.max)}`);
  if (option.nonZero) bad.push(`${value} == 0`);
  if (bad.length === 0) return undefined;
  const kind = isReal ? 'a number' : option.type === 'count' ? 'a sample count' : 'an integer';
  const low = 'min' in option ? option.min : option.exclusiveMin;
  const range =
    'min' in option && 'max' in option
      ? ` from ${readable(option.min)} to ${readable(option.max)}`
      : [
          'min' in option ? ` >= ${readable(low)}` : 'exclusiveMin' in option ? ` > ${readable(low)}` : '',
          'max' in option ? ` <= ${readable(option.max)}` : '',
        ]
          .filter(Boolean)
          .join(' and');
  const message = `${option.name} must be ${kind}${range}${option.nonZero ? ', not 0' : ''}`;
  const condition = bad.join(' || ');
  return [option.type === 'optionalReal' ? `v && (${condition})` : condition, message];
}

function cppChecksHeader() {
  const lines = [
    `// ${banner}`,
    "// Each option on its own: its type's range (the rules between options are config.cpp's),",
    '// and the options from their wire values. Include after MelSpectrogramConfig.',
    '#pragma once',
    '',
    '#include <climits>',
    '#include <cmath>',
    '#include <cstdint>',
    '#include <optional>',
    '',
    'namespace melspec::generated {',
    '',
    '// The first option out of its own range, or nothing.',
    'inline std::optional<ConfigError> checkOptionRanges(const MelSpectrogramConfig& config) {',
  ];
  for (const option of options) {
    const check = cppCheck(option);
    if (!check) continue;
    const [condition, message] = check;
    lines.push(
      `    if (const auto& v = config.${option.name}; ${condition})`,
      `        return ConfigError{ConfigParam::${pascal(option.name)}, ${cppString(message)}};`,
    );
  }
  lines.push('    return std::nullopt;', '}', '');
  lines.push(
    '// Wire values (one double per option): a value the type cannot hold becomes one its',
    '// range refuses (INT_MIN, SIZE_MAX, -1 for an enum), so checkOptionRanges() names it.',
    'inline int intFromWire(double value) {',
    '    return value >= INT_MIN && value <= INT_MAX && value == std::trunc(value) ? static_cast<int>(value) : INT_MIN;',
    '}',
    'inline std::size_t countFromWire(double value) {',
    '    return value >= 0 && value <= 9007199254740992.0 && value == std::trunc(value) ? static_cast<std::size_t>(value)',
    '                                                                                : SIZE_MAX;',
    '}',
    'template <typename Enum>',
    'Enum enumFromWire(double value) {',
    '    return static_cast<Enum>(value >= 0 && value <= 255 && value == std::trunc(value) ? static_cast<int>(value) : -1);',
    '}',
    '',
    '// Fills every option of `config` from `values` (kEngineOptionCount doubles, wire order).',
    'inline void readOptionValues(const double* values, MelSpectrogramConfig& config) {',
  );
  options.forEach((option, index) => {
    const read =
      option.type === 'int'
        ? `intFromWire(values[${index}])`
        : option.type === 'count'
          ? `countFromWire(values[${index}])`
          : option.type === 'bool'
            ? `values[${index}] != 0`
            : option.type === 'real'
              ? `values[${index}]`
              : option.type === 'optionalReal'
                ? `std::isnan(values[${index}]) ? std::nullopt : std::optional<double>(values[${index}])`
                : `enumFromWire<${option.type}>(values[${index}])`;
    lines.push(`    config.${option.name} = ${read};`);
  });
  lines.push('}', '', '// The inverse of readOptionValues (null topDb-like values as NaN).');
  lines.push('inline void writeOptionValues(const MelSpectrogramConfig& config, double* values) {');
  options.forEach((option, index) => {
    const write =
      option.type === 'optionalReal'
        ? `config.${option.name} ? *config.${option.name} : NAN`
        : option.type === 'bool'
          ? `config.${option.name} ? 1.0 : 0.0`
          : `static_cast<double>(config.${option.name})`;
    lines.push(`    values[${index}] = ${write};`);
  });
  lines.push('}', '', '}  // namespace melspec::generated', '');
  return lines.join('\n');
}

function cppPresetsHeader() {
  const lines = [
    `// ${banner}`,
    "// Each preset's config at its default arguments (what the TypeScript presets start from).",
    '#pragma once',
    '',
    '#include "melspec/config.hpp"',
    '',
    'namespace melspec::presets {',
    '',
  ];
  for (const [name, values] of Object.entries(presets)) {
    lines.push(`inline MelSpectrogramConfig ${name}() {`, '    MelSpectrogramConfig config;');
    for (const [key, value] of Object.entries(values)) {
      const option = options.find((entry) => entry.name === key);
      lines.push(`    config.${key} = ${cppValue(option, value)};`);
    }
    lines.push('    return config;', '}', '');
  }
  lines.push('}  // namespace melspec::presets', '');
  return lines.join('\n');
}

// ---- TypeScript
function tsType(option) {
  if (option.type in enums) {
    return enums[option.type]
      .map((value) => value.jsType ?? (value.js === null ? 'null' : `'${value.js}'`))
      .join(' | ');
  }
  if (option.type === 'bool') return 'boolean';
  if (option.type === 'optionalReal') return 'number | null';
  return 'number';
}
const tsLiteral = (value) => (value === null ? 'null' : typeof value === 'string' ? `'${value}'` : String(value));

function tsEncode(option) {
  const value = `config.${option.name}`;
  if (option.type in enums) {
    const values = enums[option.type];
    const named = values.flatMap((entry, code) => (typeof entry.js === 'string' ? [`'${entry.js}': ${code}`] : []));
    let expression = `({ ${named.join(', ')} } as Record<string, number>)[${value}] ?? -1`;
    // null and a typed array are values of their own, not keys of the lookup.
    const nulls = values.findIndex((entry) => entry.js === null);
    if (nulls >= 0) expression = `${value} === null ? ${nulls} : ${expression}`;
    const custom = values.findIndex((entry) => entry.jsType !== undefined);
    if (custom >= 0) expression = `${value} instanceof ${values[custom].jsType} ? ${custom} : ${expression}`;
    return expression;
  }
  if (option.type === 'bool') return `${value} ? 1 : 0`;
  if (option.type === 'optionalReal') return `${value} ?? Number.NaN`;
  return value;
}

function tsModule() {
  const lines = [`// ${banner}`, ''];
  lines.push(
    "/** The engine's options (cpp/include/melspec/config.hpp's MelSpectrogramConfig), as the presets resolve them. */",
    'export interface MelSpectrogramConfig {',
  );
  for (const entry of schema.options) {
    if (entry.group) lines.push(`  // ${entry.group}`);
    else lines.push(`  /** ${entry.doc}. */`, `  ${entry.name}: ${tsType(entry)};`);
  }
  lines.push('}', '');
  lines.push("/** The defaults (a default MelSpectrogramConfig: Keras' layer). */");
  lines.push('export const engineDefaults: Readonly<MelSpectrogramConfig> = Object.freeze({');
  for (const option of options) lines.push(`  ${option.name}: ${tsLiteral(option.default)},`);
  lines.push('});', '');
  lines.push(
    "/** Each option's type and range, as the engine checks them (presets check theirs with the same bounds). */",
  );
  lines.push('export const engineOptionRules = {');
  for (const option of options) {
    const rule = { type: option.type in enums ? 'enum' : option.type };
    for (const key of ['min', 'max', 'exclusiveMin', 'nonZero']) if (key in option) rule[key] = option[key];
    lines.push(`  ${option.name}: ${JSON.stringify(rule)},`);
  }
  lines.push('} as const;', '');
  lines.push(
    "/** The options in wire order: ConfigParam n (a ConfigError's option) is entry n - 1. */",
    `export const engineOptionNames = [${options.map((option) => `'${option.name}'`).join(', ')}] as const;`,
    '',
    `export const engineOptionCount = ${options.length};`,
    '',
    '/** Writes each option as one double, in wire order, at target[at...]. */',
    'export function writeEngineOptions(config: MelSpectrogramConfig, target: Float64Array, at: number): void {',
  );
  for (const [index, option] of options.entries()) lines.push(`  target[at + ${index}] = ${tsEncode(option)};`);
  lines.push('}', '');
  lines.push('/** ComputeStatus::Code by name. */', 'export const computeStatus = {');
  for (const [code, status] of schema.computeStatuses.entries()) lines.push(`  ${status.js}: ${code},`);
  lines.push('} as const;', '');
  lines.push('/** The error code of each failed status. */', 'export const computeStatusErrorCodes = {');
  schema.computeStatuses.forEach((status, code) => {
    if (status.error) lines.push(`  ${code}: '${status.error}',`);
  });
  lines.push('} as const;', '');
  lines.push('/** StreamDb codes by name. */', 'export const streamDbCodes = {');
  for (const [code, value] of enums.StreamDb.entries()) lines.push(`  '${value.js}': ${code},`);
  lines.push('} as const;', '');
  lines.push(
    "/** Each preset's engine options at its default arguments (the defaults, then the preset's own). */",
    `export type PresetName = ${Object.keys(presets)
      .map((name) => `'${name}'`)
      .join(' | ')};`,
    'export const presetDefaults: Readonly<Record<PresetName, Readonly<MelSpectrogramConfig>>> = Object.freeze({',
  );
  for (const [name, values] of Object.entries(presets)) {
    const entries = Object.entries(values).map(([key, value]) => `${key}: ${tsLiteral(value)}`);
    lines.push(`  ${name}: Object.freeze({ ...engineDefaults, ${entries.join(', ')} }),`);
  }
  lines.push('});', '');
  return lines.join('\n');
}

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const [flag, target] = [args[i], args[i + 1]];
  if (!target) throw new Error(`usage: ${flag} needs a path`);
  if (flag === '--cpp') {
    const dir = join(resolve(target), 'melspec/generated');
    // Always written: CMake runs this only when the schema or this script changed.
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'engine_options.hpp'), cppTypesHeader());
    writeFileSync(join(dir, 'engine_option_checks.hpp'), cppChecksHeader());
    writeFileSync(join(dir, 'preset_configs.hpp'), cppPresetsHeader());
  } else if (flag === '--ts') {
    writeIfChanged(resolve(target), tsModule());
  } else {
    throw new Error(`unknown flag ${flag}: use --cpp <dir> or --ts <file>`);
  }
}
