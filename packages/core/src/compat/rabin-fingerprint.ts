/**
 * Avro's 64-bit Rabin fingerprint (CRC-64-AVRO, spec: "Schema Fingerprints"), the fingerprint
 * Avro itself uses to identify schemas. Computed on two 32-bit halves: no BigInt, so it is fast
 * enough to key a verdict cache over thousands of schemas.
 */
const EMPTY_HI = 0xc15d213a;
const EMPTY_LO = 0xa4d7a795;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let j = 0; j < 8; j++) {
    const odd = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (odd) {
      hi = (hi ^ EMPTY_HI) >>> 0;
      lo = (lo ^ EMPTY_LO) >>> 0;
    }
  }
  TABLE_HI[i] = hi;
  TABLE_LO[i] = lo;
}

const encoder = new TextEncoder();

const NON_ASCII = /[\u0080-\uffff]/;

/** The fingerprint of the UTF-8 bytes of `text`, as 16 lowercase hex digits. */
export const rabinFingerprint64 = (text: string): string => {
  let hi = EMPTY_HI;
  let lo = EMPTY_LO;
  // Schema text is almost all ASCII, whose UTF-8 bytes are its char codes: only what follows the
  // first other character is encoded.
  const found = text.search(NON_ASCII);
  const ascii = found < 0 ? text.length : found;
  const rest = ascii < text.length ? encoder.encode(text.slice(ascii)) : undefined;
  const length = ascii + (rest?.length ?? 0);
  for (let k = 0; k < length; k++) {
    const byte = k < ascii ? text.charCodeAt(k) : rest![k - ascii]!;
    const i = (lo ^ byte) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ TABLE_LO[i]!) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[i]!) >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
};
