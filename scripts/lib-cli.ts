// The CLIs' common ground: a commander program whose bad usage exits 2 (help exits 0), and typed
// option parsers that reject a bad value with a message commander prefixes with the option's name
// ("error: option '--late <duration>' argument 'soon' is invalid. ..."). Parsers run while the
// arguments are parsed, so a script that parses first does nothing before its arguments are valid.
import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '../lib/config/duration.js';

/** Exit status of bad usage (unknown option, invalid value, missing argument), like most Unix tools. */
export const USAGE_ERROR = 2;

/** A program with `--help`, usage errors on stderr followed by a pointer to `--help`, and exit code 2. */
export function cliProgram(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .showHelpAfterError(`(run ${name} --help for usage)`)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : USAGE_ERROR));
}

/** Exits 2 with `name: message`: a usage error found after parsing (a missing data folder, options that contradict). */
export function usageError(name: string, message: string): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(USAGE_ERROR);
}

/**
 * `program.parse()`, then the string defaults through their option's parser, as if typed: commander
 * does not parse defaults, and a default path that does not exist here (../shared in a user's
 * clone) is as much a usage error as a typed one.
 */
export function parseArgs<T>(program: Command, argv?: readonly string[]): T {
  program.parse(argv);
  for (const option of program.options) {
    const key = option.attributeName();
    if (program.getOptionValueSource(key) !== 'default' || typeof option.defaultValue !== 'string' || !option.parseArg) continue;
    try {
      program.setOptionValueWithSource(key, option.parseArg(option.defaultValue, undefined), 'default');
    } catch (e) {
      if (!(e instanceof InvalidArgumentError)) throw e;
      program.error(`error: option '${option.flags}' default '${option.defaultValue}' is invalid. ${e.message} Give ${option.long} explicitly.`);
    }
  }
  return program.opts<T & object>() as T;
}

interface Range {
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Values must be strictly above this. */
  above?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
  integer?: boolean;
}

/** A finite number (an integer with `integer`) within the range. */
export function numberIn(range: Range = {}): (value: string) => number {
  const bounds = [
    range.min !== undefined ? `≥ ${range.min}` : '',
    range.above !== undefined ? `> ${range.above}` : '',
    range.max !== undefined ? `≤ ${range.max}` : '',
  ].filter(Boolean);
  const wanted = `${range.integer ? 'an integer' : 'a number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
  return (value) => {
    const n = value.trim() === '' ? NaN : Number(value);
    const ok =
      Number.isFinite(n) &&
      (!range.integer || Number.isInteger(n)) &&
      (range.min === undefined || n >= range.min) &&
      (range.above === undefined || n > range.above) &&
      (range.max === undefined || n <= range.max);
    if (!ok) throw new InvalidArgumentError(`Expected ${wanted}.`);
    return n;
  };
}

/** A duration as the config writes them ("90s", "5m", "1h", "2d"), in milliseconds. */
export function duration(value: string): number {
  try {
    return parseDuration(value);
  } catch (e) {
    throw new InvalidArgumentError(`${(e as Error).message}.`);
  }
}

/** A comma-separated list of some of `choices` (at least one). */
export function listOf<C extends string>(choices: readonly C[]): (value: string) => C[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim());
    const bad = items.filter((s) => !(choices as readonly string[]).includes(s));
    if (bad.length || items.length === 0) throw new InvalidArgumentError(`Expected a comma-separated list of ${choices.join(', ')}; "${bad.join(',')}" is not one.`);
    return items as C[];
  };
}

/** A JSON object (`--set '{"l2":5e-5}'`). */
export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e) {
    throw new InvalidArgumentError(`Expected a JSON object: ${(e as Error).message}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('Expected a JSON object ({"name": value, ...}).');
  return parsed as Record<string, unknown>;
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A file that exists (not a directory). */
export function existingFile(value: string): string {
  const s = statOf(value);
  if (!s) throw new InvalidArgumentError(`No such file: ${resolve(value)}.`);
  if (s.isDirectory()) throw new InvalidArgumentError(`${resolve(value)} is a directory, not a file.`);
  return value;
}

/** `-` (standard input) or a file that exists. */
export function inputFile(value: string): string {
  return value === '-' ? value : existingFile(value);
}

/** A directory that exists. */
export function existingDir(value: string): string {
  const s = statOf(value);
  if (!s) throw new InvalidArgumentError(`No such directory: ${resolve(value)}.`);
  if (!s.isDirectory()) throw new InvalidArgumentError(`${resolve(value)} is not a directory.`);
  return value;
}

/** A directory to write into: one that exists, or none yet (it is created). */
export function outputDir(value: string): string {
  const s = statOf(value);
  if (s && !s.isDirectory()) throw new InvalidArgumentError(`${resolve(value)} is a file, not a directory.`);
  return value;
}

/** A file to write: not a directory, in a directory that exists. */
export function outputFile(value: string): string {
  if (statOf(value)?.isDirectory()) throw new InvalidArgumentError(`${resolve(value)} is a directory, not a file.`);
  const parent = dirname(resolve(value));
  if (!statOf(parent)?.isDirectory()) throw new InvalidArgumentError(`No such directory: ${parent}.`);
  return value;
}
