// npm run build:query [-- --check]
// Writes lib/query/query-parser.js from lib/query/query.peggy. --check writes nothing and exits 1
// when the committed parser differs from a fresh generation (the grammar changed without it).
import { readFileSync, writeFileSync } from 'node:fs';
import { cliProgram, parseArgs } from './lib-cli.js';
import { generateQueryParser, PARSER_FILE } from './query-grammar.js';

const program = cliProgram('build-query', 'Generate the brand-query parser from its grammar').option(
  '--check',
  'write nothing; exit 1 when the committed parser is not what the grammar generates',
);
const { check } = parseArgs<{ check?: boolean }>(program);
const fresh = generateQueryParser();
if (check) {
  let committed = '';
  try {
    committed = readFileSync(PARSER_FILE, 'utf8');
  } catch {
    // missing: reported as different
  }
  if (committed !== fresh) {
    process.stderr.write(`build-query: ${PARSER_FILE} is not what query.peggy generates: run npm run build:query\n`);
    process.exit(1);
  }
  process.stdout.write('build-query: the parser matches its grammar\n');
} else {
  writeFileSync(PARSER_FILE, fresh);
  process.stdout.write(`build-query: wrote ${PARSER_FILE}\n`);
}
