// Command-line plumbing shared by the benchmark CLIs: typed number options and exit code 2 on
// bad usage (commander exits 1 by default), nothing run before the arguments are valid.
import { CommanderError, InvalidArgumentError, type Command } from 'commander';

/** A commander option parser for a number in [min, max] (integers only when `integer`). */
export function numberIn(min: number, max: number, integer = false): (raw: string) => number {
  return (raw) => {
    const x = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
      throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw}"`);
    }
    return x;
  };
}

/** Parses argv; bad usage prints commander's message and exits 2, --help exits 0. */
export function parseOrExit(program: Command, argv: string[] = process.argv): void {
  program.exitOverride().showHelpAfterError().allowExcessArguments(false);
  try {
    program.parse(argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
}

/** Exits 2 with `name: message` (a usage error found after parsing, e.g. a missing data folder). */
export function usageError(name: string, message: string): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(2);
}
