/** Does an image exist in its registry? The CLI's one entry point to the registry client. */

export type ExistenceStatus = 'exists' | 'missing' | 'partial' | 'unknown';

export interface Existence {
  readonly status: ExistenceStatus;
  readonly reason: string;
  readonly digest?: string;
  readonly missingPlatforms?: readonly string[];
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export async function checkExistence(uri: string, _platforms: readonly string[], insecure: readonly string[]): Promise<Existence> {
  const slash = uri.indexOf('/');
  const colon = uri.lastIndexOf(':');
  const host = uri.slice(0, slash);
  const repository = uri.slice(slash + 1, colon);
  const tag = uri.slice(colon + 1);
  const scheme = insecure.includes(host) ? 'http' : 'https';
  try {
    const response = await fetch(`${scheme}://${host}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: ACCEPT }, signal: AbortSignal.timeout(10_000) });
    if (response.status === 200) return { status: 'exists', reason: 'the registry has the tag', ...(response.headers.get('docker-content-digest') ? { digest: response.headers.get('docker-content-digest')! } : {}) };
    if (response.status === 404) return { status: 'missing', reason: 'the registry does not have the tag' };
    return { status: 'unknown', reason: `the registry answered ${response.status}` };
  } catch (error) {
    return { status: 'unknown', reason: `the registry could not be reached: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}` };
  }
}
