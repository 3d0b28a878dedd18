/**
 * Protocol tests of the registry client against a small in-process HTTP server playing the registry (and
 * its token server). The real distribution registry is exercised in realRegistry.test.ts.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkImage,
  type CheckOptions,
  isInsecureRegistry,
  MANIFEST_ACCEPT,
  parsePlatform,
  parseWwwAuthenticate,
  platformMatches,
} from '../../src/registry/check.js';
import { nodeCredentialEnvironment } from '../../src/cli/existence.js';
import { dockerConfigCredentials as dockerConfigCredentialsIn, type CredentialEnvironment } from '../../src/registry/credentials.js';

const dockerConfigCredentials = (partial: Partial<CredentialEnvironment>) => dockerConfigCredentialsIn({ ...nodeCredentialEnvironment(process.env), homedir: '/nowhere', ...partial, env: partial.env ?? {} });
import { digestOf, freePort, type Handler, type Seen, send, sendDocument, startServer, type TestServer } from './testServer.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** Fast settings so that failure paths take milliseconds; the server is plain HTTP, so it is listed. */
const fast = (server: TestServer, extra: Partial<CheckOptions> = {}): CheckOptions => ({
  insecureRegistries: [server.host],
  timeoutMs: 1_000,
  retries: 2,
  backoffMs: 5,
  ...extra,
});

/** A registry holding JSON documents under `/v2/<name>/manifests/<ref>` and `/v2/<name>/blobs/<digest>`. */
function registry(documents: Record<string, { type: string; body: string }>): Handler {
  const byPath = new Map<string, { type: string; body: string }>();
  for (const [key, doc] of Object.entries(documents)) {
    byPath.set(key, doc);
    const [name, kind] = key.split(/\/(manifests|blobs)\//) as [string, string];
    byPath.set(`${name}/${kind}/${digestOf(doc.body)}`, doc);
  }
  return (req, res) => {
    const doc = byPath.get(req.url.split('?')[0]!);
    if (!doc) return send(res, 404, { 'Content-Type': 'application/json' }, '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    sendDocument(req, res, doc.type, doc.body);
  };
}

const simpleManifest = (configDigest: string, configType = DOCKER_CONFIG) =>
  JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: { mediaType: configType, size: 10, digest: configDigest }, layers: [] });

function singleImage(config: object, configType = DOCKER_CONFIG) {
  const configBody = JSON.stringify(config);
  return {
    '/v2/app/manifests/1': { type: DOCKER_MANIFEST, body: simpleManifest(digestOf(configBody), configType) },
    [`/v2/app/blobs/${digestOf(configBody)}`]: { type: 'application/octet-stream', body: configBody },
  };
}

function index(platforms: Array<{ os: string; architecture: string; variant?: string }>, attestation = true) {
  const manifests: object[] = platforms.map((platform, i) => ({ mediaType: OCI_MANIFEST, digest: `sha256:${String(i).repeat(64)}`, size: 1, platform }));
  if (attestation) {
    manifests.push({
      mediaType: OCI_MANIFEST,
      digest: `sha256:${'f'.repeat(64)}`,
      size: 1,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    });
  }
  return { '/v2/app/manifests/1': { type: OCI_INDEX, body: JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }) } };
}

describe('existence, without auth', () => {
  it('says exists on 200, with the digest, sending every manifest type in Accept', async () => {
    const body = simpleManifest(`sha256:${'1'.repeat(64)}`);
    const server = await serve(registry({ '/v2/team/app/manifests/1.0': { type: DOCKER_MANIFEST, body } }));
    const result = await checkImage(`${server.host}/team/app:1.0`, fast(server));
    expect(result).toEqual({ status: 'exists', reason: `${server.host}/team/app:1.0 is in the registry`, digest: digestOf(body) });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.method).toBe('HEAD');
    expect(server.seen[0]!.headers['accept']).toBe(MANIFEST_ACCEPT);
    for (const type of [OCI_INDEX, OCI_MANIFEST, 'application/vnd.docker.distribution.manifest.list.v2+json', DOCKER_MANIFEST]) {
      expect(MANIFEST_ACCEPT).toContain(type);
    }
    expect(server.seen[0]!.headers['authorization']).toBeUndefined();
  });

  it('says missing on 404, without retrying', async () => {
    const server = await serve(registry({}));
    const result = await checkImage(`${server.host}/team/app:2`, fast(server));
    expect(result.status).toBe('missing');
    expect(result.reason).toMatch(/is not in the registry \(404/);
    expect(server.seen).toHaveLength(1);
  });

  it('asks by digest when the reference has one', async () => {
    const body = simpleManifest(`sha256:${'1'.repeat(64)}`);
    const server = await serve(registry({ '/v2/app/manifests/1': { type: DOCKER_MANIFEST, body } }));
    const result = await checkImage(`${server.host}/app@${digestOf(body)}`, fast(server));
    expect(result.status).toBe('exists');
    expect(server.seen[0]!.url).toBe(`/v2/app/manifests/${digestOf(body)}`);
  });

  it('uses HTTPS unless the registry is listed as insecure, localhost and 127.0.0.1 included', async () => {
    const server = await serve(registry({ '/v2/app/manifests/1': { type: DOCKER_MANIFEST, body: '{}' } }));
    for (const host of [server.host, `localhost:${server.port}`]) {
      const result = await checkImage(`${host}/app:1`, { timeoutMs: 1_000, retries: 0 });
      expect(result.status).toBe('unknown');
      expect(result.reason).toContain(`https://${host}/v2/app/manifests/1`);
      expect(result.reason).toMatch(/list it as an insecure registry/);
    }
    expect((await checkImage(`localhost:${server.port}/app:1`, fast(server, { insecureRegistries: [`localhost:${server.port}`] }))).status).toBe('exists');
  });

  it('matches insecure registries by exact host:port', () => {
    expect(isInsecureRegistry('127.0.0.1:5000', ['127.0.0.1:5000'])).toBe(true);
    expect(isInsecureRegistry('127.0.0.1:5000', ['http://127.0.0.1:5000/'])).toBe(true);
    expect(isInsecureRegistry('127.0.0.1:5000', ['127.0.0.1'])).toBe(false);
    expect(isInsecureRegistry('127.0.0.1:5001', ['127.0.0.1:5000'])).toBe(false);
    expect(isInsecureRegistry('Reg.Local', ['reg.local'])).toBe(true);
  });

  it('gives unknown for an invalid reference or platform', async () => {
    expect(await checkImage('Bad/Name', {})).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/invalid image reference/) });
    expect(await checkImage('r.io/app:1', { platforms: ['amd64'] })).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/not a platform/) });
  });
});

describe('failures are unknown, never exists', () => {
  it('retries 5xx a bounded number of times, then gives unknown with the status', async () => {
    const server = await serve((_req, res) => send(res, 503, { 'Content-Type': 'application/json' }, '{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}'));
    const result = await checkImage(`${server.host}/app:1`, fast(server, { retries: 3 }));
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/503 from HEAD http:\/\/127\.0\.0\.1:\d+\/v2\/app\/manifests\/1 \(after 4 attempts\)/);
    expect(server.seen).toHaveLength(4);
  });

  it('quotes the registry’s error body when there is one (GET)', async () => {
    const server = await serve((req, res) =>
      req.method === 'HEAD'
        ? send(res, 200, { 'Content-Type': OCI_INDEX, 'Docker-Content-Digest': digestOf('{}') })
        : send(res, 503, { 'Content-Type': 'application/json' }, '{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}'),
    );
    const result = await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64'] }));
    expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/503 UNAVAILABLE: down for maintenance from GET .* \(after 3 attempts\)/) });
  });

  it('succeeds when a retry gets through', async () => {
    let calls = 0;
    const ok = registry({ '/v2/app/manifests/1': { type: DOCKER_MANIFEST, body: '{}' } });
    const server = await serve((req, res) => (++calls === 1 ? send(res, 502) : ok(req, res)));
    expect((await checkImage(`${server.host}/app:1`, fast(server))).status).toBe('exists');
    expect(calls).toBe(2);
  });

  it('retries 429, honouring a short Retry-After', async () => {
    let calls = 0;
    const ok = registry({ '/v2/app/manifests/1': { type: DOCKER_MANIFEST, body: '{}' } });
    const server = await serve((req, res) => (++calls === 1 ? send(res, 429, { 'Retry-After': '0' }) : ok(req, res)));
    expect((await checkImage(`${server.host}/app:1`, fast(server))).status).toBe('exists');
    const always = await serve((_req, res) => send(res, 429, { 'Retry-After': '0' }));
    expect(await checkImage(`${always.host}/app:1`, fast(always, { retries: 1 }))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/429/) });
  });

  it('does not retry other 4xx', async () => {
    const server = await serve((_req, res) => send(res, 400));
    const result = await checkImage(`${server.host}/app:1`, fast(server));
    expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/unexpected 400/) });
    expect(server.seen).toHaveLength(1);
  });

  it('times out each attempt and bounds the retries', async () => {
    const server = await serve(() => {
      // never answers
    });
    const started = Date.now();
    const result = await checkImage(`${server.host}/app:1`, fast(server, { timeoutMs: 150, retries: 1 }));
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/no answer within 150 ms \(after 2 attempts\)/);
    expect(server.seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives unknown when nothing listens', async () => {
    const port = await freePort();
    const result = await checkImage(`127.0.0.1:${port}/app:1`, { insecureRegistries: [`127.0.0.1:${port}`], retries: 1, backoffMs: 5 });
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/ECONNREFUSED/);
    expect(result.reason).toMatch(/after 2 attempts/);
  });

  it('gives unknown when the connection drops', async () => {
    const server = await serve((_req, res) => res.socket?.destroy());
    expect((await checkImage(`${server.host}/app:1`, fast(server, { retries: 0 }))).status).toBe('unknown');
  });

  it('does not take a 200 that is not a manifest as exists (proxies, captive portals)', async () => {
    const server = await serve((_req, res) => send(res, 200, { 'Content-Type': 'text/html' }, '<html>welcome</html>'));
    const result = await checkImage(`${server.host}/app:1`, fast(server));
    expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/answered 200 but not with a manifest \(Content-Type "text\/html"/) });
  });

  it('gives unknown for a malformed digest header', async () => {
    const server = await serve((_req, res) => send(res, 200, { 'Content-Type': DOCKER_MANIFEST, 'Docker-Content-Digest': 'not a digest' }));
    expect(await checkImage(`${server.host}/app:1`, fast(server))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/malformed Docker-Content-Digest/) });
  });

  it('gives unknown for 403 without a challenge, and for an unknown auth scheme', async () => {
    const forbidden = await serve((_req, res) => send(res, 403));
    expect(await checkImage(`${forbidden.host}/app:1`, fast(forbidden))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/access denied with anonymous access: 403/) });
    const negotiate = await serve((_req, res) => send(res, 401, { 'WWW-Authenticate': 'Negotiate' }));
    expect(await checkImage(`${negotiate.host}/app:1`, fast(negotiate))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/unsupported challenge \(negotiate\)/) });
    const bare = await serve((_req, res) => send(res, 401));
    expect(await checkImage(`${bare.host}/app:1`, fast(bare))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/no WWW-Authenticate/) });
  });

  it('gives unknown, not a crash, when the credential resolver throws', async () => {
    const server = await serve((_req, res) => send(res, 401, { 'WWW-Authenticate': 'Basic realm="r"' }));
    const result = await checkImage(`${server.host}/app:1`, fast(server, { credentials: async () => Promise.reject(new Error('vault sealed')) }));
    expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/none were found.*vault sealed/) });
  });
});

describe('Basic auth', () => {
  const guarded = (inner: Handler): Handler => (req, res) => {
    if (req.headers['authorization'] !== `Basic ${Buffer.from('alice:s3cret').toString('base64')}`) {
      return send(res, 401, { 'WWW-Authenticate': 'Basic realm="Registry Realm"', 'Content-Type': 'application/json' }, '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    inner(req, res);
  };

  it('answers a Basic challenge with the credentials', async () => {
    const server = await serve(guarded(registry({ '/v2/app/manifests/1': { type: DOCKER_MANIFEST, body: '{}' } })));
    const result = await checkImage(`${server.host}/app:1`, fast(server, { credentials: { kind: 'basic', username: 'alice', password: 's3cret' } }));
    expect(result.status).toBe('exists');
    expect(server.seen.map((s) => s.headers['authorization'] !== undefined)).toEqual([false, true]);
  });

  it('finds the credentials in a docker config', async () => {
    const server = await serve(guarded(registry({})));
    const config = JSON.stringify({ auths: { [server.host]: { auth: Buffer.from('alice:s3cret').toString('base64') } } });
    const credentials = dockerConfigCredentials({ env: { DOCKER_CONFIG: '/cfg' }, readFile: async () => config });
    expect((await checkImage(`${server.host}/app:2`, fast(server, { credentials }))).status).toBe('missing');
  });

  it('gives unknown for a wrong password, naming whose credentials were refused', async () => {
    const server = await serve(guarded(registry({ '/v2/app/manifests/1': { type: DOCKER_MANIFEST, body: '{}' } })));
    const result = await checkImage(`${server.host}/app:1`, fast(server, { credentials: { kind: 'basic', username: 'alice', password: 'wrong' } }));
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/refused the credentials of "alice" from the given credentials: 401 from HEAD/);
    expect(result.reason).not.toContain('wrong');
  });

  it('gives unknown without credentials', async () => {
    const server = await serve(guarded(registry({})));
    const result = await checkImage(`${server.host}/app:1`, fast(server));
    expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/asks for credentials \(Basic realm "Registry Realm"\) and none were found/) });
  });
});

describe('Bearer token flow', () => {
  /** The registry and its token server on one port: `/token` issues, `/v2/` checks. */
  function tokenRegistry(inner: Handler, options: { users?: Record<string, string>; anonymous?: boolean; tokenBody?: (req: Seen) => string } = {}): Handler {
    return (req, res) => {
      const host = req.headers['host'];
      if (req.url.startsWith('/token')) {
        const auth = req.headers['authorization'];
        let who: string | undefined;
        if (req.method === 'POST') {
          const form = new URLSearchParams(req.body);
          if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'refresh-1') who = 'oauth-user';
          else return send(res, 401);
        } else if (auth) {
          const [user, pass] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString().split(':');
          if (options.users?.[user!] !== pass) return send(res, 401, { 'Content-Type': 'application/json' }, '{"details":"incorrect username or password"}');
          who = user;
        } else if (options.anonymous) who = 'anonymous';
        else return send(res, 401);
        const body = options.tokenBody ? options.tokenBody(req) : JSON.stringify(req.method === 'POST' ? { access_token: `tok-${who}` } : { token: `tok-${who}`, expires_in: 300 });
        return send(res, 200, { 'Content-Type': 'application/json' }, body);
      }
      if (!/^Bearer tok-(alice|anonymous|oauth-user)$/.test(req.headers['authorization'] ?? '')) {
        return send(res, 401, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="test-registry",scope="repository:team/app:pull"` });
      }
      inner(req, res);
    };
  }
  const docs = { '/v2/team/app/manifests/1': { type: DOCKER_MANIFEST, body: '{}' } };

  it('fetches an anonymous token and retries with it', async () => {
    const server = await serve(tokenRegistry(registry(docs), { anonymous: true }));
    const result = await checkImage(`${server.host}/team/app:1`, fast(server));
    expect(result.status).toBe('exists');
    const token = server.seen.find((s) => s.url.startsWith('/token'))!;
    const query = new URL(token.url, server.origin).searchParams;
    expect(query.get('service')).toBe('test-registry');
    expect(query.getAll('scope')).toEqual(['repository:team/app:pull']);
    expect(token.headers['authorization']).toBeUndefined();
    expect(server.seen.at(-1)!.headers['authorization']).toBe('Bearer tok-anonymous');
  });

  it('sends Basic credentials to the token server', async () => {
    const server = await serve(tokenRegistry(registry(docs), { users: { alice: 'pw' } }));
    const result = await checkImage(`${server.host}/team/app:2`, fast(server, { credentials: { kind: 'basic', username: 'alice', password: 'pw' } }));
    expect(result.status).toBe('missing');
    expect(server.seen.find((s) => s.url.startsWith('/token'))!.headers['authorization']).toBe(`Basic ${Buffer.from('alice:pw').toString('base64')}`);
  });

  it('exchanges an identity token with the OAuth2 refresh grant', async () => {
    const server = await serve(tokenRegistry(registry(docs)));
    const result = await checkImage(`${server.host}/team/app:1`, fast(server, { credentials: { kind: 'identityToken', token: 'refresh-1' } }));
    expect(result.status).toBe('exists');
    const post = server.seen.find((s) => s.method === 'POST')!;
    expect(Object.fromEntries(new URLSearchParams(post.body))).toMatchObject({ grant_type: 'refresh_token', service: 'test-registry', scope: 'repository:team/app:pull' });
  });

  it('reuses the token for the manifest and config reads of a platform check', async () => {
    const server = await serve(tokenRegistry(registry(Object.fromEntries(Object.entries(singleImage({ os: 'linux', architecture: 'amd64' })).map(([k, v]) => [k.replace('/v2/app/', '/v2/team/app/'), v]))), { anonymous: true }));
    const result = await checkImage(`${server.host}/team/app:1`, fast(server, { platforms: ['linux/amd64'] }));
    expect(result.status).toBe('exists');
    expect(server.seen.filter((s) => s.url.startsWith('/token'))).toHaveLength(1);
  });

  it('gives unknown when the token server refuses the password', async () => {
    const server = await serve(tokenRegistry(registry(docs), { users: { alice: 'pw' } }));
    const result = await checkImage(`${server.host}/team/app:1`, fast(server, { credentials: { kind: 'basic', username: 'alice', password: 'nope' } }));
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/the token server http:\/\/127\.0\.0\.1:\d+\/token refused the credentials from the given credentials: 401/);
  });

  it('gives unknown when anonymous access is refused', async () => {
    const server = await serve(tokenRegistry(registry(docs), { users: { alice: 'pw' } }));
    expect(await checkImage(`${server.host}/team/app:1`, fast(server))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/refused anonymous access/) });
  });

  it('gives unknown when the registry refuses the token (Docker Hub does this for private or absent repos)', async () => {
    const server = await serve(tokenRegistry(registry(docs), { anonymous: true, tokenBody: () => '{"token":"tok-useless"}' }));
    const result = await checkImage(`${server.host}/team/app:1`, fast(server));
    expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/the registry refused a token for anonymous access: 401/) });
  });

  it('gives unknown for a token answer without a token, or not JSON', async () => {
    for (const [body, message] of [
      ['{"expires_in":3}', /answered without a token/],
      ['<html>', /did not answer JSON/],
    ] as const) {
      const server = await serve(tokenRegistry(registry(docs), { anonymous: true, tokenBody: () => body }));
      expect(await checkImage(`${server.host}/team/app:1`, fast(server))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(message) });
    }
  });

  it('gives unknown for a challenge without a usable realm', async () => {
    const server = await serve((_req, res) => send(res, 401, { 'WWW-Authenticate': 'Bearer service="x"' }));
    expect(await checkImage(`${server.host}/app:1`, fast(server))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/no usable realm/) });
  });

  it('sends a registry token directly', async () => {
    const server = await serve(tokenRegistry(registry(docs)));
    expect((await checkImage(`${server.host}/team/app:1`, fast(server, { credentials: { kind: 'registryToken', token: 'tok-alice' } }))).status).toBe('exists');
    expect(server.seen.some((s) => s.url.startsWith('/token'))).toBe(false);
  });
});

describe('platforms', () => {
  it('compares the platforms of an index, ignoring attestation entries', async () => {
    const server = await serve(registry(index([{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }])));
    const both = await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64', 'linux/arm64'] }));
    expect(both.status).toBe('exists');
    expect(both.reason).toMatch(/index has linux\/amd64, linux\/arm64\/v8/);
    // Each requested platform's own manifest, keyed as asked; the attestation entry is not one of them.
    expect(both.platformDigests).toEqual({ 'linux/amd64': `sha256:${'0'.repeat(64)}`, 'linux/arm64': `sha256:${'1'.repeat(64)}` });
    const more = await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64', 'linux/arm/v7', 'linux/s390x'] }));
    expect(more).toMatchObject({ status: 'partial', missingPlatforms: ['linux/arm/v7', 'linux/s390x'] });
    expect(more.digest).toMatch(/^sha256:/);
    expect(more.platformDigests).toEqual({ 'linux/amd64': `sha256:${'0'.repeat(64)}` });
  });

  it('fetches the index by the digest the HEAD gave', async () => {
    const server = await serve(registry(index([{ os: 'linux', architecture: 'amd64' }])));
    const result = await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64'] }));
    expect(server.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['HEAD /v2/app/manifests/1', `GET /v2/app/manifests/${result.digest}`]);
  });

  it('does not count an index of attestations only', async () => {
    const server = await serve(registry(index([])));
    expect(await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64'] }))).toMatchObject({ status: 'partial', missingPlatforms: ['linux/amd64'], reason: expect.stringMatching(/no platforms/) });
  });

  it('reads a single manifest’s platform from its config blob', async () => {
    const server = await serve(registry(singleImage({ os: 'linux', architecture: 'amd64', rootfs: {} })));
    expect((await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64'] }))).status).toBe('exists');
    expect(await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64', 'linux/arm64'] }))).toMatchObject({
      status: 'partial',
      missingPlatforms: ['linux/arm64'],
      reason: expect.stringMatching(/single linux\/amd64 image without linux\/arm64/),
    });
  });

  it('gives unknown when the platform cannot be told', async () => {
    const noArch = await serve(registry(singleImage({ rootfs: {} })));
    expect(await checkImage(`${noArch.host}/app:1`, fast(noArch, { platforms: ['linux/amd64'] }))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/names no os\/architecture/) });
    const artifact = await serve(registry(singleImage({ os: 'linux', architecture: 'amd64' }, 'application/vnd.cncf.helm.config.v1+json')));
    expect(await checkImage(`${artifact.host}/app:1`, fast(artifact, { platforms: ['linux/amd64'] }))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/artifact/) });
  });

  it('gives unknown for a manifest that is not JSON or does not match its digest', async () => {
    const garbage = await serve((req, res) => send(res, 200, { 'Content-Type': OCI_INDEX, 'Docker-Content-Digest': digestOf('{"a":1}') }, req.method === 'HEAD' ? '' : 'not json'));
    expect(await checkImage(`${garbage.host}/app:1`, fast(garbage, { platforms: ['linux/amd64'] }))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/does not match its digest/) });
    const body = 'not json';
    const invalid = await serve((req, res) => send(res, 200, { 'Content-Type': OCI_INDEX, 'Docker-Content-Digest': digestOf(body) }, req.method === 'HEAD' ? '' : body));
    expect(await checkImage(`${invalid.host}/app:1`, fast(invalid, { platforms: ['linux/amd64'] }))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/not valid JSON/) });
  });

  it('gives unknown when the manifest vanished between HEAD and GET', async () => {
    const server = await serve((req, res: ServerResponse) =>
      req.method === 'HEAD' ? send(res, 200, { 'Content-Type': OCI_INDEX, 'Docker-Content-Digest': digestOf('{}') }) : send(res, 404),
    );
    expect(await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64'] }))).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/could not be read: 404/) });
  });

  it('normalises platform spellings', () => {
    const p = (text: string) => parsePlatform(text)!;
    expect(p('linux/x86_64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(p('Linux/AArch64')).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(p('linux/arm/7')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(parsePlatform('linux')).toBeUndefined();
    expect(parsePlatform('linux/amd64/v2/x')).toBeUndefined();
    expect(platformMatches(p('linux/arm64'), p('linux/arm64/v8'))).toBe(true);
    expect(platformMatches(p('linux/arm'), p('linux/arm/v7'))).toBe(true);
    expect(platformMatches(p('linux/arm/v6'), p('linux/arm/v7'))).toBe(false);
    expect(platformMatches(p('linux/amd64'), p('linux/amd64/v3'))).toBe(false);
    expect(platformMatches(p('linux/amd64'), p('windows/amd64'))).toBe(false);
  });
});

describe('parseWwwAuthenticate', () => {
  it('reads Docker Hub’s challenge', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/ubuntu:pull' } },
    ]);
  });
  it('reads several challenges, unquoted values and escapes', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://a/t",service=reg, Basic realm="say \\"hi\\", please"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://a/t', service: 'reg' } },
      { scheme: 'basic', params: { realm: 'say "hi", please' } },
    ]);
  });
  it('reads a bare scheme', () => {
    expect(parseWwwAuthenticate('Negotiate')).toEqual([{ scheme: 'negotiate', params: {} }]);
    expect(parseWwwAuthenticate('')).toEqual([]);
  });
});

describe('hostile registries (issue #10 items 10, 11, 13)', () => {
  const USER = { kind: 'basic', username: 'alice', password: 's3cret' } as const;

  it('never sends Basic credentials to a plain-HTTP token realm on a host that is not an insecure registry', async () => {
    const realm = await serve((req, res) => send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify({ token: req.headers['authorization'] ? 'with-password' : 'anonymous' })));
    const registry = await serve((req, res) => {
      if (req.headers['authorization'] !== 'Bearer with-password') return send(res, 401, { 'WWW-Authenticate': `Bearer realm="${realm.origin}/token",service="s"` });
      sendDocument(req, res, OCI_MANIFEST, '{}');
    });
    const withheld = await checkImage(`${registry.host}/app:1`, { ...fast(registry), credentials: USER });
    expect(withheld.status).toBe('unknown');
    expect(withheld.reason).toContain(`credentials are not sent to ${realm.origin} over plain HTTP`);
    expect(realm.seen.map((r) => r.headers['authorization'])).toEqual([undefined]);
    // Listed as insecure, the realm host may have them.
    const sent = await checkImage(`${registry.host}/app:1`, { ...fast(registry), insecureRegistries: [registry.host, realm.host], credentials: USER });
    expect(sent.status, sent.reason).toBe('exists');
    expect(realm.seen.at(-1)!.headers['authorization']).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  });

  it('never sends an identity token to a plain-HTTP realm on a host that is not an insecure registry', async () => {
    const realm = await serve((_req, res) => send(res, 200, { 'Content-Type': 'application/json' }, '{"token":"t"}'));
    const registry = await serve((_req, res) => send(res, 401, { 'WWW-Authenticate': `Bearer realm="${realm.origin}/token"` }));
    await checkImage(`${registry.host}/app:1`, { ...fast(registry), credentials: { kind: 'identityToken', token: 'refresh-me' } });
    expect(realm.seen.length).toBeGreaterThan(0);
    expect(realm.seen.every((r) => !r.body.includes('refresh-me') && !r.url.includes('refresh-me'))).toBe(true);
  });

  it('an HTTP 200 that is not a manifest is never `exists`, digest header or not, platforms or not', async () => {
    const server = await serve((_req, res) => send(res, 200, { 'Content-Type': 'text/html', 'Docker-Content-Digest': digestOf('x') }, '<html>portal</html>'));
    for (const platforms of [undefined, ['linux/amd64']]) {
      const result = await checkImage(`${server.host}/app:1`, fast(server, platforms ? { platforms } : {}));
      expect(result.status).toBe('unknown');
      expect(result.reason).toContain('not with a manifest (Content-Type "text/html")');
    }
  });

  it('an empty platform list is never answered `exists`', async () => {
    const server = await serve(registry(singleImage({ os: 'linux', architecture: 'amd64' })));
    expect((await checkImage(`${server.host}/app:1`, fast(server, { platforms: [] }))).status).toBe('unknown');
    expect(server.seen).toEqual([]);
  });

  it('prints no terminal escape sequence a registry put in its error text', async () => {
    const evil = '\u001b]0;owned\u0007\u001b[2J\u009b31mred\r\nfake: exists';
    const server = await serve((req, res) => {
      if (req.method === 'HEAD') return send(res, 200, { 'Content-Type': OCI_MANIFEST });
      send(res, 403, { 'Content-Type': 'application/json' }, JSON.stringify({ errors: [{ code: 'DENIED', message: evil }] }));
    });
    const result = await checkImage(`${server.host}/app:1`, fast(server, { platforms: ['linux/amd64'] }));
    expect(result.status).toBe('unknown');
    expect(result.reason).toContain('DENIED');
    expect(result.reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(result.reason).toContain('\\u{1b}]0;owned');
  });
});
