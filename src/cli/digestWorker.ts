/**
 * The second thread: hashes files from the shared job of `sha256OfFiles` until none are left, or (`prefetch`)
 * the batches the walks send, as long as the main thread wants them.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { prefetchOn, workOn, type DigestJob, type FileToHash } from './fileDigest.js';

const data = workerData as { readonly files: readonly FileToHash[]; readonly job: DigestJob } | { readonly prefetch: { readonly port: MessagePort; readonly states: Int32Array } };
if ('prefetch' in data) prefetchOn(data.prefetch.port, data.prefetch.states);
else workOn(data.files, data.job);
