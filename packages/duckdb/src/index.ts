export * from './dataset-source.js';
export * from './user-sql.js';
export * from './duckdb-quality-runner.js';
export * from './avro-duckdb.js';
export * from './parquet-writer.js';
export * from './part-file-writer.js';
export * from './temp-dir.js';
