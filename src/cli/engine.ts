/**
 * `--engine memory|duckdb|postgres` for the fit commands that can run on a SQL source: the engine and source options
 * (`--url`, `--table`, `--query`, `--out-table`, `--drop-missing`), opening the engine, `--verbose` printing each
 * generated statement, a progress line per iteration on a TTY, and the outputs that make sense without the rows in
 * memory (`--out-table`, `--save`, `--json`, the summary).
 * @module
 */
import { type Command, Option } from 'commander';
import { type ModelWarning, ValidationError } from '../core/errors.js';
import { quoteString, type SqlEngine, type SqlSource } from '../engine/sql/engine.js';
import { openDuckDB } from '../node/duckdb.js';
import { connectPostgres } from '../node/postgres.js';
import { type OutputOptions, printJson, printWarnings, writeFileAtomic } from './common.js';

/** Writes one progress line (`iteration 3: …`) to a terminal's stderr, after `clusterkit: `. */
export type ProgressLine = (line: string) => void;

/** The engine options as commander parses them. */
export interface EngineOptions {
  engine?: 'memory' | 'duckdb' | 'postgres';
  url?: string;
  table?: string;
  query?: string;
  outTable?: string;
  dropMissing?: boolean;
  columns?: string;
  scale?: string;
  truthColumn?: string;
}

/** Adds --engine, --url, --table, --query, --out-table (and --drop-missing unless the command has it). */
export function addEngineOptions(cmd: Command): Command {
  cmd
    .addOption(
      new Option(
        '--engine <name>',
        'where the passes run: in memory, or inside DuckDB / PostgreSQL (one SQL statement per iteration)',
      )
        .choices(['memory', 'duckdb', 'postgres'])
        .default('memory'),
    )
    .option(
      '--url <url>',
      'postgres: connection string postgres://user@host:port/db; duckdb: a database file (default in memory)',
    )
    .option('--table <name>', 'with --engine: read this table instead of the input file')
    .option('--query <sql>', 'with --engine: read the rows of this SELECT query')
    .option('--out-table <name>', 'with --engine: write the rows and their labels to this new table');
  if (!cmd.options.some((o) => o.long === '--drop-missing')) {
    cmd.option('--drop-missing', 'with --engine: leave out rows with a NULL in a feature column');
  }
  return cmd;
}

/** A fit on a source, as a command runs it: fits, then describes the outcome. */
export interface SourceFitOutputs {
  model: { toJSON(): object; readonly warnings: readonly ModelWarning[] };
  /** Writes the labels to `into` (--out-table). */
  writeLabels(source: SqlSource, into: string): Promise<number>;
  json(): object;
  summary(): string;
}

/** Opens the engine named by --engine (duckdb: --url is a database file; postgres: --url is required). */
async function openEngine(o: EngineOptions): Promise<SqlEngine> {
  if (o.engine === 'duckdb') return openDuckDB(o.url);
  if (o.url === undefined) {
    throw new ValidationError('--engine postgres needs --url postgres://user@host:port/db.', { param: 'url' });
  }
  return connectPostgres(o.url);
}

/** The source named by --table / --query, or (duckdb) the input file read by DuckDB itself. */
function sourceOf(engine: SqlEngine, input: string | undefined, o: EngineOptions): SqlSource {
  const opts = { columns: o.columns, dropMissing: o.dropMissing ?? false };
  if (o.table !== undefined && o.query !== undefined) {
    throw new ValidationError('give --table or --query, not both.', { param: 'table' });
  }
  if (o.table !== undefined) return engine.source(o.table, opts);
  if (o.query !== undefined) return engine.source(o.query, opts);
  if (engine.dialect === 'duckdb' && input !== undefined && input !== '-') {
    return engine.source(`SELECT * FROM ${quoteString(input)}`, opts);
  }
  throw new ValidationError(
    `--engine ${engine.dialect} needs --table or --query${engine.dialect === 'duckdb' ? ' or an input file (DuckDB reads Parquet/CSV/JSON itself)' : ''}.`,
    { param: 'table' },
  );
}

/**
 * Runs a fit on the engine named by --engine and writes its outputs. Options that need the rows in memory (--out,
 * --plot, --scale, --truth-column) are refused with a message naming the alternative.
 */
export async function runOnEngine(
  input: string | undefined,
  o: EngineOptions & OutputOptions,
  fitOnSource: (source: SqlSource, progressLine: ProgressLine | undefined) => Promise<SourceFitOutputs>,
): Promise<void> {
  for (const [flag, set] of [
    ['--out', o.out !== undefined],
    ['--plot', o.plot !== undefined],
    ['--scale', o.scale !== undefined && o.scale !== 'none'],
    ['--truth-column', o.truthColumn !== undefined],
  ] as const) {
    if (set) {
      throw new ValidationError(
        `${flag} needs the rows in memory and is not available with --engine ${o.engine}; use --out-table (labels in a table) or --engine memory.`,
        { param: flag.slice(2) },
      );
    }
  }
  const engine = await openEngine(o);
  try {
    if (o.verbose && !o.quiet) engine.onStatement = (sql) => process.stderr.write(`clusterkit: sql: ${sql}\n`);
    const source = sourceOf(engine, input, o);
    const progressLine: ProgressLine | undefined =
      process.stderr.isTTY && !o.quiet ? (line) => process.stderr.write(`clusterkit: ${line}\n`) : undefined;
    const r = await fitOnSource(source, progressLine);
    const written = o.outTable === undefined ? null : await r.writeLabels(source, o.outTable);
    if (o.save) writeFileAtomic(o.save, `${JSON.stringify(r.model.toJSON())}\n`, []);
    if (o.verbose && !o.quiet) process.stderr.write(`clusterkit: backend: sql:${engine.dialect}\n`);
    printWarnings(r.model.warnings, o.quiet);
    if (o.json)
      printJson({
        ...r.json(),
        engine: engine.dialect,
        ...(written === null ? {} : { outTable: o.outTable, rowsWritten: written }),
      });
    else if (!o.quiet) {
      process.stdout.write(r.summary());
      if (written !== null) process.stdout.write(`labels of ${written} rows written to table ${o.outTable}\n`);
    }
  } finally {
    await engine.close();
  }
}
