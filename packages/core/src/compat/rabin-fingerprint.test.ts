import { describe, expect, it } from 'vitest';
import { rabinFingerprint64 } from './rabin-fingerprint.js';

// Expected values from Apache Avro Java's SchemaNormalization.fingerprint64 (1.12.2).
describe('rabinFingerprint64', () => {
  it.each([
    ['"int"', '7275d51a3f395c8f'],
    ['{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}', 'f24a46c662b1e6fe'],
    ['"héllo"', 'bdf5df45b7ac251c'],
  ])("gives Avro Java's fingerprint for %s", (text, expected) => {
    expect(rabinFingerprint64(text)).toBe(expected);
  });
});
