/**
 * Does a tag exist in its registry, for the platforms we need? Asked over the OCI distribution API.
 *
 * The one rule: only an answer the registry really gave can say `exists` (or `partial`). Anything that
 * stops us from hearing that answer (network errors, timeouts, refused credentials, 5xx, 429, replies that
 * do not look like a registry's) is `unknown`, which callers must treat as "build it" or "fail", never as
 * "skip". flyte-sdk assumes `exists` when its checkers fail; a skipped build then deploys a tag that was
 * never pushed.
 *
 * The pieces live one concept per file: platform.ts (spelling and matching platforms), challenge.ts
 * (WWW-Authenticate), auth.ts (credentials and the token flow), http.ts (timeouts, retries, bounded bodies).
 */

import { createHash } from 'node:crypto';
import { isInsecureRegistry, RegistryAuth } from './auth.js';
import type { CredentialResolver, Credentials } from './credentials.js';
import { describeStatus, isObject, mediaType, nonEmptyString, printable, RegistryHttp, type HttpOptions, type Reply } from './http.js';
import { formatPlatform, normalizePlatform, parsePlatform, platformMatches, type Platform } from './platform.js';
import { formatImageReference, manifestReference, parseImageReference, registryApiHost, type ImageReference } from '../reference/reference.js';

export { parseWwwAuthenticate, type Challenge } from './challenge.js';
export { isInsecureRegistry } from './auth.js';
export { formatPlatform, normalizePlatform, parsePlatform, platformMatches, type Platform } from './platform.js';

export type CheckStatus = 'exists' | 'missing' | 'partial' | 'unknown';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly reason: string;
  /** The manifest digest the registry answered with (for `exists` and `partial`). */
  readonly digest?: string;
  /** Requested platforms the image lacks, spelled as requested (only for `partial`). */
  readonly missingPlatforms?: string[];
  /** For an image index: the digest of each requested platform's manifest, keyed as requested. */
  readonly platformDigests?: Record<string, string>;
}

export interface CheckOptions extends HttpOptions {
  /** `os/arch[/variant]`, e.g. `linux/amd64`; empty: any manifest under the tag counts. */
  readonly platforms?: readonly string[];
  /** `host[:port]` of registries spoken to over plain HTTP. Nothing else is, not even localhost. */
  readonly insecureRegistries?: readonly string[];
  /** Fixed credentials, or a resolver (see `dockerConfigCredentials`) asked only when a registry wants auth. */
  readonly credentials?: Credentials | CredentialResolver;
}

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/**
 * Without every one of these, distribution answers 404 for an OCI manifest it has, and converts a Docker
 * v2 manifest to schema 1 with a different digest.
 */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerList, MEDIA_TYPES.dockerManifest].join(', ');

const SCHEMA1_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);
const KNOWN_MANIFEST_TYPES = new Set<string>([...Object.values(MEDIA_TYPES), ...SCHEMA1_TYPES]);
const IMAGE_CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export async function checkImage(reference: string | ImageReference, options: CheckOptions = {}): Promise<CheckResult> {
  const result = await check(reference, options);
  // Reasons quote what registries and credential helpers said: never let that drive the terminal.
  return { ...result, reason: printable(result.reason) };
}

async function check(reference: string | ImageReference, options: CheckOptions): Promise<CheckResult> {
  let ref: ImageReference;
  try {
    ref = typeof reference === 'string' ? parseImageReference(reference) : reference;
  } catch (error) {
    return unknown((error as Error).message);
  }
  if (options.platforms !== undefined && options.platforms.length === 0) {
    return unknown('no platforms were asked for, so no answer can say that the image exists for them');
  }
  const wanted: Array<{ spelled: string; platform: Platform }> = [];
  for (const spelled of options.platforms ?? []) {
    const platform = parsePlatform(spelled);
    if (!platform) return unknown(`${JSON.stringify(spelled)} is not a platform (os/arch[/variant])`);
    wanted.push({ spelled, platform });
  }
  try {
    return await new Check(ref, options).run(wanted);
  } catch (error) {
    // A bug of ours must not turn into a skipped build either.
    return unknown(`internal error while checking ${formatImageReference(ref)}: ${(error as Error).message}`);
  }
}

interface Wanted {
  readonly spelled: string;
  readonly platform: Platform;
}

class Check {
  private readonly http: RegistryHttp;
  private readonly auth: RegistryAuth;
  private readonly base: string;
  private readonly name: string;

  constructor(
    private readonly ref: ImageReference,
    options: CheckOptions,
  ) {
    this.http = new RegistryHttp(options);
    const host = registryApiHost(ref.domain);
    const insecure = options.insecureRegistries ?? [];
    const scheme = isInsecureRegistry(ref.domain, insecure) ? 'http' : 'https';
    this.base = `${scheme}://${host}`;
    this.name = formatImageReference(ref);
    this.auth = new RegistryAuth({ name: this.name, domain: ref.domain, path: ref.path, insecureRegistries: insecure }, this.http, options.credentials);
  }

  async run(wanted: readonly Wanted[]): Promise<CheckResult> {
    const target = manifestReference(this.ref);
    const head = await this.request('HEAD', this.manifestUrl(target), MANIFEST_ACCEPT);
    if (head.kind === 'failed') return unknown(head.reason);
    if (head.status === 404) return { status: 'missing', reason: `${this.name} is not in the registry (404 from ${head.url})` };
    if (head.status !== 200) return unknown(`${this.name}: unexpected ${describeStatus(head)} from HEAD ${head.url}`);

    const contentType = mediaType(head.headers);
    const digestHeader = head.headers.get('docker-content-digest') ?? undefined;
    if (digestHeader !== undefined && !DIGEST_RE.test(digestHeader)) {
      return unknown(`${this.name}: the registry sent a malformed Docker-Content-Digest ${JSON.stringify(digestHeader.slice(0, 100))}`);
    }
    // A proxy or captive portal that answers 200 to everything (digest header or not) must not read as
    // "exists": only a manifest media type is a registry's answer.
    if (!KNOWN_MANIFEST_TYPES.has(contentType)) {
      return unknown(`${this.name}: ${head.url} answered 200 but not with a manifest (Content-Type ${JSON.stringify(contentType || '(none)')})`);
    }
    const digest = digestHeader ?? this.ref.digest;
    const found = { ...(digest !== undefined ? { digest } : {}) };
    if (wanted.length === 0) return { status: 'exists', reason: `${this.name} is in the registry`, ...found };

    const manifest = await this.fetchJson(this.manifestUrl(digest ?? target), MANIFEST_ACCEPT, digest, 'manifest');
    if (manifest.kind === 'failed') return unknown(manifest.reason);
    const json = manifest.json;
    const type = (typeof json['mediaType'] === 'string' ? json['mediaType'] : '') || manifest.contentType;

    if (Array.isArray(json['manifests'])) return this.compareIndex(json['manifests'], wanted, found);

    let available: Platform | undefined;
    if (isObject(json['config'])) {
      const config = json['config'];
      const configType = typeof config['mediaType'] === 'string' ? config['mediaType'] : '';
      const configDigest = typeof config['digest'] === 'string' && DIGEST_RE.test(config['digest']) ? config['digest'] : undefined;
      if (!configDigest) return unknown(`${this.name}: the manifest has no valid config digest`);
      if (configType && !IMAGE_CONFIG_TYPES.has(configType)) {
        return unknown(`${this.name}: the tag holds an artifact (config ${configType}), not an image for ${formatWanted(wanted)}`);
      }
      const blob = await this.fetchJson(`${this.base}/v2/${this.ref.path}/blobs/${configDigest}`, '*/*', configDigest, 'image config');
      if (blob.kind === 'failed') return unknown(blob.reason);
      available = platformOf(blob.json);
      if (!available) return unknown(`${this.name}: the image config names no os/architecture, so its platform cannot be told`);
    } else if (SCHEMA1_TYPES.has(type) || json['schemaVersion'] === 1) {
      if (typeof json['architecture'] !== 'string') return unknown(`${this.name}: a schema 1 manifest without an architecture`);
      available = normalizePlatform({ os: 'linux', architecture: json['architecture'] });
    } else {
      return unknown(`${this.name}: the manifest (${type || 'no media type'}) is neither an image index nor an image manifest`);
    }

    const missing = wanted.filter((w) => !platformMatches(w.platform, available)).map((w) => w.spelled);
    if (missing.length === 0) return { status: 'exists', reason: `${this.name} is in the registry as a ${formatPlatform(available)} image`, ...found };
    return {
      status: 'partial',
      reason: `${this.name} is in the registry, but as a single ${formatPlatform(available)} image without ${missing.join(', ')}`,
      ...found,
      missingPlatforms: missing,
    };
  }

  private compareIndex(entries: unknown[], wanted: readonly Wanted[], found: { digest?: string }): CheckResult {
    const platforms: Platform[] = [];
    const digests: Array<{ platform: Platform; digest: string }> = [];
    for (const entry of entries) {
      if (!isObject(entry)) return unknown(`${this.name}: the image index has an entry that is not an object`);
      const annotations = isObject(entry['annotations']) ? entry['annotations'] : {};
      // buildx attaches provenance/SBOM manifests to the index as unknown/unknown "platforms".
      if (annotations['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      if (!isObject(entry['platform'])) continue;
      const platform = platformOf(entry['platform']);
      if (!platform || (platform.os === 'unknown' && platform.architecture === 'unknown')) continue;
      platforms.push(platform);
      if (typeof entry['digest'] === 'string') digests.push({ platform, digest: entry['digest'] });
    }
    // Each requested platform's own manifest: what a build result reports per platform.
    const platformDigests: Record<string, string> = {};
    for (const w of wanted) {
      const match = digests.find((d) => platformMatches(w.platform, d.platform));
      if (match) platformDigests[w.spelled] = match.digest;
    }
    const perPlatform = Object.keys(platformDigests).length > 0 ? { platformDigests } : {};
    const has = platforms.length ? [...new Set(platforms.map(formatPlatform))].join(', ') : 'no platforms';
    const missing = wanted.filter((w) => !platforms.some((p) => platformMatches(w.platform, p))).map((w) => w.spelled);
    if (missing.length === 0) return { status: 'exists', reason: `${this.name} is in the registry; its index has ${has}`, ...found, ...perPlatform };
    return {
      status: 'partial',
      reason: `${this.name} is in the registry, but its index (${has}) lacks ${missing.join(', ')}`,
      ...found,
      ...perPlatform,
      missingPlatforms: missing,
    };
  }

  private manifestUrl(reference: string): string {
    return `${this.base}/v2/${this.ref.path}/manifests/${reference}`;
  }

  /** GET a JSON document, checked against its digest when we asked by digest. */
  private async fetchJson(
    url: string,
    accept: string,
    digest: string | undefined,
    what: string,
  ): Promise<{ kind: 'json'; json: Record<string, unknown>; contentType: string } | { kind: 'failed'; reason: string }> {
    const reply = await this.request('GET', url, accept);
    if (reply.kind === 'failed') return reply;
    if (reply.status !== 200) return { kind: 'failed', reason: `${this.name}: the ${what} could not be read: ${describeStatus(reply)} from GET ${reply.url}` };
    if (digest !== undefined && url.endsWith(`/${digest}`)) {
      const actual = digestOf(digest, reply.body);
      if (actual !== undefined && actual !== digest) {
        return { kind: 'failed', reason: `${this.name}: the ${what} from ${reply.url} does not match its digest ${digest} (got ${actual})` };
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(reply.body));
    } catch {
      return { kind: 'failed', reason: `${this.name}: the ${what} from ${reply.url} is not valid JSON` };
    }
    if (!isObject(json)) return { kind: 'failed', reason: `${this.name}: the ${what} from ${reply.url} is not a JSON object` };
    return { kind: 'json', json, contentType: mediaType(reply.headers) };
  }

  /**
   * One request, through the auth flow: a 401 earns one authentication round and one retry. What comes
   * back as a response is never 401, 403, 429 or 5xx: those end here as `failed`.
   */
  private async request(method: 'HEAD' | 'GET', url: string, accept: string): Promise<Reply> {
    let reply = await this.http.send(method, url, { Accept: accept, ...this.auth.header() });
    if (reply.kind === 'response' && reply.status === 401) {
      const failure = await this.auth.authenticate(reply);
      if (failure) return { kind: 'failed', reason: failure };
      reply = await this.http.send(method, url, { Accept: accept, ...this.auth.header() });
      if (reply.kind === 'response' && (reply.status === 401 || reply.status === 403)) {
        return { kind: 'failed', reason: `${this.name}: the registry refused ${this.auth.description}: ${describeStatus(reply)} from ${method} ${url}` };
      }
    }
    if (reply.kind === 'failed') return { kind: 'failed', reason: `${this.name}: ${reply.reason}` };
    if (reply.status === 401 || reply.status === 403) {
      const problem = await this.auth.problem();
      return { kind: 'failed', reason: `${this.name}: access denied with ${this.auth.description}: ${describeStatus(reply)} from ${method} ${url}${problem}` };
    }
    if (reply.status === 429 || reply.status >= 500) {
      return { kind: 'failed', reason: `${this.name}: ${describeStatus(reply)} from ${method} ${url} (after ${this.http.retries + 1} attempts)` };
    }
    return reply;
  }
}

function unknown(reason: string): CheckResult {
  return { status: 'unknown', reason };
}

function platformOf(value: Record<string, unknown>): Platform | undefined {
  const os = nonEmptyString(value['os']);
  const architecture = nonEmptyString(value['architecture']);
  if (!os || !architecture) return undefined;
  const variant = nonEmptyString(value['variant']);
  return normalizePlatform({ os, architecture, ...(variant ? { variant } : {}) });
}

function formatWanted(wanted: readonly Wanted[]): string {
  return wanted.map((w) => w.spelled).join(', ');
}

function digestOf(digest: string, body: Uint8Array): string | undefined {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  if (algorithm !== 'sha256' && algorithm !== 'sha512') return undefined;
  return `${algorithm}:${createHash(algorithm).update(body).digest('hex')}`;
}
