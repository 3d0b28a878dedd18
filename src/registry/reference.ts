/**
 * Image references as docker reads them (distribution/reference's ParseNormalizedNamed), so that the
 * repository flyimgc asks a registry about is the one `docker push` / `buildah push` wrote to.
 */

export interface ImageReference {
  /** Normalised registry name: `docker.io` for Docker Hub (also when written `index.docker.io`). */
  readonly domain: string;
  /** Repository path inside the registry; `library/<name>` for a single-component Docker Hub name. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export class InvalidReferenceError extends Error {
  constructor(
    readonly reference: string,
    readonly problem: string,
  ) {
    super(`invalid image reference ${JSON.stringify(reference)}: ${problem}`);
    this.name = 'InvalidReferenceError';
  }
}

export const DOCKER_HUB_DOMAIN = 'docker.io';
/** Docker Hub's API lives on another host than its name; docker hard-codes the same mapping. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

const LEGACY_HUB_DOMAIN = 'index.docker.io';
const MAX_NAME_LENGTH = 255;

const DOMAIN_COMPONENT = /(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/.source;
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+(?:%[\\w.-]+)?\\])`;
const DOMAIN_RE = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH_COMPONENT = /[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*/.source;
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** docker refuses these as names because they are indistinguishable from image ids. */
const IMAGE_ID_RE = /^[a-f0-9]{64}$/;

export function parseImageReference(text: string): ImageReference {
  const fail = (problem: string): never => {
    throw new InvalidReferenceError(text, problem);
  };
  if (text === '') fail('it is empty');
  if (IMAGE_ID_RE.test(text)) fail('a 64-character hexadecimal string is an image id, not a repository name');

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) fail(`${JSON.stringify(digest)} is not a digest (algorithm:hex)`);
    const [algorithm, hex] = digest.split(':') as [string, string];
    if (algorithm === 'sha256' && hex.length !== 64) fail('a sha256 digest has 64 hexadecimal characters');
    if (algorithm === 'sha512' && hex.length !== 128) fail('a sha512 digest has 128 hexadecimal characters');
  }

  // The domain is split off first: a colon before the first slash is a port, not a tag.
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasDomain = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = hasDomain ? first : DOCKER_HUB_DOMAIN;
  let remainder = hasDomain ? rest.slice(slash + 1) : rest;

  let tag: string | undefined;
  const colon = remainder.lastIndexOf(':');
  if (colon !== -1 && !remainder.slice(colon).includes('/')) {
    tag = remainder.slice(colon + 1);
    remainder = remainder.slice(0, colon);
    if (!TAG_RE.test(tag)) fail(`${JSON.stringify(tag)} is not a valid tag`);
  }

  if (!DOMAIN_RE.test(domain)) fail(`${JSON.stringify(domain)} is not a valid registry host`);
  if (domain === LEGACY_HUB_DOMAIN) domain = DOCKER_HUB_DOMAIN;
  if (domain === DOCKER_HUB_DOMAIN && remainder !== '' && !remainder.includes('/')) remainder = `library/${remainder}`;
  if (remainder === '') fail('the repository name is empty');
  if (remainder.toLowerCase() !== remainder) fail(`repository name ${JSON.stringify(remainder)} must be lowercase`);
  if (!PATH_RE.test(remainder)) fail(`${JSON.stringify(remainder)} is not a valid repository name`);
  if (domain.length + 1 + remainder.length > MAX_NAME_LENGTH) fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);

  return { domain, path: remainder, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `host[:port]` that serves the registry API for a domain. */
export function registryHost(domain: string): string {
  return domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_API_HOST : domain;
}

/** What goes after `/manifests/`: the digest pins the content, so it wins over a tag, as in docker. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** Fully qualified, e.g. `docker.io/library/python:3.11-slim`. */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
