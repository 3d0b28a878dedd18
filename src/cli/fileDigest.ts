/**
 * Digests of files on the real file system, streamed: a file is read in chunks through one reused buffer
 * and never held whole, whatever its size, and no buffer is allocated per file (a fresh 1 MiB buffer per
 * file cost a fifth of the hashing time in garbage collection). `sha256OfFiles` hashes many files on both
 * cores (this thread and one worker) while keeping the caller synchronous.
 */
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

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
 * valid only during the call. Opened without blocking and checked after opening (not before), so that a
 * FIFO cannot hang the reader nor a link to `/dev/zero` be read without end.
 *
 * `expectedSize`: the size a stat of this path found earlier in the run. Reading stops at the short read
 * that reaches it, and the opened file is checked (fstat, a third of the cost of a small file) only when
 * it gives other than that many bytes, or none: a FIFO or device swapped in since is caught before more
 * than the expected bytes are used, and a regular file that changed size is read to its end as any other.
 * (A FIFO whose writer sends exactly the expected bytes is hashed as those bytes: whoever can do that
 * could as well have written the file.)
 */
export function streamRegularFile(absolute: string, each: (chunk: Uint8Array) => void, describe: Describe = QUIET, expectedSize?: number): { readonly ok: true } | StreamFailure {
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
      each(n === CHUNK_BYTES ? buffer : buffer.subarray(0, n));
      // A short read that brings the total to the size the stat found is the end of a regular file: the
      // read that would return nothing is not made (a third of the system calls of a small file). Short of
      // that size, or past it (the file grew), reading goes on to the end as before.
      if (n < CHUNK_BYTES && total === expectedSize) return { ok: true };
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

/** sha256 (hex) of a regular file's bytes; undefined when it cannot be read. */
export function sha256OfFile(absolute: string, expectedSize?: number): string | undefined {
  const raw = sha256RawOfFile(absolute, expectedSize);
  return raw === undefined ? undefined : raw.toString('hex');
}

function sha256RawOfFile(absolute: string, expectedSize?: number): Buffer | undefined {
  const hash: Hash = createHash('sha256');
  const read = streamRegularFile(absolute, (chunk) => hash.update(chunk), QUIET, expectedSize);
  return read.ok ? hash.digest() : undefined;
}

/**
 * A second thread is started only once this thread has hashed for this long and what is left would take
 * at least `WORTH_A_WORKER` times as long again: starting a worker costs tens of milliseconds of this thread's time (more on a
 * loaded machine), more than small jobs take in all. Measured, not guessed from sizes: a cold page cache,
 * a slow disk or a loaded machine change the cost per byte and per file.
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
 * `SOLO_MS`), a worker thread and this one take files from one shared counter, so both cores stay busy
 * until the last file; this thread blocks (Atomics.wait) only for files the worker has started and not
 * finished. The results are the same as `sha256OfFile` on each, whichever thread computed them.
 */
export function sha256OfFiles(files: readonly FileToHash[], tuning: PoolTuning = {}): (string | undefined)[] {
  return new PendingDigests(files, tuning).finish();
}

/** Work worth a worker started at once, when this thread has something else to do meanwhile. */
const BACKGROUND_MIN_COST = 32 * 1024 * 1024;

/**
 * Digests being computed. `background`: the worker starts now and hashes while this thread does other
 * work (flyte-sdk's md5 stream, which cannot be split); `finish` then takes what is left, as `sha256OfFiles`.
 */
export class PendingDigests {
  private readonly job: DigestJob;
  private readonly costs: readonly number[];
  private readonly totalCost: number;
  private worker: { unref(): void } | undefined;
  private started = false;

  constructor(
    private readonly files: readonly FileToHash[],
    private readonly tuning: PoolTuning & { readonly background?: boolean } = {},
  ) {
    this.job = newJob(files.length);
    this.costs = files.map((file) => (file.size ?? 0) + FILE_COST_BYTES);
    this.totalCost = this.costs.reduce((sum, cost) => sum + cost, 0);
    if (tuning.background && this.totalCost >= BACKGROUND_MIN_COST) this.start();
  }

  private start(): void {
    this.started = true;
    if (availableParallelism() > 1) this.worker = startWorker(this.files, this.job);
    if (this.worker && this.tuning.waitForWorker) Atomics.wait(this.job.next, 1, 0, 30_000);
  }

  finish(): (string | undefined)[] {
    const { files, job } = this;
    const soloMs = this.tuning.soloMs ?? SOLO_MS;
    const n = files.length;
    const out: (string | undefined)[] = new Array<string | undefined>(n);
    const begun = performance.now();
    let done = 0;
    for (let i = claim(job); i < n; i = claim(job)) {
      out[i] = sha256OfFile(files[i]!.absolute, files[i]!.size);
      done += this.costs[i]!;
      if (this.started || (i & 15) !== 15) continue;
      const elapsed = performance.now() - begun;
      if (elapsed < soloMs) continue;
      // Both threads then share what is left. Worth it only if that takes several times the worker's
      // start-up (tens of milliseconds of CPU idle, far more on a loaded machine, on the core it would
      // share): at 5,000 small files a worker started for a remainder of ~25 ms cost more CPU than all the
      // hashing and finished next to nothing.
      if ((elapsed * (this.totalCost - done)) / done >= WORTH_A_WORKER * soloMs) this.start();
      else this.started = true;
    }
    // Collect what the worker hashed; a file it has not finished after a while is hashed here (the worker
    // may not have started at all: its error could not reach this blocked thread).
    let byWorker = 0;
    for (let i = 0; i < n; i++) {
      if (i in out) continue;
      byWorker++;
      if (Atomics.load(job.status, i) === PENDING) Atomics.wait(job.status, i, PENDING, WORKER_PATIENCE_MS);
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

/**
 * For tests: start the worker sooner (`soloMs: 0`: at once), wait until it runs (else this thread could
 * finish first), and learn how many files it hashed.
 */
export interface PoolTuning {
  readonly soloMs?: number;
  readonly waitForWorker?: boolean;
  readonly onWorkerShare?: (files: number) => void;
}

const PENDING = 0;
const DONE = 1;
const FAILED = 2;

/** The memory both threads share: the next unclaimed index (and 1 once the worker runs), each file's status, each raw digest. */
export interface DigestJob {
  readonly next: Int32Array;
  readonly status: Int32Array;
  readonly digests: Uint8Array;
}

function newJob(n: number): DigestJob {
  return {
    next: new Int32Array(new SharedArrayBuffer(8)),
    status: new Int32Array(new SharedArrayBuffer(4 * n)),
    digests: new Uint8Array(new SharedArrayBuffer(32 * n)),
  };
}

function claim(job: DigestJob): number {
  return Atomics.add(job.next, 0, 1);
}

/** The worker's side: take files until none are left. */
export function workOn(files: readonly FileToHash[], job: DigestJob): void {
  Atomics.store(job.next, 1, 1);
  Atomics.notify(job.next, 1);
  for (let i = claim(job); i < files.length; i = claim(job)) {
    const raw = sha256RawOfFile(files[i]!.absolute, files[i]!.size);
    if (raw) job.digests.set(raw, i * 32);
    Atomics.store(job.status, i, raw ? DONE : FAILED);
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
