import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCompatibility } from './compatibility-checker.js';

interface ParityCase {
  name: string;
  source: string;
  reader: unknown;
  writer: unknown;
  compatible: boolean;
  incompatibilities: { type: string; message: string; location: string }[];
}

// Reader/writer pairs and expectations ported from Apache Avro Java's TestSchemaCompatibility*.java.
const cases = JSON.parse(
  readFileSync(new URL('./__fixtures__/java-parity.json', import.meta.url), 'utf8'),
) as ParityCase[];

describe('checkCompatibility agrees with Apache Avro Java SchemaCompatibility', () => {
  it('has the ported cases', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  for (const c of cases) {
    it(`decides ${c.name} as Java does`, () => {
      const result = checkCompatibility(c.reader, c.writer);
      expect(result.compatible).toBe(c.compatible);
      expect(
        result.incompatibilities.map(({ type, message, location }) => ({
          type,
          message,
          location,
        })),
      ).toEqual(c.incompatibilities);
    });
  }
});
