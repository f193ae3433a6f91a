import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommanderError, InvalidArgumentError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  cliProgram,
  duration,
  existingDir,
  existingFile,
  inputFile,
  jsonObject,
  listOf,
  numberIn,
  outputDir,
  outputFile,
  parseArgs,
} from '../../scripts/lib-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lib-cli-'));
const file = path.join(dir, 'a.csv');
writeFileSync(file, 'x\n');
mkdirSync(path.join(dir, 'sub'));

/** The message of the InvalidArgumentError `parse(value)` throws. */
function rejection(parse: (value: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('option parsers', () => {
  it('numberIn: finite numbers within the range, integers when asked', () => {
    const positive = numberIn({ above: 0 });
    expect(positive('1.5')).toBe(1.5);
    expect(positive('2e-3')).toBe(0.002);
    for (const bad of ['abc', '', ' ', '0', '-1', 'Infinity', 'NaN', '1,5']) expect(rejection(positive, bad)).toBe('Expected a number > 0.');
    const count = numberIn({ integer: true, min: 1 });
    expect(count('80')).toBe(80);
    expect(rejection(count, '2.5')).toBe('Expected an integer ≥ 1.');
    expect(rejection(count, '0')).toBe('Expected an integer ≥ 1.');
    const unit = numberIn({ min: 0, max: 1 });
    expect(unit('0')).toBe(0);
    expect(unit('1')).toBe(1);
    expect(rejection(unit, '1.01')).toBe('Expected a number ≥ 0 and ≤ 1.');
    expect(numberIn()('-7')).toBe(-7);
  });

  it('duration: the config spelling, in milliseconds', () => {
    expect(duration('5m')).toBe(300_000);
    expect(duration('90s')).toBe(90_000);
    expect(duration('0s')).toBe(0);
    expect(rejection(duration, 'soon')).toMatch(/"soon" is not a duration \(use e\.g\. 30s, 5m, 1h, 2d\)/);
    expect(rejection(duration, '300000')).toMatch(/is not a duration/);
  });

  it('listOf: some of the choices, comma-separated', () => {
    const langs = listOf(['en', 'ar', 'he']);
    expect(langs('he')).toEqual(['he']);
    expect(langs('en, ar')).toEqual(['en', 'ar']);
    expect(rejection(langs, 'en,fr')).toBe('Expected a comma-separated list of en, ar, he; "fr" is not one.');
    expect(rejection(langs, '')).toMatch(/Expected a comma-separated list/);
  });

  it('jsonObject: an object, not any JSON', () => {
    expect(jsonObject('{"l2":5e-5}')).toEqual({ l2: 5e-5 });
    expect(rejection(jsonObject, '{l2:1}')).toMatch(/^Expected a JSON object: /);
    for (const bad of ['[1]', '3', 'null', '"x"']) expect(rejection(jsonObject, bad)).toMatch(/^Expected a JSON object/);
  });

  it('files and directories: named with their full path when refused', () => {
    expect(existingFile(file)).toBe(file);
    expect(rejection(existingFile, path.join(dir, 'nope.csv'))).toBe(`No such file: ${path.join(dir, 'nope.csv')}.`);
    expect(rejection(existingFile, dir)).toBe(`${dir} is a directory, not a file.`);
    expect(inputFile('-')).toBe('-');
    expect(inputFile(file)).toBe(file);
    expect(rejection(inputFile, '--help')).toBe(`No such file: ${path.resolve('--help')}.`);
    expect(existingDir(dir)).toBe(dir);
    expect(rejection(existingDir, file)).toBe(`${file} is not a directory.`);
    expect(rejection(existingDir, path.join(dir, 'none'))).toBe(`No such directory: ${path.join(dir, 'none')}.`);
    expect(outputDir(path.join(dir, 'new', 'deeper'))).toBe(path.join(dir, 'new', 'deeper'));
    expect(outputDir(path.join(dir, 'sub'))).toBe(path.join(dir, 'sub'));
    expect(rejection(outputDir, file)).toBe(`${file} is a file, not a directory.`);
    expect(outputFile(path.join(dir, 'out.jsonl'))).toBe(path.join(dir, 'out.jsonl'));
    expect(outputFile(file)).toBe(file); // overwritten, as asked
    expect(rejection(outputFile, path.join(dir, 'none', 'out.jsonl'))).toBe(`No such directory: ${path.join(dir, 'none')}.`);
    expect(rejection(outputFile, path.join(dir, 'sub'))).toBe(`${path.join(dir, 'sub')} is a directory, not a file.`);
  });
});

describe('parseArgs', () => {
  /** A program that throws instead of exiting, its error output kept. */
  function program() {
    const errors: string[] = [];
    const p = cliProgram('t', 'test')
      .exitOverride()
      .configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => {} });
    return { p, errors };
  }

  it('runs string defaults through their parser, as if typed', () => {
    const { p } = program();
    p.addOption(new Option('--days <n>').argParser(numberIn({ min: 1 })).default('28')).option('--dir <d>', 'dir', existingDir, dir);
    const o = parseArgs<{ days: number; dir: string }>(p, ['node', 't']);
    expect(o).toEqual({ days: 28, dir });
  });

  it('refuses a default that is invalid here, naming the option and how to give one', () => {
    const { p, errors } = program();
    p.option('--data <dir>', 'data', existingDir, path.join(dir, 'shared-not-here'));
    expect(() => parseArgs(p, ['node', 't'])).toThrow(CommanderError);
    expect(errors.join('')).toContain(
      `error: option '--data <dir>' default '${path.join(dir, 'shared-not-here')}' is invalid. No such directory: ${path.join(dir, 'shared-not-here')}. Give --data explicitly.`,
    );
  });

  it('leaves a typed value alone when the default would be invalid', () => {
    const { p } = program();
    p.option('--data <dir>', 'data', existingDir, path.join(dir, 'shared-not-here'));
    expect(parseArgs<{ data: string }>(p, ['node', 't', '--data', dir]).data).toBe(dir);
  });
});
