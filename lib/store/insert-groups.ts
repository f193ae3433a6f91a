// ClickHouse refuses an insert block that touches more than `max_partitions_per_insert_block`
// (default 100) partitions, and every partition touched is a part written. Rows are grouped so
// that each insert stays within the limit (mentions and the rollup are both partitioned by month).
export const MAX_PARTITIONS_PER_INSERT = 100;

/** `rows` in insert groups of at most `max` distinct partitions each, partitions kept together. */
export function groupByPartition<T>(rows: T[], partitionOf: (row: T) => string, max = MAX_PARTITIONS_PER_INSERT): T[][] {
  const byPartition = new Map<string, T[]>();
  for (const r of rows) {
    const p = partitionOf(r);
    const list = byPartition.get(p);
    if (list) list.push(r);
    else byPartition.set(p, [r]);
  }
  const partitions = [...byPartition.keys()].sort();
  const groups: T[][] = [];
  for (let i = 0; i < partitions.length; i += max) groups.push(partitions.slice(i, i + max).flatMap((p) => byPartition.get(p)!));
  return groups;
}

/** toYYYYMM of a ClickHouse DateTime64 text ("2026-11-22 10:00:00.000"). */
export const monthOf = (chTimeText: string): string => chTimeText.slice(0, 7);
