import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DigestCache } from '../../src/cli/digestCache.js';
import { CHUNK_BYTES, sha256OfFile, sha256OfFiles, streamRegularFile } from '../../src/cli/fileDigest.js';
import { nodeHost } from '../../src/cli/io.js';

// Edge sizes around the reused read buffer, and a file several buffers long.
const SIZES = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES, 3 * CHUNK_BYTES + 17];

/** Files of the edge sizes with random bytes, and their digests from node:crypto one-shot and from sha256sum. */
function edgeFiles(): { dir: string; files: { path: string; size: number; bytes: Buffer; oneShot: string; sha256sum: string }[] } {
  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-fd-'));
  const files = SIZES.map((size) => {
    const bytes = randomBytes(size);
    const path = join(dir, `f${size}`);
    writeFileSync(path, bytes);
    // sha256sum is an independent implementation reading the file itself (coreutils, always present here).
    const sha256sum = execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]!;
    return { path, size, bytes, oneShot: createHash('sha256').update(bytes).digest('hex'), sha256sum };
  });
  return { dir, files };
}

describe('streamed file digests', () => {
  it('equal a one-shot digest and sha256sum at every edge size, with and without the size known beforehand', () => {
    const { files } = edgeFiles();
    for (const file of files) {
      expect(file.oneShot, `sizes ${file.size}`).toBe(file.sha256sum);
      expect(sha256OfFile(file.path), `size ${file.size}`).toBe(file.oneShot);
      expect(sha256OfFile(file.path, file.size), `size ${file.size}, known`).toBe(file.oneShot);
      // A stale size from an earlier stat (the file changed since) still gives the file's digest now.
      expect(sha256OfFile(file.path, file.size + 5), `size ${file.size}, stale larger`).toBe(file.oneShot);
      expect(sha256OfFile(file.path, Math.max(0, file.size - 5)), `size ${file.size}, stale smaller`).toBe(file.oneShot);
    }
  });

  it('reusing the buffer from one file to the next does not leak bytes between them (large file, then a small one)', () => {
    const { files } = edgeFiles();
    const order = [...files].reverse().concat(files);
    expect(order.map((f) => sha256OfFile(f.path, f.size))).toEqual(order.map((f) => f.oneShot));
  });

  it('many files at once (both threads) give the same digests, in order, an unreadable one as undefined', () => {
    const { dir, files } = edgeFiles();
    const many = join(dir, 'many');
    mkdirSync(many);
    const small = Array.from({ length: 2500 }, (_, i) => {
      const bytes = randomBytes(i % 300);
      const path = join(many, `s${i}`);
      writeFileSync(path, bytes);
      return { path, size: bytes.length, oneShot: createHash('sha256').update(bytes).digest('hex') };
    });
    const all = [...small.slice(0, 1000), ...files, { path: join(dir, 'missing'), size: 3, oneShot: undefined }, ...small.slice(1000)];
    const digests = sha256OfFiles(all.map((f) => ({ absolute: f.path, size: f.size })));
    expect(digests).toEqual(all.map((f) => f.oneShot));
  });

  it('a FIFO or a device found where a regular file was is refused, never waited on or read without end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-fd-'));
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const expectedSize of [undefined, 0, 10]) {
      const fromFifo = streamRegularFile(fifo, () => undefined, undefined, expectedSize);
      expect(fromFifo.ok, `FIFO, expected size ${expectedSize}`).toBe(false);
      const fromZero = streamRegularFile('/dev/zero', () => undefined, undefined, expectedSize);
      expect(fromZero.ok, `/dev/zero, expected size ${expectedSize}`).toBe(false);
    }
  });

  it("the host's streamFile gives a file's bytes in order, as readFile does", () => {
    const { dir, files } = edgeFiles();
    const host = nodeHost(dir, { digests: new DigestCache(undefined) });
    for (const file of files) {
      host.stat(`f${file.size}`);
      const chunks: Buffer[] = [];
      const read = host.streamFile!(`f${file.size}`, (chunk) => chunks.push(Buffer.from(chunk)));
      expect(read.ok).toBe(true);
      expect(Buffer.concat(chunks).equals(file.bytes), `size ${file.size}`).toBe(true);
    }
    expect(host.streamFile!('nope', () => undefined)).toMatchObject({ ok: false, missing: true });
  });

  it('the digest cache answers the same after hashing all at once as file by file', () => {
    const { files } = edgeFiles();
    const cache = new DigestCache(undefined);
    cache.digestAll(files.map((f) => f.path), new Map());
    expect(cache.stats.misses).toBe(files.length);
    expect(files.map((f) => cache.digest(f.path))).toEqual(files.map((f) => f.oneShot));
    expect(cache.stats.misses).toBe(files.length);
  });
});
