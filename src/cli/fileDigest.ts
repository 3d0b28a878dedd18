/**
 * Digests of files on the real file system, streamed: a file is read in chunks through one reused buffer
 * and never held whole, whatever its size, and no buffer is allocated per file (a fresh 1 MiB buffer per
 * file cost a fifth of the hashing time in garbage collection). `sha256OfFiles` hashes many files on both
 * cores (this thread and one worker) while keeping the caller synchronous; a caller that reads some of
 * these files anyway (flyte-sdk's md5 stream) computes their digests from the same read (`PendingDigests.along`).
 */
import { createHash, hash as oneShotHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Read size. Small files take one read plus the read that sees the end. */
export const CHUNK_BYTES = 1 << 20;

// One buffer per thread (a worker loads its own copy of this module). Nothing keeps a reference to it
// across calls: `hash.update` copies what it is given.
let shared: Buffer | undefined;
const chunkBuffer = (): Buffer => (shared ??= Buffer.allocUnsafeSlow(CHUNK_BYTES));

/** How failures are worded (io.ts's words, for the same messages as `readFile`). */
export interface Describe {
  error(error: unknown): string;
  kind(stat: fs.Stats): string;
}
const QUIET: Describe = { error: String, kind: () => 'something else' };

/** Why a file could not be read: the failure `HostFiles.readFile` would give, for the same diagnostics. */
export type StreamFailure = { readonly ok: false; readonly missing: boolean; readonly reason: string };

/**
 * Feeds a regular file's bytes to `each`, chunk by chunk, in order. The chunk is a view of a reused buffer,
 * valid only during the call; `last` says no chunk follows (known only when the size was: see below). Opened without blocking and checked after opening (not before), so that a
 * FIFO cannot hang the reader nor a link to `/dev/zero` be read without end.
 *
 * `expectedSize`: the size a stat of this path found earlier in the run. Reading stops at the short read
 * that reaches it, and the opened file is checked (fstat, a third of the cost of a small file) only when
 * it gives other than that many bytes, or none: a FIFO or device swapped in since is caught before more
 * than the expected bytes are used, and a regular file that changed size is read to its end as any other.
 * (A FIFO whose writer sends exactly the expected bytes is hashed as those bytes: whoever can do that
 * could as well have written the file.)
 */
export function streamRegularFile(absolute: string, each: (chunk: Uint8Array, last: boolean) => void, describe: Describe = QUIET, expectedSize?: number): { readonly ok: true } | StreamFailure {
  let fd: number;
  try {
    fd = fs.openSync(absolute, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT' || code === 'ENOTDIR', reason: describe.error(error) };
  }
  let checked = false;
  const notRegular = (): StreamFailure | undefined => {
    checked = true;
    const stat = fs.fstatSync(fd);
    return stat.isFile() ? undefined : { ok: false, missing: false, reason: `it is ${describe.kind(stat)}, not a regular file` };
  };
  try {
    if (expectedSize === undefined) {
      const refused = notRegular();
      if (refused) return refused;
    }
    const buffer = chunkBuffer();
    for (let total = 0; ; ) {
      const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
      total += n;
      // An empty read is checked too: a FIFO with no writer reads as empty.
      if (!checked && (n === 0 ? total !== expectedSize || total === 0 : total > expectedSize!)) {
        const refused = notRegular();
        if (refused) return refused;
      }
      if (n === 0) return { ok: true };
      // A short read that brings the total to the size the stat found is the end of a regular file: the
      // read that would return nothing is not made (a third of the system calls of a small file). Short of
      // that size, or past it (the file grew), reading goes on to the end as before.
      const last = n < CHUNK_BYTES && total === expectedSize;
      each(n === CHUNK_BYTES ? buffer : buffer.subarray(0, n), last);
      if (last) return { ok: true };
    }
  } catch (error) {
    // A FIFO with a writer and nothing written yet fails the read (EAGAIN): say what it is.
    if (!checked) {
      try {
        const refused = notRegular();
        if (refused) return refused;
      } catch {
        // The reason below is the better one.
      }
    }
    return { ok: false, missing: false, reason: describe.error(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * sha256 of bytes that come in chunks. A file read in one chunk (most files of a source tree, their size
 * known from the walk) is hashed in one call, without a Hash object: half the cost of hashing a small file.
 */
export class ChunkedSha256 {
  private hash: Hash | undefined;
  private whole: string | undefined;

  update(chunk: Uint8Array, last: boolean): void {
    if (this.hash === undefined && last) this.whole = oneShotHash('sha256', chunk, 'hex');
    else (this.hash ??= createHash('sha256')).update(chunk);
  }

  hex(): string {
    return this.whole ?? (this.hash ?? createHash('sha256')).digest('hex');
  }
}

/** sha256 (hex) of a regular file's bytes; undefined when it cannot be read. */
export function sha256OfFile(absolute: string, expectedSize?: number): string | undefined {
  const sha256 = new ChunkedSha256();
  const read = streamRegularFile(absolute, (chunk, last) => sha256.update(chunk, last), QUIET, expectedSize);
  return read.ok ? sha256.hex() : undefined;
}

/**
 * A second thread is started only once this thread has hashed for this long (CPU time) and what is left
 * would take at least `WORTH_A_WORKER` times as long again: starting a worker costs tens of milliseconds of
 * CPU (more on a loaded machine), more than small jobs take in all. Measured, not guessed from sizes: a
 * cold page cache or a slow disk change the cost per byte and per file. CPU time, not wall time: on a
 * machine busy with other work the wall clock made 5,000 small files look long enough for a worker that
 * then cost more than it hashed.
 */
const SOLO_MS = 25;
/** A worker is started only for what is left taking at least this many times `SOLO_MS` (100 ms). */
const WORTH_A_WORKER = 4;
/** A file's fixed cost (open, read, close, digest), in bytes hashed in the same time. */
const FILE_COST_BYTES = 16 * 1024;
/** How long to wait for the worker's answer on one file before hashing it here instead. */
const WORKER_PATIENCE_MS = 2000;

/** A file to hash, with the size a stat found earlier in this run (see `streamRegularFile`) when known. */
export interface FileToHash {
  readonly absolute: string;
  readonly size?: number;
}

/**
 * sha256 (hex) of each file, in order (undefined where a file cannot be read). With enough work (see
 * `SOLO_MS`), a worker thread takes files from the end while this thread takes them from the start, each
 * claiming a file before reading it, so both cores stay busy until they meet; this thread blocks
 * (Atomics.wait) only for files the worker has started and not finished. The results are the same as
 * `sha256OfFile` on each, whichever thread computed them.
 */
export function sha256OfFiles(files: readonly FileToHash[], tuning: PoolTuning = {}): (string | undefined)[] {
  return new PendingDigests(files, tuning).finish();
}

/**
 * Bytes of sha256 worth a worker started at once beside another read of the same files (flyte-sdk's md5
 * stream): without a worker, this thread hashes along that read (`along`) and the digests of small files
 * cost next to nothing (the read is shared), so only the bytes count, at about 1.5 GB/s: ~40 ms, a
 * worker's start-up. Only with an idle core: on a busy machine the worker's second read of every file is
 * CPU taken from the md5 stream.
 */
const BACKGROUND_MIN_BYTES = 64 * 1024 * 1024;

/** What `along` gives: the digest of a file from chunks the caller reads anyway. */
export interface HashAlong {
  update(chunk: Uint8Array, last: boolean): void;
  /** `ok`: the whole file was read. */
  end(ok: boolean): void;
}

/**
 * Digests being computed. `background`: the caller first reads these files for something else (flyte-sdk's
 * md5 stream, which cannot be split) and hashes each along (`along`), or, for large trees with an idle
 * core, a worker started now hashes them meanwhile from the other end; `finish` then hashes what neither
 * took, as `sha256OfFiles`.
 */
export class PendingDigests {
  private readonly job: DigestJob;
  private readonly costs: readonly number[];
  private readonly totalCost: number;
  /** Digests computed on this thread, by index (a file claimed here and not read whole: undefined). */
  private readonly here: (string | undefined)[];
  private worker: { unref(): void } | undefined;
  private started = false;

  constructor(
    private readonly files: readonly FileToHash[],
    private readonly tuning: PoolTuning & { readonly background?: boolean } = {},
  ) {
    this.job = newJob(files.length);
    this.here = new Array<string | undefined>(files.length);
    this.costs = files.map((file) => (file.size ?? 0) + FILE_COST_BYTES);
    this.totalCost = this.costs.reduce((sum, cost) => sum + cost, 0);
    if (tuning.background && files.reduce((sum, file) => sum + (file.size ?? 0), 0) >= BACKGROUND_MIN_BYTES && aCoreIsFree()) this.start();
  }

  private start(): void {
    this.started = true;
    if (availableParallelism() > 1) this.worker = startWorker(this.files, this.job);
    if (this.worker && this.tuning.waitForWorker) Atomics.wait(this.job.running, 0, 0, 30_000);
  }

  /** Claims file `i` for this thread: false when the worker (or an earlier claim) has it. */
  private claim(i: number): boolean {
    return Atomics.compareExchange(this.job.status, i, FREE, HERE) === FREE;
  }

  /**
   * File `i`'s digest from the bytes the caller is about to read, unless another thread has claimed it
   * (then undefined: its digest comes from there). Every chunk, then `end`.
   */
  along(i: number): HashAlong | undefined {
    // With a worker on another core, the sha256 work is left to it: this thread's md5 stream is the longer
    // of the two, and hashing along would lengthen it. Without one, hashing along costs no read.
    if (this.worker || !this.claim(i)) return undefined;
    const sha256 = new ChunkedSha256();
    return {
      update: (chunk, last) => sha256.update(chunk, last),
      end: (ok) => {
        this.here[i] = ok ? sha256.hex() : undefined;
      },
    };
  }

  finish(): (string | undefined)[] {
    const { files, job, here } = this;
    const soloMs = this.tuning.soloMs ?? SOLO_MS;
    const n = files.length;
    const begun = cpuMs();
    let done = 0;
    for (let i = 0; i < n; i++) {
      if (!this.claim(i)) continue;
      here[i] = sha256OfFile(files[i]!.absolute, files[i]!.size);
      done += this.costs[i]!;
      if (this.started || (i & 15) !== 15) continue;
      const elapsed = cpuMs() - begun;
      if (elapsed < soloMs) continue;
      // Both threads then share what is left. Worth it only if that takes several times the worker's
      // start-up (tens of milliseconds of CPU on the core it would share): at 5,000 small files a worker
      // started for a remainder of ~25 ms cost more CPU than all the hashing and finished next to nothing.
      if ((elapsed * (this.totalCost - done)) / done >= WORTH_A_WORKER * soloMs) this.start();
      else this.started = true;
    }
    // Collect what the worker hashed; a file it has not finished after a while is hashed here (the worker
    // may have failed: its error could not reach this blocked thread).
    const out = new Array<string | undefined>(n);
    let byWorker = 0;
    for (let i = 0; i < n; i++) {
      if (Atomics.load(job.status, i) === HERE) {
        out[i] = here[i];
        continue;
      }
      byWorker++;
      if (Atomics.load(job.status, i) === WORKER) Atomics.wait(job.status, i, WORKER, WORKER_PATIENCE_MS);
      const status = Atomics.load(job.status, i);
      if (status === DONE) out[i] = Buffer.from(job.digests.buffer, i * 32, 32).toString('hex');
      else if (status === FAILED) out[i] = undefined;
      else out[i] = sha256OfFile(files[i]!.absolute, files[i]!.size);
    }
    this.worker?.unref();
    this.tuning.onWorkerShare?.(byWorker);
    return out;
  }
}

/** CPU time of the process, in milliseconds (before a worker starts: this thread's, and V8's helpers'). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * For tests: start the worker sooner (`soloMs: 0`: at once), wait until it runs (else this thread could
 * finish first), and learn how many files it hashed.
 */
export interface PoolTuning {
  readonly soloMs?: number;
  readonly waitForWorker?: boolean;
  readonly onWorkerShare?: (files: number) => void;
}

/** A file's state: unclaimed, being hashed by the worker, hashed by it, unreadable to it, claimed by the caller's thread. */
const FREE = 0;
const WORKER = 1;
const DONE = 2;
const FAILED = 3;
const HERE = 4;

/** The memory both threads share: whether the worker runs, each file's state, each raw digest. */
export interface DigestJob {
  readonly running: Int32Array;
  readonly status: Int32Array;
  readonly digests: Uint8Array;
}

function newJob(n: number): DigestJob {
  return {
    running: new Int32Array(new SharedArrayBuffer(4)),
    status: new Int32Array(new SharedArrayBuffer(4 * n)),
    digests: new Uint8Array(new SharedArrayBuffer(32 * n)),
  };
}

/** The worker's side: take files from the last one down, until it meets files the other thread took. */
export function workOn(files: readonly FileToHash[], job: DigestJob): void {
  Atomics.store(job.running, 0, 1);
  Atomics.notify(job.running, 0);
  const digests = Buffer.from(job.digests.buffer, job.digests.byteOffset, job.digests.byteLength);
  for (let i = files.length - 1; i >= 0; i--) {
    if (Atomics.compareExchange(job.status, i, FREE, WORKER) !== FREE) continue;
    const hex = sha256OfFile(files[i]!.absolute, files[i]!.size);
    if (hex !== undefined) digests.write(hex, i * 32, 'hex');
    Atomics.store(job.status, i, hex === undefined ? FAILED : DONE);
    Atomics.notify(job.status, i);
  }
}

function startWorker(files: readonly FileToHash[], job: DigestJob): { unref(): void } | undefined {
  try {
    const worker = new Worker(new URL('./digestWorker.js', import.meta.url), { workerData: { files, job } });
    // A worker that fails to start changes nothing: this thread hashes every file it did not.
    worker.on('error', () => undefined);
    return worker;
  } catch {
    return undefined;
  }
}

/** Files go to the prefetching worker in batches of this many, or fewer when they are large. */
const BATCH_FILES = 128;
const BATCH_BYTES = 8 * 1024 * 1024;
/**
 * Prefetching starts a worker once the walks have found this much work (file costs as `FILE_COST_BYTES`:
 * ~1,900 small files, or 32 MiB): less is hashed here sooner than a worker starts.
 */
const PREFETCH_MIN_COST = 32 * 1024 * 1024;
const MAX_BATCHES = 1 << 16;

/** A file to hash ahead, with the stat its digest will be kept for. */
export interface FileToPrefetch extends FileToHash {
  readonly identity: object;
}

/**
 * Hashing ahead, on a second thread, the regular files the walks find while the rest of the compile goes
 * on (the walks are in `analyze`, the hashing after lowering): the two overlap on two cores. Files are sent
 * in batches; each batch is claimed by whichever thread starts it first (the worker from the first, this
 * thread from the last, when `collect` finds it not begun), so no file is hashed twice and this thread
 * never waits for a batch nobody started.
 */
export class Prefetch {
  private queue: FileToPrefetch[] = [];
  private queuedBytes = 0;
  private cost = 0;
  private readonly batches: (readonly FileToPrefetch[])[] = [];
  private readonly states = new Int32Array(new SharedArrayBuffer(4 * MAX_BATCHES));
  private channel: { readonly worker: Worker; readonly port: MessagePort } | undefined;
  private closed = false;
  /** After `collect`: how many files the worker hashed. */
  workerShare = 0;

  /**
   * For tests: `anyLoad` starts the worker however busy the machine is; `waitForWorker` makes `collect`
   * first wait until it has begun (else this thread may take every batch).
   */
  constructor(private readonly tuning: { readonly anyLoad?: boolean; readonly waitForWorker?: boolean } = {}) {}

  add(file: FileToPrefetch): void {
    if (this.closed) return;
    this.queue.push(file);
    this.queuedBytes += file.size ?? 0;
    this.cost += (file.size ?? 0) + FILE_COST_BYTES;
    if (!this.channel) {
      if (this.cost < PREFETCH_MIN_COST) return;
      this.channel = this.tuning.anyLoad || aCoreIsFree() ? startPrefetchWorker(this.states) : undefined;
      if (!this.channel) return this.stop();
    }
    if (this.queue.length >= BATCH_FILES || this.queuedBytes >= BATCH_BYTES) this.send();
  }

  private send(): void {
    for (let from = 0; from < this.queue.length; from += BATCH_FILES) {
      const b = this.batches.length;
      if (b >= MAX_BATCHES) return this.stop();
      const batch = this.queue.slice(from, from + BATCH_FILES);
      this.batches.push(batch);
      this.channel!.port.postMessage({ b, files: batch.map(({ absolute, size }) => ({ absolute, size })) });
    }
    this.queue = [];
    this.queuedBytes = 0;
  }

  /**
   * Ends prefetching and gives the digests it has: the worker's, and those of `wanted` files in batches it
   * had not begun, hashed here now (a walk also stats files it then leaves out: an excluded file searched
   * for re-included ones; those are never hashed on this thread). Files found since the last batch was
   * sent are not in it (the caller hashes them).
   */
  collect(wanted: ReadonlySet<string>): Map<string, { readonly identity: object; readonly sha256: string | undefined }> {
    const found = new Map<string, { readonly identity: object; readonly sha256: string | undefined }>();
    const channel = this.channel;
    this.stop();
    if (!channel) return found;
    const { states, batches } = this;
    if (this.tuning.waitForWorker && batches.length > 0) Atomics.wait(states, 0, FREE, 30_000);
    for (let b = batches.length - 1; b >= 0; b--) {
      if (Atomics.compareExchange(states, b, FREE, HERE) !== FREE) continue;
      for (const file of batches[b]!) if (wanted.has(file.absolute)) found.set(file.absolute, { identity: file.identity, sha256: sha256OfFile(file.absolute, file.size) });
    }
    for (let b = 0; b < batches.length; b++) {
      if (Atomics.load(states, b) === WORKER) Atomics.wait(states, b, WORKER, WORKER_PATIENCE_MS);
    }
    // The worker posts a batch's digests before marking it done: every done batch's message is here.
    for (let message = receiveMessageOnPort(channel.port); message; message = receiveMessageOnPort(channel.port)) {
      const { b, digests } = message.message as { readonly b: number; readonly digests: readonly (string | null)[] };
      batches[b]!.forEach((file, i) => found.set(file.absolute, { identity: file.identity, sha256: digests[i] ?? undefined }));
      this.workerShare += batches[b]!.length;
    }
    channel.port.close();
    void channel.worker.terminate().catch(() => undefined);
    return found;
  }

  /** No more files are taken (the worker, if any, stays until `collect` or the end of the process). */
  stop(): void {
    this.closed = true;
    this.queue = [];
  }
}

/**
 * Whether a second thread would find a core to run on: more than one core, and on average (the last
 * minute's load) at least one of them idle. Hashing ahead only moves work to another core; on a machine
 * already busy it adds the worker's start-up (~40 ms of CPU) and gains nothing: measured on a loaded
 * 2-core machine, 5,000 small files took a quarter longer with it.
 */
function aCoreIsFree(): boolean {
  const cores = availableParallelism();
  return cores > 1 && loadavg()[0]! <= cores - 1;
}

/** The prefetching worker's side: hash each batch it can claim, post its digests, then mark it done. */
export function prefetchOn(port: MessagePort, states: Int32Array): void {
  port.on('message', ({ b, files }: { readonly b: number; readonly files: readonly FileToHash[] }) => {
    if (Atomics.compareExchange(states, b, FREE, WORKER) !== FREE) return;
    port.postMessage({ b, digests: files.map((file) => sha256OfFile(file.absolute, file.size) ?? null) });
    Atomics.store(states, b, DONE);
    Atomics.notify(states, b);
  });
}

function startPrefetchWorker(states: Int32Array): { readonly worker: Worker; readonly port: MessagePort } | undefined {
  try {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./digestWorker.js', import.meta.url), { workerData: { prefetch: { port: port2, states } }, transferList: [port2] });
    worker.on('error', () => undefined);
    // Neither keeps the process alive: a compile that stops before hashing (errors) exits at once.
    worker.unref();
    port1.unref();
    return { worker, port: port1 };
  } catch {
    return undefined;
  }
}
