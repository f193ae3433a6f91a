// The SQL blocks of docs/analyst-sql.md, read the way a reader copies them: each `### N. ...`
// question, its one ```sql block, and the parameter values its first line shows in
// clickhouse-client form (`-- --param_brand=nimbus --param_from=2026-11-14`).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ANALYST_DOC = path.resolve(import.meta.dirname, '../../docs/analyst-sql.md');

export interface AnalystQuery {
  number: number;
  question: string;
  sql: string;
  params: Record<string, string>;
}

export function readAnalystQueries(file = ANALYST_DOC): AnalystQuery[] {
  const text = readFileSync(file, 'utf8');
  const sections = text.split(/^### /m).slice(1);
  return sections.map((section) => {
    const heading = /^(\d+)\. (.+)$/m.exec(section);
    if (!heading) throw new Error(`${file}: a "###" heading is not "N. question": ${section.slice(0, 60)}`);
    const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    if (blocks.length !== 1) throw new Error(`${file}: question ${heading[1]} has ${blocks.length} sql blocks, not 1`);
    const sql = blocks[0]!;
    const first = sql.split('\n')[0]!;
    const params = Object.fromEntries([...first.matchAll(/--param_(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    return { number: Number(heading[1]), question: heading[2]!.trim(), sql, params };
  });
}
