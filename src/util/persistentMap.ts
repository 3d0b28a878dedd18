/**
 * A persistent map with string keys: `set` returns a new map and leaves the old one as it was, sharing all
 * but O(log n) of its nodes. For a state that many values extend in different ways, such as the files
 * copied up to each layer of images that share their first layers (check/rules/copyDestinationsUnique.ts),
 * where a copy per image would cost the square of the chain's length.
 *
 * A hash array mapped trie: 32 slots per node, five bits of a 32-bit hash per level, path copying, and a
 * bucket for keys whose whole hashes are equal.
 */

interface Entry<V> {
  readonly kind: 'entry';
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}

interface Bucket<V> {
  readonly kind: 'bucket';
  readonly hash: number;
  readonly entries: readonly Entry<V>[];
}

interface Branch<V> {
  readonly kind: 'branch';
  /** Which of the 32 slots are used; `slots` holds them in order. */
  readonly bitmap: number;
  readonly slots: readonly Slot<V>[];
}

type Slot<V> = Entry<V> | Bucket<V> | Branch<V>;

/** FNV-1a over the UTF-16 code units. */
function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function popcount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const EMPTY_BRANCH: Branch<never> = { kind: 'branch', bitmap: 0, slots: [] };

export class PersistentMap<V> {
  private constructor(
    private readonly root: Branch<V>,
    readonly size: number,
    private readonly hashOf: (key: string) => number,
  ) {}

  /** The empty map. `hash` is for tests that need keys whose hashes collide. */
  static empty<V>(hash: (key: string) => number = fnv1a): PersistentMap<V> {
    return new PersistentMap<V>(EMPTY_BRANCH, 0, hash);
  }

  get(key: string): V | undefined {
    const hash = this.hashOf(key);
    let slot: Slot<V> = this.root;
    for (let shift = 0; ; shift += 5) {
      if (slot.kind === 'entry') return slot.key === key ? slot.value : undefined;
      if (slot.kind === 'bucket') return slot.hash === hash ? slot.entries.find((e) => e.key === key)?.value : undefined;
      const bit = 1 << ((hash >>> shift) & 31);
      if ((slot.bitmap & bit) === 0) return undefined;
      slot = slot.slots[popcount(slot.bitmap & (bit - 1))]!;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The map with `key` set to `value` (`value` must not be undefined: `get` could not tell it from absent). */
  set(key: string, value: V): PersistentMap<V> {
    const entry: Entry<V> = { kind: 'entry', hash: this.hashOf(key), key, value };
    const added = { yes: false };
    const root = insert(this.root, entry, 0, added) as Branch<V>;
    return new PersistentMap(root, this.size + (added.yes ? 1 : 0), this.hashOf);
  }
}

function insert<V>(slot: Slot<V>, entry: Entry<V>, shift: number, added: { yes: boolean }): Slot<V> {
  if (slot.kind === 'branch') {
    const bit = 1 << ((entry.hash >>> shift) & 31);
    const index = popcount(slot.bitmap & (bit - 1));
    const slots = [...slot.slots];
    if ((slot.bitmap & bit) === 0) {
      added.yes = true;
      slots.splice(index, 0, entry);
      return { kind: 'branch', bitmap: slot.bitmap | bit, slots };
    }
    slots[index] = insert(slot.slots[index]!, entry, shift + 5, added);
    return { kind: 'branch', bitmap: slot.bitmap, slots };
  }
  if (slot.hash === entry.hash) {
    const entries = slot.kind === 'entry' ? [slot] : slot.entries;
    const at = entries.findIndex((e) => e.key === entry.key);
    if (at >= 0 && entries.length === 1) return entry;
    if (at < 0) added.yes = true;
    return { kind: 'bucket', hash: entry.hash, entries: at >= 0 ? entries.map((e, i) => (i === at ? entry : e)) : [...entries, entry] };
  }
  // Two different hashes in one slot: a branch that tells them apart (some five bits of 32 differ).
  const branch: Branch<V> = { kind: 'branch', bitmap: 1 << ((slot.hash >>> shift) & 31), slots: [slot] };
  return insert(branch, entry, shift, added);
}
