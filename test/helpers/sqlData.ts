/**
 * Loading test data into a SQL engine through the engine itself (the same statements on DuckDB and PostgreSQL).
 * @module
 */
import type { SqlEngine } from '../../src/engine/sql/engine.js';
import { sqlDouble } from '../../src/engine/sql/engine.js';

/** Creates `name(id INTEGER, x0 … x{d−1} DOUBLE PRECISION)` holding the rows (id = row index), 500 rows per INSERT. */
export async function loadRows(
  engine: SqlEngine,
  name: string,
  rows: readonly (readonly (number | null)[])[],
  extra: { column: string; value: (i: number) => string } | null = null,
): Promise<void> {
  const d = rows[0].length;
  const cols = Array.from({ length: d }, (_, j) => `x${j} DOUBLE PRECISION`);
  const head = extra === null ? '' : `${extra.column} INTEGER, `;
  await engine.execute(`CREATE TABLE ${name} (${head}id INTEGER, ${cols.join(', ')})`);
  for (let s = 0; s < rows.length; s += 500) {
    const vals: string[] = [];
    for (let i = s; i < Math.min(rows.length, s + 500); i++) {
      const v = rows[i].map((x) => (x === null ? 'NULL' : sqlDouble(x)));
      vals.push(`(${extra === null ? '' : `${extra.value(i)}, `}${i}, ${v.join(', ')})`);
    }
    await engine.execute(`INSERT INTO ${name} VALUES ${vals.join(', ')}`);
  }
}

/** The feature column names x0 … x{d−1}. */
export const xCols = (d: number): string[] => Array.from({ length: d }, (_, j) => `x${j}`);
