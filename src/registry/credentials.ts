/**
 * Registry credentials the way the docker CLI finds them: `$DOCKER_CONFIG/config.json` (else
 * `~/.docker/config.json`), a per-host `credHelpers` entry, else the global `credsStore`, else the inline
 * `auths` entry. Pure: the file system, the environment and running helpers come in as a
 * CredentialEnvironment (the CLI's is `nodeCredentialEnvironment` in cli/existence.ts).
 */

import { posix } from 'node:path';
import { DOCKER_HUB_API_HOST, DOCKER_HUB_DOMAIN } from '../reference/reference.js';

export type Credentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token endpoint. */
  | { readonly kind: 'identityToken'; readonly username?: string; readonly token: string }
  /** A bearer token sent to the registry as is (docker's `registrytoken`). */
  | { readonly kind: 'registryToken'; readonly token: string };

export interface CredentialLookup {
  readonly credentials?: Credentials;
  /** Where the credentials came from, for messages; never the secret itself. */
  readonly source?: string;
  /** Why no credentials could be read (unreadable config, failing helper), reported if the registry refuses. */
  readonly problem?: string;
}

/** Credentials for a registry domain as written in image references (`docker.io`, `127.0.0.1:5000`). */
export type CredentialResolver = (domain: string) => Promise<CredentialLookup>;

export interface AuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

export interface DockerConfig {
  readonly auths: Readonly<Record<string, AuthEntry>>;
  readonly credHelpers: Readonly<Record<string, string>>;
  readonly credsStore?: string;
}

/** Docker Hub's credentials are stored under the v1 index URL, a historical accident every tool keeps. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
/** docker's helpers answer this (with exit 1) when they hold nothing for the host. */
const HELPER_NOT_FOUND = /credentials not found/i;
/** Helpers answer `<token>` as the user name when the secret is an identity token. */
const IDENTITY_TOKEN_USER = '<token>';

export class DockerConfigError extends Error {
  override name = 'DockerConfigError';
}

export function parseDockerConfig(text: string): DockerConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DockerConfigError(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(raw)) throw new DockerConfigError('not a JSON object');
  const auths: Record<string, AuthEntry> = {};
  if (raw['auths'] !== undefined) {
    if (!isObject(raw['auths'])) throw new DockerConfigError('"auths" is not an object');
    for (const [key, value] of Object.entries(raw['auths'])) {
      if (!isObject(value)) throw new DockerConfigError(`auths[${JSON.stringify(key)}] is not an object`);
      const entry: Record<string, string> = {};
      for (const field of ['auth', 'username', 'password', 'identitytoken', 'registrytoken'] as const) {
        const v = value[field];
        if (v === undefined || v === null || v === '') continue;
        if (typeof v !== 'string') throw new DockerConfigError(`auths[${JSON.stringify(key)}].${field} is not a string`);
        entry[field] = v;
      }
      auths[key] = entry;
    }
  }
  const credHelpers: Record<string, string> = {};
  if (raw['credHelpers'] !== undefined) {
    if (!isObject(raw['credHelpers'])) throw new DockerConfigError('"credHelpers" is not an object');
    for (const [key, value] of Object.entries(raw['credHelpers'])) {
      if (typeof value !== 'string') throw new DockerConfigError(`credHelpers[${JSON.stringify(key)}] is not a string`);
      credHelpers[key] = value;
    }
  }
  const store = raw['credsStore'];
  if (store !== undefined && typeof store !== 'string') throw new DockerConfigError('"credsStore" is not a string');
  return { auths, credHelpers, ...(store ? { credsStore: store } : {}) };
}

/** Credentials written inline in an `auths` entry; undefined when the entry holds none (a helper's marker). */
export function decodeAuthEntry(entry: AuthEntry): Credentials | undefined {
  if (entry.registrytoken) return { kind: 'registryToken', token: entry.registrytoken };
  let username = entry.username;
  let password = entry.password;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw new DockerConfigError('an "auth" value does not decode to user:password');
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (entry.identitytoken) return { kind: 'identityToken', token: entry.identitytoken, ...(username ? { username } : {}) };
  if (username !== undefined && password !== undefined && (username !== '' || password !== '')) return { kind: 'basic', username, password };
  return undefined;
}

/** `https://ghcr.io/v2/` and `ghcr.io` name the same registry, as docker's ConvertToHostname has it. */
export function configKeyHost(key: string): string {
  const host = key.replace(/^https?:\/\//i, '').split('/')[0] ?? '';
  return host.toLowerCase();
}

/** The names a registry domain may be stored under, in the order docker looks them up. */
function hostAliases(domain: string): string[] {
  const host = domain.toLowerCase();
  return host === DOCKER_HUB_DOMAIN ? ['index.docker.io', DOCKER_HUB_DOMAIN, DOCKER_HUB_API_HOST] : [host];
}

export function findAuthEntry(config: DockerConfig, domain: string): { key: string; entry: AuthEntry } | undefined {
  const exact = domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_CONFIG_KEY : domain;
  const direct = config.auths[exact];
  if (direct) return { key: exact, entry: direct };
  const aliases = hostAliases(domain);
  for (const alias of aliases) {
    for (const [key, entry] of Object.entries(config.auths)) if (configKeyHost(key) === alias) return { key, entry };
  }
  return undefined;
}

/** The helper for a registry and the server URL it is asked about (what `docker login` stored it under). */
export function helperFor(config: DockerConfig, domain: string): { helper: string; serverUrl: string } | undefined {
  const serverUrl = domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_CONFIG_KEY : domain;
  const candidates = [serverUrl, ...hostAliases(domain)];
  for (const candidate of candidates) {
    const helper = config.credHelpers[candidate];
    if (helper) return { helper, serverUrl };
  }
  for (const [key, helper] of Object.entries(config.credHelpers)) {
    if (helper && hostAliases(domain).includes(configKeyHost(key))) return { helper, serverUrl };
  }
  return config.credsStore ? { helper: config.credsStore, serverUrl } : undefined;
}

/** A helper's `get` answer: `{"ServerURL": ..., "Username": ..., "Secret": ...}`. */
export function parseHelperOutput(stdout: string): Credentials | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new DockerConfigError('the credential helper did not print JSON');
  }
  if (!isObject(raw)) throw new DockerConfigError('the credential helper did not print a JSON object');
  const username = raw['Username'];
  const secret = raw['Secret'];
  if ((username !== undefined && typeof username !== 'string') || (secret !== undefined && typeof secret !== 'string')) {
    throw new DockerConfigError('the credential helper printed a non-string Username or Secret');
  }
  if (!secret) return undefined;
  if (username === IDENTITY_TOKEN_USER) return { kind: 'identityToken', token: secret };
  return { kind: 'basic', username: username ?? '', password: secret };
}

export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const dir = env['DOCKER_CONFIG'];
  return dir ? posix.join(dir, 'config.json') : posix.join(home, '.docker', 'config.json');
}

export interface HelperRun {
  readonly exitCode?: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the helper could not be run to completion (not on PATH, killed after the timeout). */
  readonly failure?: string;
}

export type HelperRunner = (
  program: string,
  args: readonly string[],
  options: { readonly input: string; readonly timeoutMs: number; readonly env?: Readonly<Record<string, string | undefined>> },
) => Promise<HelperRun>;

export interface CredentialEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  /** The file's text, or undefined when it does not exist; throws (with a reason) when it cannot be read. */
  readonly readFile: (path: string) => Promise<string | undefined>;
  readonly runHelper: HelperRunner;
  /** Bound on one helper run: helpers may prompt or hang on a locked keychain. Default 10 s. */
  readonly helperTimeoutMs?: number;
}

const DEFAULT_HELPER_TIMEOUT_MS = 10_000;

/** Credentials for one registry domain, never throwing: problems are returned for the caller to report. */
export async function lookupCredentials(domain: string, environment: CredentialEnvironment): Promise<CredentialLookup> {
  const env = environment.env;
  const path = dockerConfigPath(env, environment.homedir);
  let config: DockerConfig;
  try {
    const text = await environment.readFile(path);
    if (text === undefined) return {};
    config = parseDockerConfig(text);
  } catch (error) {
    return { problem: `${path} could not be read: ${(error as Error).message}` };
  }

  let helperProblem: string | undefined;
  const helper = helperFor(config, domain);
  if (helper) {
    const program = `docker-credential-${helper.helper}`;
    try {
      const result = await environment.runHelper(program, ['get'], {
        input: helper.serverUrl,
        timeoutMs: environment.helperTimeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS,
        env: environment.env,
      });
      if (result.failure) helperProblem = result.failure;
      else if (result.exitCode === 0) {
        const credentials = parseHelperOutput(result.stdout);
        if (credentials) return { credentials, source: `${program} (${path})` };
      } else if (!HELPER_NOT_FOUND.test(`${result.stdout}\n${result.stderr}`)) {
        helperProblem = `${program} get failed (exit ${result.exitCode}): ${firstLine(result.stderr || result.stdout)}`;
      }
    } catch (error) {
      helperProblem = `${program}: ${(error as Error).message}`;
    }
  }

  // docker itself stops at the helper; falling back to inline credentials can only help a run that
  // would otherwise be anonymous.
  const found = findAuthEntry(config, domain);
  if (found) {
    try {
      const credentials = decodeAuthEntry(found.entry);
      if (credentials) return { credentials, source: `${path} auths[${JSON.stringify(found.key)}]`, ...(helperProblem ? { problem: helperProblem } : {}) };
    } catch (error) {
      return { problem: `${path} auths[${JSON.stringify(found.key)}]: ${(error as Error).message}` };
    }
  }
  return helperProblem ? { problem: helperProblem } : {};
}

/**
 * A resolver over the docker config that reads the file and runs a helper at most once per domain, since
 * a plan checks many images on the same registry.
 */
export function dockerConfigCredentials(environment: CredentialEnvironment): CredentialResolver {
  const cache = new Map<string, Promise<CredentialLookup>>();
  return (domain) => {
    const key = domain.toLowerCase();
    let pending = cache.get(key);
    if (!pending) {
      pending = lookupCredentials(domain, environment);
      cache.set(key, pending);
    }
    return pending;
  };
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').slice(0, 200) || '(no output)';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
