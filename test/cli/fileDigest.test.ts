import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DigestCache } from '../../src/cli/digestCache.js';
import { CHUNK_BYTES, sha256OfFile, streamRegularFile } from '../../src/cli/fileDigest.js';
import { nodeHost } from '../../src/cli/io.js';
import { DEFAULT_ANALYZE_OPTIONS } from '../../src/analyze.js';
import { compile } from '../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';

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

  it('many files at once (one thread or both) give the same digests, in order, an unreadable one as undefined', async () => {
    // The worker thread runs compiled JavaScript (dist/cli/digestWorker.js), as the CLI does: this test
    // uses the build (`npm test` builds first) so that the second thread really runs.
    const built = pathToFileURL(join(import.meta.dirname, '../../dist/cli/fileDigest.js')).href;
    const { sha256OfFiles } = (await import(built)) as typeof import('../../src/cli/fileDigest.js');
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
    const expected = all.map((f) => f.oneShot);
    const items = all.map((f) => ({ absolute: f.path, size: f.size }));
    // This thread alone (the worker's start-up is never worth it in under an hour).
    let share = -1;
    expect(sha256OfFiles(items, { soloMs: 3_600_000, onWorkerShare: (files) => (share = files) })).toEqual(expected);
    expect(share).toBe(0);
    // The worker from the 16th file on (this thread waits until it runs): it must have hashed some, and the
    // answers are the same whichever thread gave them.
    expect(sha256OfFiles(items, { soloMs: 0, waitForWorker: true, onWorkerShare: (files) => (share = files) })).toEqual(expected);
    expect(share).toBeGreaterThan(0);
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

  it('a file whose size changed since its stat is read whole: reading stops early only at the size the stat found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-fd-'));
    for (const size of [1, 100, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1]) {
      const bytes = randomBytes(size);
      const path = join(dir, `g${size}`);
      writeFileSync(path, bytes);
      // The stat saw it smaller (it grew since), larger (it shrank), or as it is.
      for (const expectedSize of [0, 1, size - 1, size, size + 1, 2 * size]) {
        const chunks: Buffer[] = [];
        expect(streamRegularFile(path, (chunk) => chunks.push(Buffer.from(chunk)), undefined, expectedSize).ok).toBe(true);
        expect(Buffer.concat(chunks).equals(bytes), `size ${size}, stat said ${expectedSize}`).toBe(true);
        expect(sha256OfFile(path, expectedSize)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }
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

  it('hashing in the background (while flyte md5 runs) gives the same answers when they are asked for', async () => {
    const built = pathToFileURL(join(import.meta.dirname, '../../dist/cli/digestCache.js')).href;
    const { DigestCache: BuiltCache } = (await import(built)) as typeof import('../../src/cli/digestCache.js');
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-fd-'));
    const files = Array.from({ length: 2500 }, (_, i) => {
      const bytes = randomBytes(i % 200);
      const path = join(dir, `b${i}`);
      writeFileSync(path, bytes);
      return { path, oneShot: createHash('sha256').update(bytes).digest('hex') };
    });
    const cache = new BuiltCache(undefined);
    cache.digestAll(
      files.map((f) => f.path),
      new Map(),
      { background: true },
    );
    expect(files.map((f) => cache.digest(f.path))).toEqual(files.map((f) => f.oneShot));
    expect(cache.stats).toMatchObject({ misses: files.length, hits: 0 });
  });

  it('the command line bundle has the worker next to the code that starts it (else hashing silently uses one core)', () => {
    const bundle = join(import.meta.dirname, '../../dist/bundle');
    const starters = readdirSync(bundle).filter((file) => file !== 'digestWorker.js' && readFileSync(join(bundle, file), 'utf8').includes('./digestWorker.js'));
    expect(starters.length).toBeGreaterThan(0);
    expect(existsSync(join(bundle, 'digestWorker.js'))).toBe(true);
    expect(readFileSync(join(bundle, 'digestWorker.js'), 'utf8')).toContain('workerData');
  });

  it('a compile hashes its context through digestAll and streams --hash flyte files (not read whole), giving the same tags', () => {
    const { dir, files } = edgeFiles();
    writeFileSync(join(dir, 'images.flyimg'), 'app = Image.from_base("python:3.12-slim").clone(name="app", registry="r.example", extendable=True).with_source_folder("src")\n');
    mkdirSync(join(dir, 'src'));
    for (const file of files) writeFileSync(join(dir, 'src', `f${file.size}`), file.bytes);
    const calls = { digestAll: 0, streamFile: 0 };
    const readWhole: string[] = [];
    const tags = (hash: 'v1' | 'flyte', spied: boolean) => {
      const real = nodeHost(dir, { digests: new DigestCache(undefined) });
      const host = spied
        ? {
            ...real,
            digestAll: (paths: readonly string[], options?: { readonly background?: boolean }) => (calls.digestAll++, real.digestAll!(paths, options)),
            streamFile: (path: string, each: (chunk: Uint8Array) => void) => (calls.streamFile++, real.streamFile!(path, each)),
            readFile: (path: string, options?: { readonly maxBytes?: number }) => (readWhole.push(path), real.readFile(path, options)),
          }
        : { readFile: real.readFile, stat: real.stat, listDir: real.listDir, realPath: real.realPath, ...(real.listDirRaw ? { listDirRaw: real.listDirRaw } : {}) };
      const result = compile(['images.flyimg'], host, { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES, hash });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return result.images.map((image) => image.hash!.tag);
    };
    // The same tags from a host that can only read whole files (the in-memory path) and from the real one.
    expect(tags('v1', true)).toEqual(tags('v1', false));
    expect(tags('flyte', true)).toEqual(tags('flyte', false));
    expect(calls.digestAll).toBe(2);
    expect(calls.streamFile).toBe(files.length);
    // No context file is read whole (they are digested or streamed).
    expect(readWhole.filter((path) => path.startsWith('src/'))).toEqual([]);
  });
});

describe('hashing ahead while the walks run (prefetch)', () => {
  /** `count` small files of random bytes under `dir/src/<k>/`, and their digests from node:crypto one-shot. */
  const smallTree = (dir: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const sub = join(dir, 'src', `d${i % 37}`);
      if (i < 37) mkdirSync(sub, { recursive: true });
      const bytes = randomBytes(i % 251);
      const path = join(sub, `f${i}.py`);
      writeFileSync(path, bytes);
      return { path, size: bytes.length, identity: {}, oneShot: createHash('sha256').update(bytes).digest('hex') };
    });

  it('gives each file the digest of its bytes, whichever thread hashed it, with the stat it was given', async () => {
    const built = pathToFileURL(join(import.meta.dirname, '../../dist/cli/fileDigest.js')).href;
    const { Prefetch } = (await import(built)) as typeof import('../../src/cli/fileDigest.js');
    const files = smallTree(mkdtempSync(join(tmpdir(), 'flyimgc-pf-')), 2500);
    const missing = { path: join(tmpdir(), 'flyimgc-pf-missing', 'x'), size: 1, identity: {}, oneShot: undefined };
    // Collected at once (this thread takes the batches the worker has not begun) and after the worker began.
    for (const waitForWorker of [false, true]) {
      const prefetch = new Prefetch({ anyLoad: true, waitForWorker });
      for (const file of [...files.slice(0, 1200), missing, ...files.slice(1200)]) prefetch.add({ absolute: file.path, size: file.size, identity: file.identity });
      // Every file is wanted but the last hundred (a walk stats files it then leaves out).
      const unwanted = new Set(files.slice(-100).map((file) => file.path));
      const found = prefetch.collect(new Set([...files.map((file) => file.path), missing.path].filter((path) => !unwanted.has(path))));
      // The files found after the last full batch are left to the caller; every other wanted one is here.
      const answered = files.filter((file) => found.has(file.path));
      expect(answered.filter((file) => !unwanted.has(file.path)).length, `waitForWorker ${waitForWorker}`).toBeGreaterThan(files.length - 100 - 128);
      for (const file of answered) expect(found.get(file.path)).toEqual({ identity: file.identity, sha256: file.oneShot });
      expect(found.get(missing.path)).toEqual({ identity: missing.identity, sha256: undefined });
      if (waitForWorker) expect(prefetch.workerShare).toBeGreaterThan(0);
      // Collected at once, this thread took the batches the worker had not begun, and hashed no unwanted file.
      if (!waitForWorker && prefetch.workerShare === 0) expect(answered.some((file) => unwanted.has(file.path))).toBe(false);
    }
  });

  it('a small tree starts no worker: its files are hashed when asked for', async () => {
    const built = pathToFileURL(join(import.meta.dirname, '../../dist/cli/fileDigest.js')).href;
    const { Prefetch } = (await import(built)) as typeof import('../../src/cli/fileDigest.js');
    const files = smallTree(mkdtempSync(join(tmpdir(), 'flyimgc-pf-')), 300);
    const prefetch = new Prefetch({ anyLoad: true, waitForWorker: true });
    for (const file of files) prefetch.add({ absolute: file.path, size: file.size, identity: file.identity });
    expect(prefetch.collect(new Set(files.map((file) => file.path))).size).toBe(0);
  });

  it('a compile through a prefetching digest cache gives the tags of a host that reads every file whole', async () => {
    const dist = (file: string) => pathToFileURL(join(import.meta.dirname, '../../dist', file)).href;
    const { DigestCache: BuiltCache } = (await import(dist('cli/digestCache.js'))) as typeof import('../../src/cli/digestCache.js');
    const { nodeHost: builtHost } = (await import(dist('cli/io.js'))) as typeof import('../../src/cli/io.js');
    const dir = mkdtempSync(join(tmpdir(), 'flyimgc-pf-'));
    const files = smallTree(dir, 2500);
    writeFileSync(join(dir, 'images.flyimg'), 'app = Image.from_base("python:3.12-slim").clone(name="app", registry="r.example", extendable=True).with_source_folder("src")\n');
    const options = { ...DEFAULT_ANALYZE_OPTIONS, imageMap: new Map(), tools: DEFAULT_TOOL_IMAGES };
    for (const hash of ['v1', 'flyte'] as const) {
      const digests = new BuiltCache(undefined, undefined, { prefetch: true });
      const ahead = compile(['images.flyimg'], builtHost(dir, { digests }), { ...options, hash });
      const real = nodeHost(dir);
      const whole = compile(['images.flyimg'], { readFile: real.readFile, stat: real.stat, listDir: real.listDir, realPath: real.realPath, ...(real.listDirRaw ? { listDirRaw: real.listDirRaw } : {}) }, { ...options, hash });
      expect(ahead.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(ahead.images.map((image) => image.hash!.tag), hash).toEqual(whole.images.map((image) => image.hash!.tag));
      expect(digests.stats.misses).toBe(files.length);
    }
  });
});
