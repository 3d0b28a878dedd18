import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSource, firstInvalidUtf8 } from '../../src/syntax/decode.js';
import { fuzz } from '../helpers/fuzz.js';

// Bytes that meet every branch of UTF-8: ASCII, each lead byte range, continuation bytes, overlong forms,
// surrogates, code points past U+10FFFF, truncated sequences.
const BYTE = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x41, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f));
const CHUNK = fc.oneof(
  fc.array(BYTE, { maxLength: 4 }),
  fc.string({ unit: 'binary' }).map((s) => [...Buffer.from(s, 'utf8')]),
);

describe('decodeSource', () => {
  it('agrees with Node on which bytes are UTF-8 (it asks Node first, and its own loop only says where)', () => {
    let valid = 0;
    let invalid = 0;
    fuzz(
      fc.property(fc.array(CHUNK, { maxLength: 8 }), (chunks) => {
        const bytes = Uint8Array.from(chunks.flat());
        const at = firstInvalidUtf8(bytes);
        expect(at === -1).toBe(isUtf8(bytes));
        if (at === -1) valid++;
        else invalid++;
      }),
      5000,
      31,
    );
    expect(valid).toBeGreaterThan(500);
    expect(invalid).toBeGreaterThan(500);
  });

  it('points at the first byte that is not UTF-8', () => {
    const decoded = decodeSource('a.flyimg', Uint8Array.from([0x61, 0x3d, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0x80]));
    expect(decoded.ok).toBe(false);
    expect(decoded.source.text).toBe('a=€');
    expect(decoded.diagnostics[0]?.primary?.span.start).toBe(3);
    expect(decodeSource('a.flyimg', Uint8Array.from([0xef, 0xbb, 0xbf, 0x61])).source.text).toBe('a');
  });
});
