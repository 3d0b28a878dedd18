import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersistentMap } from '../../src/util/persistentMap.js';

type Op = { key: string; value: number; from: number };

/**
 * A tree of versions: each op sets a key on an earlier version (`from`), as derived images extend an
 * earlier image's state. Every version must read as the JavaScript Map built the obvious way.
 */
function check(ops: readonly Op[], hash?: (key: string) => number): void {
  const persistent = [PersistentMap.empty<number>(hash)];
  const plain = [new Map<string, number>()];
  for (const op of ops) {
    const base = op.from % persistent.length;
    persistent.push(persistent[base]!.set(op.key, op.value));
    plain.push(new Map(plain[base]!).set(op.key, op.value));
  }
  const keys = new Set(ops.map((o) => o.key));
  persistent.forEach((map, i) => {
    expect(map.size).toBe(plain[i]!.size);
    for (const key of [...keys, 'absent']) expect(map.get(key)).toBe(plain[i]!.get(key));
  });
}

const ops = (keys: fc.Arbitrary<string>) => fc.array(fc.record({ key: keys, value: fc.integer(), from: fc.nat() }), { maxLength: 200 });

describe('PersistentMap', () => {
  it('reads every version as a Map built by copying would, and never changes an earlier version', () => {
    fc.assert(fc.property(ops(fc.string({ maxLength: 4 })), (o) => check(o)));
  });

  it('keeps keys apart whose hashes collide, in whole or in their first bits', () => {
    // Whole hashes equal: one bucket. Low bits equal: branches several levels deep.
    fc.assert(fc.property(ops(fc.string({ maxLength: 3 })), (o) => check(o, () => 7)));
    fc.assert(fc.property(ops(fc.string({ maxLength: 3 })), (o) => check(o, (k) => (k.length << 27) | 5)));
    fc.assert(fc.property(ops(fc.string({ maxLength: 3 })), (o) => check(o, (k) => ((k.charCodeAt(0) || 0) % 3) << 30)));
  });

  it('holds many keys with short paths', () => {
    let map = PersistentMap.empty<number>();
    const older = [];
    for (let i = 0; i < 5000; i++) {
      older.push(map);
      map = map.set(`/app/file${i}`, i);
    }
    expect(map.size).toBe(5000);
    expect(map.get('/app/file4999')).toBe(4999);
    expect(older[1000]!.get('/app/file999')).toBe(999);
    expect(older[1000]!.has('/app/file1000')).toBe(false);
  });
});
