// Readers for recorded provider responses under test/fixtures/<dir>/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = new URL('../fixtures/', import.meta.url);

const read = (dir: string, name: string) => readFileSync(fileURLToPath(new URL(`${dir}/${name}`, FIXTURES)), 'utf8');

/** `fixture(name)` parses test/fixtures/<dir>/<name> as JSON. */
export function jsonFixtures(dir: string): (name: string) => any {
  return (name) => JSON.parse(read(dir, name));
}

/** `fixture(name)` reads test/fixtures/<dir>/<name> as text. */
export function textFixtures(dir: string): (name: string) => string {
  return (name) => read(dir, name);
}
