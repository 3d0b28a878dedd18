/** Does an image exist in its registry? The CLI's one entry point to the registry client. */
import { checkImage, type CheckResult } from '../registry/check.js';
import { dockerConfigCredentials, type CredentialResolver } from '../registry/credentials.js';

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
  return dockerConfigCredentials({ env });
}
