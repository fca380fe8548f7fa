import { describe, expect, it } from 'vitest';
import { scanPortVersions } from './contract-touches.js';

describe('scanPortVersions', () => {
  it('finds the version of a port written in block style', () => {
    const yaml =
      'outputPorts:\n  - name: orders\n    # the main port\n    contract: c.avsc\n    version: "1.3.0"\n  - name: lines\n    version: 2.0.0\n';
    expect(scanPortVersions(yaml, 'orders')).toEqual(['1.3.0']);
    expect(scanPortVersions(yaml, 'lines')).toEqual(['2.0.0']);
  });

  it('gives up (no result) on flow style, so the caller parses the YAML', () => {
    expect(
      scanPortVersions('outputPorts:\n  - { name: orders, version: 1.0.0 }\n', 'orders'),
    ).toEqual([]);
  });

  it('reports every entry when a port has two majors, so the caller parses the YAML', () => {
    const yaml =
      'outputPorts:\n  - name: orders\n    version: 1.4.0\n  - name: orders\n    version: 2.0.0\n';
    expect(scanPortVersions(yaml, 'orders')).toEqual(['1.4.0', '2.0.0']);
  });

  it('does not take a version from a nested key or another entry', () => {
    const yaml =
      'outputPorts:\n  - name: orders\n    sla:\n      version: 9.9.9\n  - name: other\n    version: 1.0.0\n';
    expect(scanPortVersions(yaml, 'orders')).toEqual([]);
  });
});
