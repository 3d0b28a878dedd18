/**
 * Does a tag exist in its registry, for the platforms we need? Asked over the OCI distribution API.
 *
 * The one rule: only an answer the registry really gave can say `exists` (or `partial`). Anything that
 * stops us from hearing that answer (network errors, timeouts, refused credentials, 5xx, 429, replies that
 * do not look like a registry's) is `unknown`, which callers must treat as "build it" or "fail", never as
 * "skip". flyte-sdk assumes `exists` when its checkers fail; a skipped build then deploys a tag that was
 * never pushed.
 */

import { createHash } from 'node:crypto';
import type { CredentialLookup, CredentialResolver, Credentials } from './credentials.js';
import { formatImageReference, manifestReference, parseImageReference, registryApiHost, type ImageReference } from '../reference/reference.js';

export type CheckStatus = 'exists' | 'missing' | 'partial' | 'unknown';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly reason: string;
  /** The manifest digest the registry answered with (for `exists` and `partial`). */
  readonly digest?: string;
  /** Requested platforms the image lacks, spelled as requested (only for `partial`). */
  readonly missingPlatforms?: string[];
}

export interface CheckOptions {
  /** `os/arch[/variant]`, e.g. `linux/amd64`; empty: any manifest under the tag counts. */
  readonly platforms?: readonly string[];
  /** `host[:port]` of registries spoken to over plain HTTP. Nothing else is, not even localhost. */
  readonly insecureRegistries?: readonly string[];
  /** Fixed credentials, or a resolver (see `dockerConfigCredentials`) asked only when a registry wants auth. */
  readonly credentials?: Credentials | CredentialResolver;
  /** Per HTTP request, body included. Default 10 000. */
  readonly timeoutMs?: number;
  /** Extra attempts after network errors, timeouts, 429 and 5xx. Default 2. */
  readonly retries?: number;
  /** First backoff between attempts, doubled each time (with jitter). Default 500. */
  readonly backoffMs?: number;
  readonly fetch?: typeof globalThis.fetch;
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

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_BACKOFF_MS = 500;
const MAX_RETRY_AFTER_MS = 10_000;
/** Registries may refuse manifests over 4 MiB; image configs stay far below 8. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export async function checkImage(reference: string | ImageReference, options: CheckOptions = {}): Promise<CheckResult> {
  let ref: ImageReference;
  try {
    ref = typeof reference === 'string' ? parseImageReference(reference) : reference;
  } catch (error) {
    return unknown((error as Error).message);
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

// ------------------------------------------------------------------------------------------------ platforms

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

const ARCH_ALIASES: Readonly<Record<string, Platform['architecture']>> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  i386: '386',
  i686: '386',
};
/** What an absent variant means, as containerd's platform matcher has it. */
const DEFAULT_VARIANTS: Readonly<Record<string, string>> = { arm64: 'v8', arm: 'v7', amd64: 'v1' };

/** `linux/amd64`, `linux/arm64/v8`, `linux/arm/7`; undefined when it is not of that shape. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) return undefined;
  const [os, arch, variant] = parts as [string, string, string | undefined];
  return normalizePlatform({ os, architecture: arch, ...(variant !== undefined ? { variant } : {}) });
}

export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase();
  let architecture = platform.architecture.toLowerCase();
  let variant = platform.variant?.toLowerCase();
  if (architecture === 'armhf') [architecture, variant] = ['arm', variant ?? 'v7'];
  if (architecture === 'armel') [architecture, variant] = ['arm', variant ?? 'v6'];
  architecture = ARCH_ALIASES[architecture] ?? architecture;
  if (variant && /^\d+$/.test(variant)) variant = `v${variant}`;
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/** Whether an image built for `available` serves a request for `wanted`. */
export function platformMatches(wanted: Platform, available: Platform): boolean {
  const a = normalizePlatform(wanted);
  const b = normalizePlatform(available);
  if (a.os !== b.os || a.architecture !== b.architecture) return false;
  const fallback = DEFAULT_VARIANTS[a.architecture] ?? '';
  return (a.variant ?? fallback) === (b.variant ?? fallback);
}

// --------------------------------------------------------------------------------------- auth challenges

export interface Challenge {
  /** Lower case: `basic`, `bearer`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * RFC 7235 challenges. One header may hold several (`Bearer realm="a",service="b", Basic realm="c"`), and
 * `Headers.get` joins repeated headers with commas, so commas alone cannot split them.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Array<{ scheme: string; params: Record<string, string> }> = [];
  let i = 0;
  const n = header.length;
  const skip = (chars: RegExp) => {
    while (i < n && chars.test(header[i]!)) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < n && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(header[i]!)) i++;
    return header.slice(start, i);
  };
  while (i < n) {
    skip(/[\s,]/);
    const scheme = token();
    if (scheme === '') {
      i++;
      continue;
    }
    const challenge = { scheme: scheme.toLowerCase(), params: {} as Record<string, string> };
    challenges.push(challenge);
    for (;;) {
      const mark = i;
      skip(/[\s,]/);
      const name = token();
      skip(/\s/);
      // Not `name=`: the next challenge's scheme (token68 credentials are not used by registries).
      if (name === '' || header[i] !== '=') {
        i = mark;
        break;
      }
      i++;
      skip(/\s/);
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i];
          i++;
        }
        i++;
      } else {
        const start = i;
        while (i < n && header[i] !== ',' && !/\s/.test(header[i]!)) i++;
        value = header.slice(start, i);
      }
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}

// ----------------------------------------------------------------------------------------------- the check

type Reply =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Headers; readonly body: Uint8Array; readonly url: string }
  | { readonly kind: 'failed'; readonly reason: string };

interface Wanted {
  readonly spelled: string;
  readonly platform: Platform;
}

class Check {
  private readonly fetch: typeof globalThis.fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly base: string;
  private readonly name: string;
  private authorization: string | undefined;
  /** For messages: whose credentials the current Authorization carries. */
  private authDescription = 'anonymous access';
  private lookup: Promise<CredentialLookup> | undefined;

  constructor(
    private readonly ref: ImageReference,
    private readonly options: CheckOptions,
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.retries = Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES));
    this.backoffMs = Math.max(0, options.backoffMs ?? DEFAULT_BACKOFF_MS);
    const host = registryApiHost(ref.domain);
    const scheme = isInsecureRegistry(ref.domain, options.insecureRegistries ?? []) ? 'http' : 'https';
    this.base = `${scheme}://${host}`;
    this.name = formatImageReference(ref);
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
    // A proxy or captive portal that answers 200 to everything must not read as "exists".
    if (!KNOWN_MANIFEST_TYPES.has(contentType) && digestHeader === undefined) {
      return unknown(`${this.name}: ${head.url} answered 200 but not with a manifest (Content-Type ${JSON.stringify(contentType || '(none)')}, no Docker-Content-Digest)`);
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
    for (const entry of entries) {
      if (!isObject(entry)) return unknown(`${this.name}: the image index has an entry that is not an object`);
      const annotations = isObject(entry['annotations']) ? entry['annotations'] : {};
      // buildx attaches provenance/SBOM manifests to the index as unknown/unknown "platforms".
      if (annotations['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      if (!isObject(entry['platform'])) continue;
      const platform = platformOf(entry['platform']);
      if (!platform || (platform.os === 'unknown' && platform.architecture === 'unknown')) continue;
      platforms.push(platform);
    }
    const has = platforms.length ? [...new Set(platforms.map(formatPlatform))].join(', ') : 'no platforms';
    const missing = wanted.filter((w) => !platforms.some((p) => platformMatches(w.platform, p))).map((w) => w.spelled);
    if (missing.length === 0) return { status: 'exists', reason: `${this.name} is in the registry; its index has ${has}`, ...found };
    return {
      status: 'partial',
      reason: `${this.name} is in the registry, but its index (${has}) lacks ${missing.join(', ')}`,
      ...found,
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
    let reply = await this.send(method, url, { Accept: accept, ...this.authHeader() });
    if (reply.kind === 'response' && reply.status === 401) {
      const failure = await this.authenticate(reply);
      if (failure) return { kind: 'failed', reason: failure };
      reply = await this.send(method, url, { Accept: accept, ...this.authHeader() });
      if (reply.kind === 'response' && (reply.status === 401 || reply.status === 403)) {
        return { kind: 'failed', reason: `${this.name}: the registry refused ${this.authDescription}: ${describeStatus(reply)} from ${method} ${url}` };
      }
    }
    if (reply.kind === 'failed') return { kind: 'failed', reason: `${this.name}: ${reply.reason}` };
    if (reply.status === 401 || reply.status === 403) {
      const problem = await this.credentialProblem();
      return { kind: 'failed', reason: `${this.name}: access denied with ${this.authDescription}: ${describeStatus(reply)} from ${method} ${url}${problem}` };
    }
    if (reply.status === 429 || reply.status >= 500) {
      return { kind: 'failed', reason: `${this.name}: ${describeStatus(reply)} from ${method} ${url} (after ${this.retries + 1} attempts)` };
    }
    return reply;
  }

  private authHeader(): Record<string, string> {
    return this.authorization ? { Authorization: this.authorization } : {};
  }

  private credentials(): Promise<CredentialLookup> {
    if (!this.lookup) {
      const source = this.options.credentials;
      this.lookup =
        source === undefined
          ? Promise.resolve({})
          : typeof source === 'function'
            ? source(this.ref.domain).catch((error: unknown) => ({ problem: `credentials could not be read: ${(error as Error).message}` }))
            : Promise.resolve({ credentials: source, source: 'the given credentials' });
    }
    return this.lookup;
  }

  private async credentialProblem(): Promise<string> {
    const lookup = await this.credentials();
    return lookup.problem ? ` (${lookup.problem})` : '';
  }

  /** Sets `authorization` for the challenge in a 401, or says why it cannot. */
  private async authenticate(reply: Extract<Reply, { kind: 'response' }>): Promise<string | undefined> {
    const header = reply.headers.get('www-authenticate');
    const challenges = header ? parseWwwAuthenticate(header) : [];
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    const lookup = await this.credentials();
    const credentials = lookup.credentials;
    const from = lookup.source ? ` from ${lookup.source}` : '';
    const problem = lookup.problem ? ` (${lookup.problem})` : '';

    if (bearer) {
      if (credentials?.kind === 'registryToken') {
        this.authorization = `Bearer ${credentials.token}`;
        this.authDescription = `the registry token${from}`;
        return undefined;
      }
      return this.fetchToken(bearer, credentials, from, problem);
    }
    if (basic) {
      if (!credentials) {
        return `${this.name}: the registry asks for credentials (Basic realm ${JSON.stringify(basic.params['realm'] ?? '')}) and none were found for ${this.ref.domain}${problem}`;
      }
      if (credentials.kind !== 'basic') return `${this.name}: the registry asks for a user and password, but the credentials${from} are a token`;
      this.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      this.authDescription = `the credentials of ${JSON.stringify(credentials.username)}${from}`;
      return undefined;
    }
    const schemes = challenges.map((c) => c.scheme).join(', ');
    return `${this.name}: 401 from ${reply.url} with ${header ? `an unsupported challenge (${schemes || JSON.stringify(header.slice(0, 100))})` : 'no WWW-Authenticate header'}`;
  }

  private async fetchToken(challenge: Challenge, credentials: Credentials | undefined, from: string, problem: string): Promise<string | undefined> {
    const realm = challenge.params['realm'];
    let url: URL;
    try {
      url = new URL(realm ?? '');
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      return `${this.name}: the registry's Bearer challenge has no usable realm (${JSON.stringify(realm ?? '')})`;
    }
    const service = challenge.params['service'];
    const scopes = [`repository:${this.ref.path}:pull`];
    const challengeScope = challenge.params['scope'];
    if (challengeScope && !scopes.includes(challengeScope)) scopes.push(challengeScope);

    let reply: Reply;
    const who = credentials ? `the credentials${from}` : 'anonymous access';
    if (credentials?.kind === 'identityToken') {
      // docker's OAuth2 refresh-token grant; the form goes in a POST body.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.token, client_id: 'flyimgc' });
      if (service) form.set('service', service);
      form.set('scope', scopes.join(' '));
      reply = await this.send('POST', url.toString(), { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, form.toString());
    } else {
      if (service) url.searchParams.set('service', service);
      for (const scope of scopes) url.searchParams.append('scope', scope);
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (credentials?.kind === 'basic') headers['Authorization'] = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      reply = await this.send('GET', url.toString(), headers);
    }
    const at = `${url.origin}${url.pathname}`;
    if (reply.kind === 'failed') return `${this.name}: no token from ${at}: ${reply.reason}`;
    if (reply.status === 401 || reply.status === 403) return `${this.name}: the token server ${at} refused ${who}: ${describeStatus(reply)}${problem}`;
    if (reply.status !== 200) return `${this.name}: the token server ${at} answered ${describeStatus(reply)}`;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(reply.body));
    } catch {
      return `${this.name}: the token server ${at} did not answer JSON`;
    }
    const token = isObject(json) ? (nonEmptyString(json['token']) ?? nonEmptyString(json['access_token'])) : undefined;
    if (!token) return `${this.name}: the token server ${at} answered without a token`;
    this.authorization = `Bearer ${token}`;
    this.authDescription = `a token for ${who}`;
    return undefined;
  }

  /** One request with bounded retries: only network errors, timeouts, 429 and 5xx are tried again. */
  private async send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Reply> {
    let last: Reply = { kind: 'failed', reason: 'not attempted' };
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt, last));
      last = await this.once(method, url, headers, body);
      if (last.kind === 'response' && last.status !== 429 && last.status < 500) return last;
    }
    if (last.kind === 'failed') return { kind: 'failed', reason: `${method} ${url}: ${last.reason} (after ${this.retries + 1} attempts)` };
    return last;
  }

  private backoff(attempt: number, last: Reply): number {
    const exponential = this.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
    if (last.kind === 'response') {
      const after = retryAfterMs(last.headers.get('retry-after'));
      if (after !== undefined) return Math.min(Math.max(after, exponential), MAX_RETRY_AFTER_MS);
    }
    return exponential;
  }

  private async once(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Reply> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.fetch(url, { method, headers, signal: controller.signal, redirect: 'follow', ...(body !== undefined ? { body } : {}) });
      const bytes = method === 'HEAD' ? new Uint8Array() : await readBounded(response);
      return { kind: 'response', status: response.status, headers: response.headers, body: bytes, url };
    } catch (error) {
      return { kind: 'failed', reason: timedOut ? `no answer within ${this.timeoutMs} ms` : describeError(error, url) };
    } finally {
      clearTimeout(timer);
    }
  }
}

// ------------------------------------------------------------------------------------------------- helpers

/** Exact `host[:port]` matches, as docker's insecure-registries; a scheme or trailing slash is tolerated. */
export function isInsecureRegistry(domain: string, insecure: readonly string[]): boolean {
  const names = new Set([domain.toLowerCase(), registryApiHost(domain).toLowerCase()]);
  return insecure.some((entry) => names.has(entry.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '').toLowerCase()));
}

function unknown(reason: string): CheckResult {
  return { status: 'unknown', reason };
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
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

/** `404 NAME_UNKNOWN: repository name not known to registry`, when the body says so. */
function describeStatus(reply: Extract<Reply, { kind: 'response' }>): string {
  let detail = '';
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(reply.body));
    const first = isObject(json) && Array.isArray(json['errors']) ? json['errors'][0] : undefined;
    if (isObject(first)) detail = [first['code'], first['message']].filter((x) => typeof x === 'string' && x).join(': ');
  } catch {
    // Not a registry error body; the status alone has to do.
  }
  return `${reply.status}${detail ? ` ${detail.slice(0, 200)}` : ''}`;
}

function describeError(error: unknown, url: string): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause : error instanceof Error ? error : undefined;
  const code = (inner as NodeJS.ErrnoException | undefined)?.code;
  const message = inner?.message ?? String(error);
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  const wrongProtocol = /wrong version number|ERR_SSL|EPROTO|packet length too long/i.test(`${code ?? ''} ${message}`);
  if (wrongProtocol && url.startsWith('https:')) return `${text}; if this registry serves plain HTTP, list it as an insecure registry`;
  return text;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function readBounded(response: Response): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new Error(`the response is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
