import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CredentialEnvironment,
  decodeAuthEntry,
  dockerConfigCredentials as dockerConfigCredentialsIn,
  dockerConfigPath,
  DockerConfigError,
  findAuthEntry,
  helperFor,
  type HelperRun,
  lookupCredentials as lookupCredentialsIn,
  parseDockerConfig,
  parseHelperOutput,
} from '../../src/registry/credentials.js';
import { nodeCredentialEnvironment } from '../../src/cli/existence.js';

/** The real reader and helper runner (src/cli's), unless a test passes its own; never the user's home. */
const environment = (partial: Partial<CredentialEnvironment>): CredentialEnvironment => ({ ...nodeCredentialEnvironment(process.env), homedir: '/nowhere', ...partial, env: partial.env ?? {} });
const lookupCredentials = (domain: string, partial: Partial<CredentialEnvironment>) => lookupCredentialsIn(domain, environment(partial));
const dockerConfigCredentials = (partial: Partial<CredentialEnvironment>) => dockerConfigCredentialsIn(environment(partial));

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('parseDockerConfig', () => {
  it('reads auths, credHelpers and credsStore', () => {
    const config = parseDockerConfig(
      JSON.stringify({
        auths: { 'ghcr.io': { auth: b64('u:p') }, 'https://index.docker.io/v1/': {} },
        credHelpers: { 'gcr.io': 'gcloud' },
        credsStore: 'pass',
        HttpHeaders: { 'User-Agent': 'x' },
      }),
    );
    expect(config).toEqual({ auths: { 'ghcr.io': { auth: b64('u:p') }, 'https://index.docker.io/v1/': {} }, credHelpers: { 'gcr.io': 'gcloud' }, credsStore: 'pass' });
  });

  it('accepts an empty object', () => {
    expect(parseDockerConfig('{}')).toEqual({ auths: {}, credHelpers: {} });
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /not a JSON object/],
    ['{"auths": []}', /"auths" is not an object/],
    ['{"auths": {"x": 1}}', /auths\["x"\] is not an object/],
    ['{"auths": {"x": {"auth": 5}}}', /auths\["x"\].auth is not a string/],
    ['{"credHelpers": {"x": true}}', /credHelpers\["x"\]/],
    ['{"credsStore": 1}', /credsStore/],
  ])('rejects %s', (text, message) => {
    expect(() => parseDockerConfig(text)).toThrow(DockerConfigError);
    expect(() => parseDockerConfig(text)).toThrow(message);
  });
});

describe('decodeAuthEntry', () => {
  it('decodes base64 user:password, splitting at the first colon', () => {
    expect(decodeAuthEntry({ auth: b64('alice:pa:ss') })).toEqual({ kind: 'basic', username: 'alice', password: 'pa:ss' });
  });
  it('takes username and password fields', () => {
    expect(decodeAuthEntry({ username: 'bob', password: 'pw' })).toEqual({ kind: 'basic', username: 'bob', password: 'pw' });
  });
  it('prefers an identity token (an OAuth2 refresh token) over the password', () => {
    expect(decodeAuthEntry({ auth: b64('carol:'), identitytoken: 'refresh' })).toEqual({ kind: 'identityToken', username: 'carol', token: 'refresh' });
  });
  it('takes a registry token as is', () => {
    expect(decodeAuthEntry({ registrytoken: 'tok' })).toEqual({ kind: 'registryToken', token: 'tok' });
  });
  it('gives nothing for an empty marker entry', () => {
    expect(decodeAuthEntry({})).toBeUndefined();
  });
  it('rejects an auth value without a colon', () => {
    expect(() => decodeAuthEntry({ auth: b64('nocolon') })).toThrow(/user:password/);
  });
});

describe('finding the entry for a registry', () => {
  const config = parseDockerConfig(
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hub:1') },
        'https://ghcr.io/v2/': { auth: b64('gh:2') },
        '127.0.0.1:5000': { auth: b64('local:3') },
      },
      credHelpers: { 'gcr.io': 'gcloud', 'https://index.docker.io/v1/': 'hubhelper' },
    }),
  );

  it('finds Docker Hub under the v1 index URL', () => {
    expect(findAuthEntry(config, 'docker.io')?.key).toBe('https://index.docker.io/v1/');
  });
  it('matches a key written as a URL by its host', () => {
    expect(findAuthEntry(config, 'ghcr.io')?.key).toBe('https://ghcr.io/v2/');
  });
  it('matches host:port exactly', () => {
    expect(findAuthEntry(config, '127.0.0.1:5000')?.key).toBe('127.0.0.1:5000');
    expect(findAuthEntry(config, '127.0.0.1:5001')).toBeUndefined();
  });
  it('picks the per-host helper before the global store', () => {
    expect(helperFor(config, 'gcr.io')).toEqual({ helper: 'gcloud', serverUrl: 'gcr.io' });
    expect(helperFor(config, 'docker.io')).toEqual({ helper: 'hubhelper', serverUrl: 'https://index.docker.io/v1/' });
    expect(helperFor(config, 'ghcr.io')).toBeUndefined();
    expect(helperFor({ ...config, credsStore: 'desktop' }, 'ghcr.io')).toEqual({ helper: 'desktop', serverUrl: 'ghcr.io' });
  });
  it('uses $DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/dc' }, '/home/u')).toBe('/etc/dc/config.json');
    expect(dockerConfigPath({}, '/home/u')).toBe('/home/u/.docker/config.json');
  });
});

describe('parseHelperOutput', () => {
  it('reads Username and Secret', () => {
    expect(parseHelperOutput('{"ServerURL":"r","Username":"u","Secret":"s"}')).toEqual({ kind: 'basic', username: 'u', password: 's' });
  });
  it('reads <token> as an identity token', () => {
    expect(parseHelperOutput('{"Username":"<token>","Secret":"refresh"}')).toEqual({ kind: 'identityToken', token: 'refresh' });
  });
  it('rejects what is not JSON', () => {
    expect(() => parseHelperOutput('oops')).toThrow(/did not print JSON/);
  });
});

describe('lookupCredentials with an injected environment', () => {
  const files = (text: string | undefined): CredentialEnvironment['readFile'] => async () => text;
  const helper =
    (answer: HelperRun, seen: Array<{ program: string; input: string }> = []): CredentialEnvironment['runHelper'] =>
    async (program, _args, { input }) => {
      seen.push({ program, input });
      return answer;
    };

  it('finds nothing without a config file', async () => {
    expect(await lookupCredentials('ghcr.io', { env: {}, homedir: '/nowhere', readFile: files(undefined) })).toEqual({});
  });

  it('reports an unreadable config as a problem, not an exception', async () => {
    const lookup = await lookupCredentials('ghcr.io', { env: { DOCKER_CONFIG: '/c' }, readFile: files('{oops') });
    expect(lookup.credentials).toBeUndefined();
    expect(lookup.problem).toMatch(/\/c\/config.json could not be read: not valid JSON/);
  });

  it('reads inline credentials and says where from', async () => {
    const lookup = await lookupCredentials('ghcr.io', { env: { DOCKER_CONFIG: '/c' }, readFile: files(JSON.stringify({ auths: { 'ghcr.io': { auth: b64('u:p') } } })) });
    expect(lookup).toEqual({ credentials: { kind: 'basic', username: 'u', password: 'p' }, source: '/c/config.json auths["ghcr.io"]' });
  });

  it('asks the helper with the server URL on stdin', async () => {
    const seen: Array<{ program: string; input: string }> = [];
    const lookup = await lookupCredentials('docker.io', {
      env: { DOCKER_CONFIG: '/c' },
      readFile: files(JSON.stringify({ credsStore: 'pass' })),
      runHelper: helper({ exitCode: 0, stdout: '{"Username":"hub","Secret":"s3"}', stderr: '' }, seen),
    });
    expect(seen).toEqual([{ program: 'docker-credential-pass', input: 'https://index.docker.io/v1/' }]);
    expect(lookup.credentials).toEqual({ kind: 'basic', username: 'hub', password: 's3' });
    expect(lookup.source).toMatch(/docker-credential-pass/);
  });

  it('treats "credentials not found" as none, without a problem', async () => {
    const lookup = await lookupCredentials('ghcr.io', {
      env: { DOCKER_CONFIG: '/c' },
      readFile: files(JSON.stringify({ credsStore: 'pass' })),
      runHelper: helper({ exitCode: 1, stdout: 'credentials not found in native keychain', stderr: '' }),
    });
    expect(lookup).toEqual({});
  });

  it('reports a failing helper, and still uses inline credentials if there are some', async () => {
    const config = JSON.stringify({ credsStore: 'desktop', auths: { 'ghcr.io': { auth: b64('u:p') } } });
    const failing = helper({ stdout: '', stderr: '', failure: 'docker-credential-desktop could not be run: ENOENT' });
    const lookup = await lookupCredentials('ghcr.io', { env: { DOCKER_CONFIG: '/c' }, readFile: files(config), runHelper: failing });
    expect(lookup.credentials).toEqual({ kind: 'basic', username: 'u', password: 'p' });
    expect(lookup.problem).toMatch(/ENOENT/);
    const none = await lookupCredentials('quay.io', { env: { DOCKER_CONFIG: '/c' }, readFile: files(config), runHelper: failing });
    expect(none).toEqual({ problem: 'docker-credential-desktop could not be run: ENOENT' });
  });

  it('resolves each registry once', async () => {
    let reads = 0;
    const resolve = dockerConfigCredentials({
      env: { DOCKER_CONFIG: '/c' },
      readFile: async () => {
        reads++;
        return JSON.stringify({ auths: { 'ghcr.io': { auth: b64('u:p') } } });
      },
    });
    await Promise.all([resolve('ghcr.io'), resolve('ghcr.io'), resolve('GHCR.io')]);
    await resolve('quay.io');
    expect(reads).toBe(2);
  });
});

describe('credential helpers run for real (execa)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flyimgc-credhelper-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // Scripts that follow the helper protocol: `get`, the server URL on stdin, JSON on stdout.
  const script = (name: string, body: string) => {
    const path = join(bin, `docker-credential-${name}`);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
  };
  script('echoes', '[ "$1" = get ] || exit 2; read -r server; printf \'{"ServerURL":"%s","Username":"user-for-%s","Secret":"s"}\' "$server" "$server"');
  script('empty', 'echo "credentials not found in native keychain"; exit 1');
  script('broken', 'echo "keychain locked" >&2; exit 3');
  script('hangs', 'exec sleep 30');
  // The helper's own child keeps stdout open after the helper is killed: only killing the group ends the run.
  script('hangs-in-child', `sleep 30 & echo $! > ${join(dir, 'child.pid')}; wait`);
  const configDir = join(dir, 'config');
  mkdirSync(configDir);
  const env = (helpers: Record<string, string>) => {
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ credHelpers: helpers }));
    return { DOCKER_CONFIG: configDir, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the host on stdin and reads the answer', async () => {
    const lookup = await lookupCredentials('127.0.0.1:5000', { env: env({ '127.0.0.1:5000': 'echoes' }) });
    expect(lookup.credentials).toEqual({ kind: 'basic', username: 'user-for-127.0.0.1:5000', password: 's' });
  });

  it('takes "not found" as no credentials', async () => {
    expect(await lookupCredentials('r.io', { env: env({ 'r.io': 'empty' }) })).toEqual({});
  });

  it('reports a helper that fails, is missing, or hangs (bounded)', async () => {
    expect((await lookupCredentials('r.io', { env: env({ 'r.io': 'broken' }) })).problem).toMatch(/docker-credential-broken get failed \(exit 3\): keychain locked/);
    expect((await lookupCredentials('r.io', { env: env({ 'r.io': 'absent' }) })).problem).toMatch(/docker-credential-absent could not be run/);
    const started = Date.now();
    const hung = await lookupCredentials('r.io', { env: env({ 'r.io': 'hangs' }), helperTimeoutMs: 300 });
    expect(hung.problem).toMatch(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("holds the time bound when the helper's child hangs, and kills that child too", async () => {
    const started = Date.now();
    const hung = await lookupCredentials('r.io', { env: env({ 'r.io': 'hangs-in-child' }), helperTimeoutMs: 500 });
    expect(hung.problem).toMatch(/did not answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const child = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Gone, or a zombie waiting for a reaper (PID 1 in a container may never reap): not running either way.
    const state = (() => {
      try {
        return readFileSync(`/proc/${child}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
      } catch {
        return 'gone';
      }
    })();
    expect(['gone', 'Z', 'X']).toContain(state);
  });
});
