/** Does an image exist in its registry? The CLI's one entry point to the registry client. */
import { checkImage, type CheckResult } from '../registry/check.js';
import { homedir } from 'node:os';
import { dockerConfigCredentials, type CredentialEnvironment, type CredentialResolver } from '../registry/credentials.js';
import { readRegularFile } from './io.js';
import { runHelperInProcessGroup } from './processes.js';

export type Existence = CheckResult;
export type ExistenceStatus = CheckResult['status'];

/**
 * Asks the image's registry (plain HTTP only for `insecure` registries) with the credentials of the docker
 * config file and credential helpers. Network and auth failures come back as `unknown`, never `exists`.
 */
export function checkExistence(uri: string, platforms: readonly string[], insecure: readonly string[], credentials: CredentialResolver = defaultCredentials()): Promise<Existence> {
  return checkImage(uri, { platforms, insecureRegistries: insecure, credentials });
}

/** One resolver per run: it reads the docker config and runs a credential helper at most once per registry. */
export function defaultCredentials(env: NodeJS.ProcessEnv = process.env): CredentialResolver {
  return dockerConfigCredentials(nodeCredentialEnvironment(env));
}

/** The real machine as the credential lookup sees it: the docker config file, helpers on PATH, `env`. */
export function nodeCredentialEnvironment(env: NodeJS.ProcessEnv): CredentialEnvironment {
  return { env, homedir: homedir(), readFile: readDockerConfig, runHelper: runHelperInProcessGroup };
}

/** The docker config file, if there is one; only a regular file is read (never a FIFO or a device). */
async function readDockerConfig(path: string): Promise<string | undefined> {
  const read = readRegularFile(path, 1024 * 1024);
  if (read.ok) return new TextDecoder().decode(read.bytes);
  if (read.missing) return undefined;
  throw new Error(read.reason);
}
