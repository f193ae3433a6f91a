// What the project's CLIs share: option parsers with a clear message, and usage errors exiting 2.
import { Command, InvalidArgumentError } from 'commander';

/** A commander parser for a whole number of at least `min`. */
export function wholeNumber(min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`"${value}" is not a whole number${min > 0 ? ` of at least ${min}` : ''}`);
    return n;
  };
}

/** Parses `argv` (the user's arguments); --help exits 0, bad usage exits 2 after commander's message. */
export function parseOrExit(program: Command, argv = process.argv.slice(2)): Command {
  program.exitOverride();
  try {
    return program.parse(argv, { from: 'user' });
  } catch (e) {
    process.exit((e as { exitCode?: number }).exitCode === 0 ? 0 : 2);
  }
}
