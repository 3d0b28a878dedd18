/** The second thread of `sha256OfFiles`: hashes files from the shared job until none are left, then ends. */
import { workerData } from 'node:worker_threads';
import { workOn, type DigestJob } from './fileDigest.js';

const data = workerData as { readonly absolutes: readonly string[]; readonly job: DigestJob };
workOn(data.absolutes, data.job);
