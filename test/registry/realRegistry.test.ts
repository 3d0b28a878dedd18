/**
 * The registry client against a REAL CNCF distribution registry (docker-registry 2.8, Debian's), started by
 * ../shared/realbuild/setup.sh, with images pushed by skopeo and buildah as CI would push them:
 * - the shared registry on 127.0.0.1:5000 (plain HTTP, no auth): exists / missing tag / missing repo,
 *   the config-blob platform check, a real multi-platform manifest list, HTTPS refused;
 * - a second registry we start with `auth: htpasswd` (bcrypt): credentials from a docker config file and
 *   from a credential helper program, wrong or no password → unknown, then stopped → unknown;
 * - a third registry we start with `auth: token`: real JWT verification by the registry against a small
 *   token server in this process (the registry never issues tokens itself; in production that is
 *   auth.docker.io, ghcr.io/token, ...). Nothing else is a stand-in.
 *
 * The shared registry is left running: other test files (test/e2e) use it concurrently, and setup.sh is
 * idempotent; CI stops it with `setup.sh down`. The registries started here are stopped by their pid.
 */
import { createHash, createSign, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImage, type CheckOptions } from '../../src/registry/check.js';
import { nodeCredentialEnvironment } from '../../src/cli/existence.js';
import { dockerConfigCredentials as dockerConfigCredentialsIn, type CredentialEnvironment } from '../../src/registry/credentials.js';

const dockerConfigCredentials = (partial: Partial<CredentialEnvironment>) => dockerConfigCredentialsIn({ ...nodeCredentialEnvironment(process.env), homedir: '/nowhere', ...partial, env: partial.env ?? {} });
import { freePort } from './testServer.js';
import { missing, missingSuite } from '../helpers/required.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const SETUP = process.env['REALBUILD_SETUP'] ?? join(REPO_ROOT, '..', 'shared', 'realbuild', 'setup.sh');
const REGISTRY_BINARY = '/usr/bin/docker-registry';
/** A fresh tag and repository each run, so "missing" cannot be satisfied by an earlier run's push. */
const RUN = randomBytes(4).toString('hex');
const REPO = 'flyimgc-registry-test';

const env: Record<string, string> = {};
let registry = '';
let work = '';

async function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const result = await execa(command, args, { env: { ...env, ...extraEnv }, reject: false, all: true, timeout: 120_000 });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.exitCode ?? result.shortMessage}):\n${result.all}`);
  return result.stdout;
}

/** Copies the debian base that setup.sh made to `dest`, with `creds` for a registry that wants them. */
async function pushBase(dest: string, creds?: string): Promise<void> {
  await run('skopeo', [
    'copy',
    '--quiet',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    ...(creds ? ['--dest-creds', creds] : []),
    `docker://${env['REALBUILD_BASE_DEBIAN']}`,
    `docker://${dest}`,
  ]);
}

/** The digest of the top-level manifest (index or image) as skopeo fetches it: sha256 of its raw bytes. */
async function skopeoDigest(ref: string, creds?: string): Promise<string> {
  const args = ['inspect', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), '--raw', `docker://${ref}`];
  const result = await execa('skopeo', args, { env, encoding: 'buffer', stripFinalNewline: false, reject: false, timeout: 60_000 });
  if (result.exitCode !== 0) throw new Error(`skopeo ${args.join(' ')} failed: ${Buffer.from(result.stderr).toString()}`);
  return `sha256:${createHash('sha256').update(result.stdout).digest('hex')}`;
}

/** Starts docker-registry on a free port with extra config; the returned handle is killed by its pid. */
async function startRegistry(name: string, authConfig: string): Promise<{ host: string; process: ResultPromise; stop: () => Promise<void> }> {
  const port = await freePort();
  const dir = join(work, name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      authConfig,
      '',
    ].join('\n'),
  );
  const child = execa(REGISTRY_BINARY, ['serve', config], { reject: false, all: true, buffer: true });
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 401 || response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      const result = await child;
      throw new Error(`${REGISTRY_BINARY} on ${host} did not come up:\n${result.all}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopping: Promise<unknown> | undefined;
  const stop = async () => {
    if (!stopping) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      stopping = child;
    }
    await stopping;
  };
  return { host, process: child, stop };
}

/** A bcrypt line for the htpasswd file: htpasswd -B if installed, else libcrypt's bcrypt through perl (Essential on Debian). */
async function bcryptLine(user: string, password: string): Promise<string | undefined> {
  const htpasswd = await execa('htpasswd', ['-B', '-b', '-n', user, password], { reject: false });
  if (htpasswd.exitCode === 0 && htpasswd.stdout.trim()) return htpasswd.stdout.trim();
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // The last salt character carries only 2 bits; one of '.Oeu' keeps it canonical.
  const salt = `$2b$10$${[...randomBytes(21)].map((b) => alphabet[b % 64]).join('')}${'.Oeu'[randomBytes(1)[0]! % 4]}`;
  const perl = await execa('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, salt], { reject: false });
  const hash = perl.stdout.trim();
  return /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash) ? `${user}:${hash}` : undefined;
}

const setupAvailable = existsSync(SETUP);

if (!setupAvailable) {
  describe('registry client against a real distribution registry', () => {
    missingSuite('the realbuild setup', `${SETUP} not found (the realbuild setup lives in ../shared/realbuild; set REALBUILD_SETUP to point elsewhere)`);
  });
} else {
  beforeAll(async () => {
    const up = await execa('bash', [SETUP, 'up'], { reject: false, all: true });
    if (up.exitCode !== 0) throw new Error(`realbuild setup failed:\n${up.all}`);
    for (const match of up.stdout.matchAll(/^export (\w+)=(.*)$/gm)) env[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
    registry = env['REGISTRY']!;
    expect(registry).toMatch(/^127\.0\.0\.1:\d+$/);
    work = mkdtempSync(join(tmpdir(), 'flyimgc-registry-'));
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the shared realbuild registry (plain HTTP, no auth)', () => {
    const insecure = (): CheckOptions => ({ insecureRegistries: [registry], timeoutMs: 5_000 });
    const pushed: string[] = [];

    beforeAll(async () => {
      await pushBase(`${registry}/${REPO}/exists:1`);
      pushed.push(`${REPO}/exists`);
    }, 120_000);

    afterAll(async () => {
      // Leave the shared registry as it was: delete what this file pushed (delete is enabled there).
      for (const repo of pushed) {
        for (const tag of ['1', `multi-${RUN}`]) {
          const head = await fetch(`http://${registry}/v2/${repo}/manifests/${tag}`, {
            method: 'HEAD',
            headers: { Accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
          }).catch(() => undefined);
          const digest = head?.headers.get('docker-content-digest');
          if (head?.status === 200 && digest) await fetch(`http://${registry}/v2/${repo}/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);
        }
      }
    });

    it('finds a pushed tag, with the digest skopeo reports', async () => {
      const ref = `${registry}/${REPO}/exists:1`;
      const result = await checkImage(ref, insecure());
      expect(result.status, result.reason).toBe('exists');
      expect(result.digest).toBe(await skopeoDigest(ref));
    });

    it('says missing for an absent tag and an absent repository', async () => {
      expect(await checkImage(`${registry}/${REPO}/exists:absent-${RUN}`, insecure())).toMatchObject({ status: 'missing' });
      expect(await checkImage(`${registry}/${REPO}/never-pushed-${RUN}:1`, insecure())).toMatchObject({ status: 'missing' });
    });

    it('finds the bases setup.sh pushed, and reads a Docker Hub-style name under library/', async () => {
      const base = env['REALBUILD_BASE_PYTHON']!;
      expect((await checkImage(base, insecure())).status).toBe('exists');
      // `${registry}/python:3.11-slim` is its own repository there (setup pushes both), not library/python.
      expect((await checkImage(`${registry}/python:3.11-slim`, insecure())).status).toBe('exists');
    });

    it('reads the platform of a single-platform image from its config blob', async () => {
      const ref = `${registry}/${REPO}/exists:1`;
      expect(await checkImage(ref, { ...insecure(), platforms: ['linux/amd64'] })).toMatchObject({ status: 'exists', reason: expect.stringMatching(/linux\/amd64 image/) });
      expect(await checkImage(ref, { ...insecure(), platforms: ['linux/amd64', 'linux/arm64'] })).toMatchObject({ status: 'partial', missingPlatforms: ['linux/arm64'] });
    });

    it('compares the platforms of a real manifest list (buildah manifest push --all)', async () => {
      const list = `flyimgc-registry-test-${RUN}`;
      const ref = `${registry}/${REPO}/exists:multi-${RUN}`;
      try {
        await run('buildah', ['manifest', 'create', list]);
        await run('buildah', ['manifest', 'add', '--tls-verify=false', list, `docker://${env['REALBUILD_BASE_DEBIAN']}`]);
        await run('buildah', ['manifest', 'push', '--all', '--tls-verify=false', list, `docker://${ref}`]);
      } finally {
        await execa('buildah', ['manifest', 'rm', list], { env, reject: false });
      }
      const index = await fetch(`http://${registry}/v2/${REPO}/exists/manifests/multi-${RUN}`, { headers: { Accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' } });
      expect(index.headers.get('content-type')).toMatch(/index|list/);

      expect(await checkImage(ref, { ...insecure(), platforms: ['linux/amd64'] })).toMatchObject({ status: 'exists', reason: expect.stringMatching(/index has linux\/amd64/) });
      const partial = await checkImage(ref, { ...insecure(), platforms: ['linux/amd64', 'linux/arm64'] });
      expect(partial).toMatchObject({ status: 'partial', missingPlatforms: ['linux/arm64'] });
      expect(partial.digest).toBe(await skopeoDigest(ref));
    });

    it('does not speak plain HTTP to it unless it is listed as insecure', async () => {
      const result = await checkImage(`${registry}/${REPO}/exists:1`, { timeoutMs: 5_000, retries: 0 });
      expect(result.status).toBe('unknown');
      expect(result.reason).toMatch(/insecure registry/);
    });

    it('gives unknown, quickly, where no registry listens', async () => {
      const port = await freePort();
      const started = Date.now();
      const result = await checkImage(`127.0.0.1:${port}/${REPO}/exists:1`, { insecureRegistries: [`127.0.0.1:${port}`], retries: 2, backoffMs: 50 });
      expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/ECONNREFUSED.*after 3 attempts/) });
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  describe('a registry with htpasswd (Basic) auth', () => {
    let auth: Awaited<ReturnType<typeof startRegistry>> | undefined;
    let skipReason = '';
    const user = 'flyimgc';
    const password = `pw-${RUN}`;

    beforeAll(async () => {
      const line = await bcryptLine(user, password);
      if (!line) {
        skipReason = 'no bcrypt: neither htpasswd (apache2-utils) nor perl with libcrypt bcrypt is available';
        return;
      }
      const file = join(work, 'htpasswd.bcrypt');
      writeFileSync(file, `${line}\n`);
      auth = await startRegistry('htpasswd', ['auth:', '  htpasswd:', '    realm: flyimgc-test', `    path: ${file}`].join('\n'));
      await pushBase(`${auth.host}/${REPO}/auth:1`, `${user}:${password}`);
    }, 120_000);

    afterAll(async () => {
      await auth?.stop();
    });

    /** A docker config directory as `docker login` leaves it. */
    function dockerConfig(contents: object): CheckOptions['credentials'] {
      const dir = mkdtempSync(join(work, 'docker-config-'));
      writeFileSync(join(dir, 'config.json'), JSON.stringify(contents));
      return dockerConfigCredentials({ env: { ...process.env, DOCKER_CONFIG: dir } });
    }
    const options = (credentials?: CheckOptions['credentials']): CheckOptions => ({
      insecureRegistries: [auth!.host],
      timeoutMs: 5_000,
      ...(credentials ? { credentials } : {}),
    });

    it('answers 401 Basic without credentials (so the flow under test is really exercised)', async (ctx) => {
      if (!auth) return missing(ctx, skipReason);
      const response = await fetch(`http://${auth.host}/v2/${REPO}/auth/manifests/1`, { method: 'HEAD' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    });

    it('finds the tag with the right password from a docker config file', async (ctx) => {
      if (!auth) return missing(ctx, skipReason);
      const credentials = dockerConfig({ auths: { [auth.host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } });
      const result = await checkImage(`${auth.host}/${REPO}/auth:1`, { ...options(credentials), platforms: ['linux/amd64'] });
      expect(result.status, result.reason).toBe('exists');
      expect(result.digest).toBe(await skopeoDigest(`${auth.host}/${REPO}/auth:1`, `${user}:${password}`));
      expect((await checkImage(`${auth.host}/${REPO}/auth:absent-${RUN}`, options(credentials))).status).toBe('missing');
    });

    it('finds the tag with credentials from a credential helper program', async (ctx) => {
      if (!auth) return missing(ctx, skipReason);
      const bin = mkdtempSync(join(work, 'bin-'));
      const helper = join(bin, 'docker-credential-flyimgctest');
      // A helper speaking docker's protocol, holding one secret for one server.
      writeFileSync(helper, `#!/bin/sh\nread -r server\n[ "$server" = "${auth.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\nprintf '{"ServerURL":"%s","Username":"${user}","Secret":"${password}"}' "$server"\n`);
      chmodSync(helper, 0o755);
      const dir = mkdtempSync(join(work, 'docker-config-'));
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [auth.host]: 'flyimgctest' } }));
      const credentials = dockerConfigCredentials({ env: { ...process.env, DOCKER_CONFIG: dir, PATH: `${bin}:${process.env['PATH'] ?? ''}` } });
      const result = await checkImage(`${auth.host}/${REPO}/auth:1`, options(credentials));
      expect(result.status, result.reason).toBe('exists');
    });

    it('gives unknown for a wrong password, and for none', async (ctx) => {
      if (!auth) return missing(ctx, skipReason);
      const wrong = await checkImage(`${auth.host}/${REPO}/auth:1`, options({ kind: 'basic', username: user, password: 'wrong' }));
      expect(wrong).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/refused the credentials of "flyimgc".*401/) });
      const none = await checkImage(`${auth.host}/${REPO}/auth:1`, options(dockerConfig({})));
      expect(none).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/asks for credentials \(Basic realm "flyimgc-test"\) and none were found/) });
      // A missing tag is not reported as missing either when we cannot log in.
      expect((await checkImage(`${auth.host}/${REPO}/auth:absent-${RUN}`, options())).status).toBe('unknown');
    });

    it('gives unknown once the registry is stopped', async (ctx) => {
      if (!auth) return missing(ctx, skipReason);
      await auth.stop();
      const result = await checkImage(`${auth.host}/${REPO}/auth:1`, { ...options({ kind: 'basic', username: user, password }), retries: 1, backoffMs: 50 });
      expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/ECONNREFUSED/) });
    });
  });

  describe('a registry with token (Bearer) auth', () => {
    let reg: Awaited<ReturnType<typeof startRegistry>> | undefined;
    let tokenServer: Server | undefined;
    let tokenHost = '';
    let skipReason = '';
    const requests: Array<{ scope: string[]; user: string }> = [];
    const user = 'robot';
    const password = `tok-${RUN}`;

    beforeAll(async () => {
      const dir = join(work, 'token');
      mkdirSync(dir, { recursive: true });
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      const openssl = await execa('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=flyimgc-test-token', '-days', '2'], { reject: false, all: true });
      if (openssl.exitCode !== 0) {
        skipReason = `openssl could not make the token signing certificate: ${openssl.all ?? openssl.shortMessage}`;
        return;
      }
      const privateKey = readFileSync(key, 'utf8');
      const certDer = readFileSync(cert, 'utf8').replace(/-----[^-]+-----|\s/g, '');
      const tokenPort = await freePort();
      const service = 'flyimgc-test-registry';
      const issuer = 'flyimgc-test-issuer';

      // The token endpoint a real deployment gets from its auth service: Basic in, signed JWT out.
      tokenServer = createServer((req, res) => {
        const url = new URL(req.url ?? '/', `http://127.0.0.1:${tokenPort}`);
        const header = req.headers['authorization'];
        let who = '';
        if (header) {
          const [u, p] = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString().split(':');
          if (u !== user || p !== password) {
            res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"incorrect username or password"}');
            return;
          }
          who = u;
        }
        const scopes = url.searchParams.getAll('scope');
        requests.push({ scope: scopes, user: who || 'anonymous' });
        // Anonymous callers get a valid token that grants nothing, as Docker Hub does for private repos.
        const access = who
          ? scopes.flatMap((s) => {
              const [type, name, actions] = s.split(':');
              return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
            })
          : [];
        const now = Math.floor(Date.now() / 1000);
        const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const unsigned = `${b64url({ typ: 'JWT', alg: 'RS256', x5c: [certDer] })}.${b64url({ iss: issuer, sub: who, aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access })}`;
        const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${unsigned}.${signature}`, expires_in: 300 }));
      });
      await new Promise<void>((resolve) => tokenServer!.listen(tokenPort, '127.0.0.1', resolve));

      reg = await startRegistry(
        'token',
        ['auth:', '  token:', `    realm: http://127.0.0.1:${tokenPort}/token`, `    service: ${service}`, `    issuer: ${issuer}`, `    rootcertbundle: ${cert}`].join('\n'),
      );
      tokenHost = `127.0.0.1:${tokenPort}`;
      await pushBase(`${reg.host}/${REPO}/bearer:1`, `${user}:${password}`);
    }, 120_000);

    afterAll(async () => {
      await reg?.stop();
      if (tokenServer) {
        tokenServer.closeAllConnections();
        await new Promise((resolve) => tokenServer!.close(resolve));
      }
    });

    // The token realm is plain HTTP on its own port: credentials go there only because it is listed too.
    const options = (credentials?: CheckOptions['credentials']): CheckOptions => ({
      insecureRegistries: [reg!.host, tokenHost],
      timeoutMs: 5_000,
      ...(credentials ? { credentials } : {}),
    });

    it('finds the tag with a token fetched with Basic credentials, and reports an absent one missing', async (ctx) => {
      if (!reg) return missing(ctx, skipReason);
      const head = await fetch(`http://${reg.host}/v2/${REPO}/bearer/manifests/1`, { method: 'HEAD' });
      expect(head.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      requests.length = 0;
      const credentials = { kind: 'basic', username: user, password } as const;
      const result = await checkImage(`${reg.host}/${REPO}/bearer:1`, { ...options(credentials), platforms: ['linux/amd64'] });
      expect(result.status, result.reason).toBe('exists');
      // One token for the HEAD, the manifest and the config blob.
      expect(requests).toEqual([{ scope: [`repository:${REPO}/bearer:pull`], user }]);
      expect(result.digest).toBe(await skopeoDigest(`${reg.host}/${REPO}/bearer:1`, `${user}:${password}`));
      expect((await checkImage(`${reg.host}/${REPO}/bearer:absent-${RUN}`, options(credentials))).status).toBe('missing');
    });

    it('never sends the password to a plain-HTTP realm that is not an insecure registry: the token is asked for anonymously', async (ctx) => {
      if (!reg) return missing(ctx, skipReason);
      requests.length = 0;
      const credentials = { kind: 'basic', username: user, password } as const;
      const result = await checkImage(`${reg.host}/${REPO}/bearer:1`, { ...options(credentials), insecureRegistries: [reg.host] });
      expect(result.status).toBe('unknown');
      expect(result.reason).toContain(`credentials are not sent to http://${tokenHost} over plain HTTP`);
      expect(requests.map((r) => r.user)).toEqual(['anonymous']);
    });

    it('gives unknown when the token server refuses the password', async (ctx) => {
      if (!reg) return missing(ctx, skipReason);
      const result = await checkImage(`${reg.host}/${REPO}/bearer:1`, options({ kind: 'basic', username: user, password: 'wrong' }));
      expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/token server .* refused the credentials/) });
    });

    it('gives unknown when the registry refuses an anonymous token, for a present and an absent tag alike', async (ctx) => {
      if (!reg) return missing(ctx, skipReason);
      for (const tag of ['1', `absent-${RUN}`]) {
        const result = await checkImage(`${reg.host}/${REPO}/bearer:${tag}`, options());
        expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/the registry refused a token for anonymous access: 401/) });
      }
    });
  });
}
