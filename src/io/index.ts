/**
 * Data in and out, browser-safe (bytes and strings): text tables (CSV/TSV/JSON/NDJSON) with strict casting,
 * Parquet (hyparquet) and NumPy `.npy` readers and writers, column selection and scaling kept with a model (saved
 * models are restored by `models/`, which sits above this layer). Arrow IPC lives in `clusterkit/node`
 * (`readArrowIpc`), so the main entry does not load apache-arrow.
 * @module
 */
export * from './columns.js';
export * from './fastCsv.js';
export * from './formats.js';
export { lineColumn, scanJson } from './jsonScan.js';
export * from './npy.js';
export * from './parquet.js';
export * from './scale.js';
export * from './table.js';
