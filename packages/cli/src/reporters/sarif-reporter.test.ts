import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { emptyReport, gateReport, HOSTILE, hostileReport } from './__fixtures__/reports.js';
import { renderSarif, SARIF_SCHEMA_URI } from './sarif-reporter.js';

/*
 * The SARIF 2.1.0 JSON Schema (OASIS, errata01) cannot be fetched offline, so this is the part of
 * it that covers every object the reporter writes, with the schema's own required properties,
 * enums, minimums, URI formats and `additionalProperties: false`. An unknown property or a
 * missing required one fails here as it would against the full schema.
 */
const str = { type: 'string' };
const bag = {
  type: 'object',
  properties: { tags: { type: 'array', uniqueItems: true, items: str } },
};
const message = {
  type: 'object',
  additionalProperties: false,
  properties: {
    text: str,
    markdown: str,
    id: str,
    arguments: { type: 'array', items: str },
    properties: bag,
  },
  anyOf: [{ required: ['text'] }, { required: ['id'] }],
};
const multiformat = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: { text: str, markdown: str, properties: bag },
};
const region = {
  type: 'object',
  additionalProperties: false,
  properties: {
    startLine: { type: 'integer', minimum: 1 },
    startColumn: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
    properties: bag,
  },
};
const artifactLocation = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uri: { type: 'string', format: 'uri-reference' },
    uriBaseId: str,
    index: { type: 'integer', minimum: -1 },
    properties: bag,
  },
};
const location = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: -1 },
    physicalLocation: {
      type: 'object',
      additionalProperties: false,
      properties: { artifactLocation, region, properties: bag },
      anyOf: [{ required: ['address'] }, { required: ['artifactLocation'] }],
    },
    message,
    properties: bag,
  },
};
const reportingDescriptor = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: str,
    name: str,
    shortDescription: multiformat,
    fullDescription: multiformat,
    help: multiformat,
    helpUri: { type: 'string', format: 'uri' },
    properties: bag,
  },
};
const result = {
  type: 'object',
  additionalProperties: false,
  required: ['message'],
  properties: {
    ruleId: str,
    ruleIndex: { type: 'integer', minimum: -1 },
    level: { enum: ['none', 'note', 'warning', 'error'] },
    message,
    locations: { type: 'array', items: location },
    suppressions: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: {
          kind: { enum: ['inSource', 'external'] },
          status: { enum: ['accepted', 'underReview', 'rejected'] },
          justification: str,
          properties: bag,
        },
      },
    },
    properties: bag,
  },
};
const sarifSubset = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { enum: ['2.1.0'] },
    runs: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            additionalProperties: false,
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                additionalProperties: false,
                required: ['name'],
                properties: {
                  name: str,
                  version: str,
                  informationUri: { type: 'string', format: 'uri' },
                  rules: { type: 'array', uniqueItems: true, items: reportingDescriptor },
                  properties: bag,
                },
              },
              properties: bag,
            },
          },
          automationDetails: {
            type: 'object',
            additionalProperties: false,
            properties: { id: str, guid: str, description: message, properties: bag },
          },
          results: { type: ['array', 'null'], items: result },
          properties: bag,
        },
      },
    },
    properties: bag,
  },
};

// ajv 8 is a dependency of core (the root holds an older one for eslint): load core's copy.
const requireFromCore = createRequire(new URL('../../../core/package.json', import.meta.url));
interface ValidateFn {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}
interface AjvLike {
  compile(schema: unknown): ValidateFn;
}
const Ajv = (
  requireFromCore('ajv') as { default: new (options: Record<string, unknown>) => AjvLike }
).default;
const addFormats = (requireFromCore('ajv-formats') as { default: (ajv: AjvLike) => AjvLike })
  .default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(sarifSubset);

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri?: string }[] } };
    results: { ruleId: string; ruleIndex: number; message: { text: string } }[];
  }[];
}

const expectValid = (text: string): SarifLog => {
  const log: unknown = JSON.parse(text);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  const run = (log as SarifLog).runs[0]!;
  // SARIF 3.27.6: ruleIndex points at the rule with the same id.
  for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  return log as SarifLog;
};

describe('renderSarif', () => {
  it('writes the rules that fired and one located result per finding', () => {
    const text = renderSarif(gateReport(), {
      ruleDocs: new Set(['field-added-without-default']),
      sourceBaseUri: 'https://github.com/acme/mesh/blob/abc123/',
    });
    expectValid(text);
    const log = JSON.parse(text);
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('meshkit');
    expect(run.tool.driver.informationUri).toBe('https://meshkit.dev');
    expect(run.tool.driver.rules).toEqual([
      {
        id: 'field-added-without-default',
        shortDescription: { text: 'A reader field has no default and the writer does not have it' },
        fullDescription: {
          text: expect.stringContaining('Data written without the field cannot be read'),
        },
        help: {
          text: expect.stringMatching(
            /^Give the field a default.* See docs\/rules\/field-added-without-default\.md\.$/,
          ),
        },
        helpUri:
          'https://github.com/acme/mesh/blob/abc123/docs/rules/field-added-without-default.md',
        properties: { docs: 'docs/rules/field-added-without-default.md' },
      },
      { id: 'owner-changed', shortDescription: { text: 'Owner changed' } },
      { id: 'sla-loosened', shortDescription: { text: 'SLA loosened' } },
    ]);
    expect(run.results).toEqual([
      {
        ruleId: 'field-added-without-default',
        ruleIndex: 0,
        level: 'error',
        message: {
          text: 'orders 1.4.0 is not BACKWARD: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2 (channel)\nFix: give channel a default',
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: 'domains/sales/orders/contracts/orders.avsc',
                uriBaseId: '%SRCROOT%',
              },
              region: { startLine: 12, startColumn: 5 },
            },
          },
        ],
        properties: {
          avroType: 'READER_FIELD_MISSING_DEFAULT_VALUE',
          downstream: ['marketing/campaigns'],
          product: 'sales/orders',
          port: 'orders',
          pointer: '/fields/2',
        },
      },
      {
        ruleId: 'sla-loosened',
        ruleIndex: 2,
        level: 'warning',
        message: { text: 'freshness maxAge went up from PT15M to PT1H' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: 'domains/sales/orders/product.yaml',
                uriBaseId: '%SRCROOT%',
              },
              region: { startLine: 20, startColumn: 7 },
            },
          },
        ],
        properties: { product: 'sales/orders', port: 'orders' },
      },
      {
        ruleId: 'owner-changed',
        ruleIndex: 1,
        level: 'note',
        message: { text: 'owner changed from sales-data to sales-platform' },
        // No file: the product's descriptor, because code scanning drops unlocated results.
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: 'domains/sales/customers/product.yaml',
                uriBaseId: '%SRCROOT%',
              },
            },
          },
        ],
        properties: { product: 'sales/customers' },
      },
    ]);
    expect(run.automationDetails).toEqual({ id: 'mesh-breaking/' });
  });

  it('names a rule page without a helpUri when no absolute base is known', () => {
    const log = expectValid(renderSarif(gateReport(), { ruleDocs: new Set(['sla-loosened']) }));
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.every((r) => r.helpUri === undefined)).toBe(true);
    expect(rules[2]).toEqual({
      id: 'sla-loosened',
      shortDescription: { text: 'SLA loosened' },
      help: { text: 'See docs/rules/sla-loosened.md.' },
      properties: { docs: 'docs/rules/sla-loosened.md' },
    });
  });

  it('keeps hostile text intact as JSON strings and encodes odd file names as URI references', () => {
    const text = renderSarif(hostileReport());
    const log = expectValid(text);
    expect(log.runs[0]!.results[0]!.message.text).toBe(`${HOSTILE}\nFix: ${HOSTILE}`);
    const loc = JSON.parse(text).runs[0].results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe('domains/x/y/contracts/a%20b%2Cc%3Ad%25.avsc');
    expect(JSON.parse(text).runs[0].results[0].properties.downstream).toEqual([
      '<img src=x onerror=alert(1)>',
      'z/w|v',
    ]);
  });

  it('marks waived findings as accepted external suppressions and absolute paths as file URIs', () => {
    const report = emptyReport();
    report.findings = [
      {
        ruleId: 'type-changed',
        severity: 'error',
        message: 'm',
        location: { file: '/tmp/a b/reader.avsc', line: 0 },
        data: { waived: true },
      },
    ];
    const text = renderSarif(report);
    expectValid(text);
    const r = JSON.parse(text).runs[0].results[0];
    expect(r.suppressions).toEqual([{ kind: 'external', status: 'accepted' }]);
    // Line 0 is unknown: no region rather than an invalid one.
    expect(r.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'file:///tmp/a%20b/reader.avsc' },
    });
  });

  it('writes a valid log with no rules and no results for an empty report', () => {
    const text = renderSarif(emptyReport());
    expectValid(text);
    const run = JSON.parse(text).runs[0];
    expect(run.tool.driver.rules).toEqual([]);
    expect(run.results).toEqual([]);
    expect(run.properties).toEqual({
      command: 'compat',
      ok: true,
      summary: { checked: 1, errors: 0, warnings: 0, infos: 0 },
    });
  });

  it('is rejected by the schema subset when a required property is missing', () => {
    const log = JSON.parse(renderSarif(gateReport()));
    delete log.runs[0].results[0].message;
    log.runs[0].tool.driver.rules[0].helpUri = 'docs/rules/x.md';
    expect(validate(log)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/tool/driver/rules/0/helpUri', '/runs/0/results/0']),
    );
  });
});
