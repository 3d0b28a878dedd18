/**
 * The build context of a user's Dockerfile (`from_dockerfile`): the directory given as `context=` (a
 * flyimgc extension: the BYOI guide builds `docker build -f data_prep/Dockerfile .`), else the Dockerfile's
 * own directory; its files less what the context's `.dockerignore` leaves out, as BuildKit sends them.
 * The Dockerfile and the `.dockerignore` themselves are not part of it (flyimgc writes the Dockerfile apart).
 */
import { posix } from 'node:path';
import type { HostFiles } from '../host.js';
import type { ImageValue } from '../check/model.js';
import { NO_IGNORE_RULES } from '../files/dockerignore.js';
import { readIgnoreFile, type IgnoreFile } from '../files/ignoreFile.js';
import { walkTree, type Walk } from '../files/walk.js';

export interface DockerfileContext {
  /** Host path of the context directory. */
  readonly dir: string;
  readonly walk: Walk;
  /** Context paths (relative to `dir`) of the files sent to the builder, sorted. */
  readonly files: readonly { readonly path: string; readonly size: number; readonly executable: boolean }[];
  /** The context's own `.dockerignore` (a host path), which BuildKit applies to it, and what reading it found. */
  readonly ignorePath: string;
  readonly ignore: IgnoreFile;
  /** The context's `.dockerignore` when it links out of the project (then it is not read). */
  readonly ignoreFileOutside?: string;
}

export function dockerfileContext(host: HostFiles, image: ImageValue, projectRoot: string, allowOutside: boolean): DockerfileContext | undefined {
  if (!image.dockerfile) return undefined;
  const dir = image.dockerContext?.path ?? posix.dirname(image.dockerfile.path);
  const ownPath = posix.join(dir, '.dockerignore');
  // The same containment rule as copies: a .dockerignore linked from outside the project is not read.
  const own = readIgnoreFile(host, ownPath, { root: allowOutside ? undefined : projectRoot });
  const escapes = own.kind === 'linked-out';
  const rules = own.kind === 'rules' ? own.rules : NO_IGNORE_RULES;
  const walk = walkTree(host, dir, { ignore: rules, boundary: projectRoot, allowOutside });
  const dockerfile = posix.relative(dir, image.dockerfile.path);
  const files = walk.files.filter((f) => f.path !== dockerfile && f.path !== '.dockerignore');
  return { dir, walk, files, ignorePath: ownPath, ignore: own, ...(escapes ? { ignoreFileOutside: ownPath } : {}) };
}
