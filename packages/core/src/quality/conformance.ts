import type { Finding } from '../model/finding.js';
import type { ContractColumn } from './contract-columns.js';
import type { DatasetColumn } from './metric.js';

/**
 * How strictly dataset types are held to the contract. Parquet carries types, so they must match
 * the Avro type's family; JSON Lines and CSV only carry what DuckDB infers (a timestamp may read as
 * text or a number, a record as a struct), so only contradictions are reported.
 */
export type TypeStrictness = 'strict' | 'lenient';

const INT =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FLOAT = /^(FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
const TEXT = /^VARCHAR$/;
const TS = /^(TIMESTAMP(_MS|_NS|_S)?|TIMESTAMP WITH TIME ZONE)$/;
const LOOSE = /^(JSON|NULL)$/;

const accepts = (col: ContractColumn, type: string, mode: TypeStrictness): boolean => {
  const lenient = mode === 'lenient';
  if (LOOSE.test(type)) return lenient;
  const t = type.toUpperCase();
  switch (col.logicalType) {
    case 'timestamp-millis':
    case 'timestamp-micros':
    case 'timestamp-nanos':
    case 'local-timestamp-millis':
    case 'local-timestamp-micros':
      return TS.test(t) || INT.test(t) || (lenient && TEXT.test(t));
    case 'date':
      return t === 'DATE' || INT.test(t) || (lenient && TEXT.test(t));
    case 'time-millis':
    case 'time-micros':
      return t === 'TIME' || INT.test(t) || (lenient && TEXT.test(t));
    case 'decimal':
      return FLOAT.test(t) || INT.test(t) || TEXT.test(t) || t === 'BLOB';
    case 'uuid':
      return t === 'UUID' || TEXT.test(t);
    case undefined:
    default:
      break;
  }
  switch (col.kind) {
    case 'boolean':
      return t === 'BOOLEAN' || (lenient && TEXT.test(t));
    case 'int':
    case 'long':
      return INT.test(t) || (lenient && TEXT.test(t));
    case 'float':
    case 'double':
      return FLOAT.test(t) || INT.test(t) || (lenient && TEXT.test(t));
    case 'string':
      return (
        TEXT.test(t) ||
        (lenient &&
          (INT.test(t) ||
            FLOAT.test(t) ||
            TS.test(t) ||
            t === 'DATE' ||
            t === 'UUID' ||
            t === 'BOOLEAN'))
      );
    case 'enum':
      return TEXT.test(t) || t.startsWith('ENUM(');
    case 'bytes':
    case 'fixed':
      return t === 'BLOB' || (lenient && TEXT.test(t));
    case 'record':
      return t.startsWith('STRUCT(') || (lenient && TEXT.test(t));
    case 'array':
      return t.endsWith('[]') || (lenient && TEXT.test(t));
    case 'map':
      return t.startsWith('MAP(') || (lenient && (t.startsWith('STRUCT(') || TEXT.test(t)));
    case 'null':
      return lenient;
    case 'union':
      return true;
  }
};

export interface SchemaConformanceOptions {
  strictness: TypeStrictness;
  /** Columns the dataset may have beyond the contract, e.g. hive partition keys. */
  ignoreExtra?: readonly string[];
}

/**
 * The dataset's columns and types against the port's contract: a missing field (an error when
 * the field is required, a warning when it is nullable: a JSON file may simply never mention it),
 * a column the contract does not declare (warning), a type from another family (error).
 * Required fields holding NULL are measured in the fused pass (`schema/required-field-null`).
 */
export const checkSchemaConformance = (
  contract: readonly ContractColumn[],
  dataset: readonly DatasetColumn[],
  options: SchemaConformanceOptions,
): Finding[] => {
  const findings: Finding[] = [];
  const byName = new Map(dataset.map((c) => [c.name, c]));
  for (const col of contract) {
    const found = byName.get(col.name);
    if (!found) {
      findings.push({
        ruleId: 'schema/column-missing',
        severity: col.nullable ? 'warning' : 'error',
        message: `the dataset has no column "${col.name}" (${col.display}${col.nullable ? ', nullable' : ', required'} in the contract)`,
        location: { pointer: col.pointer },
        hint: 'write the field in every record, or make it optional ["null", ...] with a default in the contract',
        data: { column: col.name, expected: col.display },
      });
      continue;
    }
    if (!accepts(col, found.type, options.strictness))
      findings.push({
        ruleId: 'schema/type-mismatch',
        severity: 'error',
        message: `column "${col.name}" is ${found.type} in the dataset but ${col.display} in the contract`,
        location: { pointer: col.pointer },
        hint: "write the column with the contract's type, or change the contract (a type change may be breaking)",
        data: { column: col.name, expected: col.display, actual: found.type },
      });
  }
  const declared = new Set(contract.map((c) => c.name));
  const ignore = new Set(options.ignoreExtra ?? []);
  for (const c of dataset) {
    if (declared.has(c.name) || ignore.has(c.name)) continue;
    findings.push({
      ruleId: 'schema/column-extra',
      severity: 'warning',
      message: `the dataset has column "${c.name}" (${c.type}), which the contract does not declare`,
      hint: 'add the field to the contract, or stop writing it',
      data: { column: c.name, actual: c.type },
    });
  }
  return findings;
};
