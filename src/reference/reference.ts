/**
 * THE image-reference module: every image reference flyimgc reads (`.flyimg` bases and names, `flyimg.toml`
 * `[images]`, `[tools]`, `[mirrors]` and `[build] registry`, `--image`, `--registry`) and every one it asks a
 * registry about goes through this grammar, distribution/reference's `ParseNormalizedNamed`, so that what
 * is checked, what is emitted into `FROM`, and what `docker push` / `buildah push` wrote are the same thing.
 * Nothing else in `src/` splits a reference by hand.
 */

export interface ImageReference {
  /** Normalised registry name: `docker.io` for Docker Hub (also when written `index.docker.io`). */
  readonly domain: string;
  /** Repository path inside the registry; `library/<name>` for a single-component Docker Hub name. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Why a string is not a reference (a clause that reads after "… is not a valid …: "). */
export interface ReferenceProblem {
  readonly reason: string;
  readonly help?: string;
}

export type ReferenceParse = { readonly ok: true; readonly reference: ImageReference } | { readonly ok: false; readonly problem: ReferenceProblem };

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
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const PATH_COMPONENT = /[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*/.source;
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
/** A registry prefix: a host with an optional port and path (`ghcr.io/acme`), or a Docker Hub namespace (`acme`). */
const PREFIX_RE = new RegExp(`^(?:${DOMAIN}|${PATH_COMPONENT})(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** docker refuses these as names because they are indistinguishable from image ids. */
const IMAGE_ID_RE = /^[a-f0-9]{64}$/;

/** Parses and normalises a full reference (`python:3.12`, `ghcr.io/o/r:1@sha256:…`); never throws. */
export function parseReference(text: string): ReferenceParse {
  const fail = (reason: string, help?: string): ReferenceParse => ({ ok: false, problem: { reason, ...(help ? { help } : {}) } });
  if (text === '') return fail('it is empty');
  const odd = unprintable(text);
  if (odd) return fail(`it holds ${odd}`, 'an image reference is one word such as `python:3.12-slim` or `ghcr.io/acme/base:1.4`');
  if (/\s/.test(text)) return fail('it holds white space', 'an image reference is one word such as `python:3.12-slim` or `ghcr.io/acme/base:1.4`');
  if (IMAGE_ID_RE.test(text)) return fail('a 64-character hexadecimal string is an image id, not a repository name');

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return fail(`${show(digest)} is not a digest (algorithm:hex)`);
    const [algorithm, hex] = digest.split(':') as [string, string];
    if (algorithm === 'sha256' && hex.length !== 64) return fail('a sha256 digest has 64 hexadecimal characters');
    if (algorithm === 'sha512' && hex.length !== 128) return fail('a sha512 digest has 128 hexadecimal characters');
  }

  const { domain: written, remainder: afterDomain } = splitDomain(rest);
  let remainder = afterDomain;
  let tag: string | undefined;
  const colon = remainder.lastIndexOf(':');
  if (colon !== -1 && !remainder.slice(colon).includes('/')) {
    tag = remainder.slice(colon + 1);
    remainder = remainder.slice(0, colon);
    if (!TAG_RE.test(tag)) return fail(`${show(tag)} is not a valid tag`, 'a tag is letters, digits, `_`, `.` and `-` (at most 128), not starting with `.` or `-`');
  }

  let domain = written ?? DOCKER_HUB_DOMAIN;
  if (!DOMAIN_RE.test(domain)) return fail(`${show(domain)} is not a valid registry host`);
  if (domain === LEGACY_HUB_DOMAIN) domain = DOCKER_HUB_DOMAIN;
  if (domain === DOCKER_HUB_DOMAIN && remainder !== '' && !remainder.includes('/')) remainder = `library/${remainder}`;
  if (remainder === '') return fail('the repository name is empty');
  if (remainder.toLowerCase() !== remainder) return fail(`repository name ${show(remainder)} must be lowercase`, `write \`${text.toLowerCase()}\``);
  if (!PATH_RE.test(remainder)) return fail(`${show(remainder)} is not a valid repository name`, 'repository names are lower-case letters, digits and `.`, `_`, `-`, separated by `/`');
  if (domain.length + 1 + remainder.length > MAX_NAME_LENGTH) return fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);

  return { ok: true, reference: { domain, path: remainder, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) } };
}

/** {@link parseReference}, throwing {@link InvalidReferenceError} (for callers that checked already). */
export function parseImageReference(text: string): ImageReference {
  const parsed = parseReference(text);
  if (!parsed.ok) throw new InvalidReferenceError(text, parsed.problem.reason);
  return parsed.reference;
}

/**
 * An image name as `Image(name=…)` takes it: a repository path without a tag or digest (flyimgc computes
 * the tag). Undefined when valid.
 */
export function checkRepositoryName(name: string): ReferenceProblem | undefined {
  const odd = unprintable(name);
  if (odd) return { reason: `it holds ${odd}` };
  if (name.includes(':') || name.includes('@')) return { reason: 'a name has no tag or digest', help: `write \`name="${name.split(/[:@]/)[0]!.toLowerCase()}"\`: flyimgc computes the tag from the image's contents` };
  if (!PATH_RE.test(name)) return { reason: 'names are lower-case letters, digits and `.`, `_`, `-`, separated by `/`', ...(name !== name.toLowerCase() ? { help: `write \`${name.toLowerCase()}\`` } : {}) };
  return undefined;
}

/**
 * A registry prefix as `registry=`, `[build] registry`, `--registry` and the two sides of `[mirrors]` take
 * it: a host with an optional port and path (`ghcr.io/acme`, `localhost:5000/team`), or a Docker Hub
 * namespace (`acme`); one trailing `/` is tolerated. Undefined when valid.
 */
export function checkRegistryPrefix(registry: string): ReferenceProblem | undefined {
  const odd = unprintable(registry);
  if (odd) return { reason: `it holds ${odd}` };
  if (/^[a-z]+:\/\//i.test(registry)) return { reason: 'a registry has no scheme', help: `write \`${registry.replace(/^[a-z]+:\/\//i, '')}\`` };
  if (!PREFIX_RE.test(registry.replace(/\/$/, ''))) return { reason: 'expected a host with an optional port and path, like `ghcr.io/acme` or `localhost:5000/team`' };
  return undefined;
}

/** `host[:port]` that serves the registry API for a normalised domain (Docker Hub's differs from its name). */
export function registryApiHost(domain: string): string {
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

/**
 * The fully qualified spelling of a valid reference (`python:3.12` → `docker.io/library/python:3.12`),
 * and the text unchanged when it is not one (prefix matching of mirrors works on both spellings).
 */
export function qualifiedForm(text: string): string {
  const parsed = parseReference(text);
  return parsed.ok ? formatImageReference(parsed.reference) : text;
}

/**
 * The domain part as docker decides it: the first `/`-component when it has a `.` or `:`, is `localhost`,
 * or has an upper-case letter; Docker Hub otherwise.
 */
function splitDomain(text: string): { domain?: string; remainder: string } {
  const slash = text.indexOf('/');
  if (slash === -1) return { remainder: text };
  const first = text.slice(0, slash);
  const isDomain = /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
  return isDomain ? { domain: first, remainder: text.slice(slash + 1) } : { remainder: text };
}

/** A description of the first control, line-break or format character in `text`, if any. */
function unprintable(text: string): string | undefined {
  const match = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\ufeff]/.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const name = code === 10 ? 'a line break' : code === 13 ? 'a carriage return' : code === 0 ? 'a NUL character' : code === 9 ? 'a tab' : `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return name;
}

/** A user's string inside a message: JSON-quoted, so no control character reaches a terminal. */
function show(text: string): string {
  return JSON.stringify(text);
}
