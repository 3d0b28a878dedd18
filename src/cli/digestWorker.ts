/** The second thread of `sha256OfFiles`: hashes files from the shared job until none are left, then ends. */
import { workerData } from 'node:worker_threads';
import { workOn, type DigestJob, type FileToHash } from './fileDigest.js';

const data = workerData as { readonly files: readonly FileToHash[]; readonly job: DigestJob };
workOn(data.files, data.job);
