/** OCI image references, after the distribution project's reference grammar. */

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_LABEL = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)';
const DOMAIN = `${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';

const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
// A registry is a host with an optional path (`ghcr.io/acme`), or a Docker Hub namespace (`acme`).
const REGISTRY_RE = new RegExp(`^(?:${DOMAIN}|${COMPONENT})(?:/${COMPONENT})*$`);
const REFERENCE_RE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export type ReferenceProblem = { readonly reason: string; readonly help?: string };

export function checkImageName(name: string): ReferenceProblem | undefined {
  if (name.includes(':') || name.includes('@')) return { reason: 'a name has no tag or digest', help: `write \`name="${name.split(/[:@]/)[0]!.toLowerCase()}"\`: flyimgc computes the tag from the image's contents` };
  if (!NAME_RE.test(name)) return { reason: 'names are lower-case letters, digits and `.`, `_`, `-`, separated by `/`', ...(name !== name.toLowerCase() ? { help: `write \`${name.toLowerCase()}\`` } : {}) };
  return undefined;
}

export function checkRegistry(registry: string): ReferenceProblem | undefined {
  if (/^[a-z]+:\/\//i.test(registry)) return { reason: 'a registry has no scheme', help: `write \`${registry.replace(/^[a-z]+:\/\//i, '')}\`` };
  if (!REGISTRY_RE.test(registry.replace(/\/$/, ''))) return { reason: 'expected a host with an optional port and path, like `ghcr.io/acme` or `localhost:5000/team`' };
  return undefined;
}

export interface ParsedReference {
  readonly tag?: string;
  readonly digest?: string;
}

export function parseReference(reference: string): ParsedReference | undefined {
  const match = REFERENCE_RE.exec(reference);
  if (!match || reference.length > 512) return undefined;
  return { ...(match[1] ? { tag: match[1] } : {}), ...(match[2] ? { digest: match[2] } : {}) };
}
