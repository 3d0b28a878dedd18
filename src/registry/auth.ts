/**
 * Authentication against a registry: answering a 401's challenge with Basic credentials, a registry token,
 * or a token fetched from the realm the registry names (docker's token flow, with an identity token as an
 * OAuth2 refresh token).
 *
 * Where credentials may go (docker's rule): a Basic header or a token request carrying credentials goes
 * over HTTPS, or over plain HTTP only to a host the user listed as an insecure registry. A realm that
 * would take them elsewhere over plain HTTP gets an anonymous request instead, and a refusal says why.
 */
import type { Challenge } from './challenge.js';
import { parseWwwAuthenticate } from './challenge.js';
import type { CredentialLookup, CredentialResolver, Credentials } from './credentials.js';
import { describeStatus, isObject, nonEmptyString, type HttpResponse, type RegistryHttp } from './http.js';
import { registryApiHost } from '../reference/reference.js';

export interface AuthTarget {
  /** The image, for messages. */
  readonly name: string;
  /** The registry domain as written in the reference (`127.0.0.1:5000`, `docker.io`). */
  readonly domain: string;
  /** The repository path (`library/python`), for the token scope. */
  readonly path: string;
  readonly insecureRegistries: readonly string[];
}

export class RegistryAuth {
  private authorization: string | undefined;
  /** For messages: whose credentials the current Authorization carries. */
  description = 'anonymous access';
  private lookup: Promise<CredentialLookup> | undefined;

  constructor(
    private readonly target: AuthTarget,
    private readonly http: RegistryHttp,
    private readonly source: Credentials | CredentialResolver | undefined,
  ) {}

  header(): Record<string, string> {
    return this.authorization ? { Authorization: this.authorization } : {};
  }

  private credentials(): Promise<CredentialLookup> {
    if (!this.lookup) {
      const source = this.source;
      this.lookup =
        source === undefined
          ? Promise.resolve({})
          : typeof source === 'function'
            ? source(this.target.domain).catch((error: unknown) => ({ problem: `credentials could not be read: ${(error as Error).message}` }))
            : Promise.resolve({ credentials: source, source: 'the given credentials' });
    }
    return this.lookup;
  }

  /** Why credentials could not be read, as ` (…)` for a message; empty when nothing went wrong. */
  async problem(): Promise<string> {
    const lookup = await this.credentials();
    return lookup.problem ? ` (${lookup.problem})` : '';
  }

  /** Sets the Authorization for the challenge in a 401, or says why it cannot. */
  async authenticate(reply: HttpResponse): Promise<string | undefined> {
    const { name, domain } = this.target;
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
        if (!this.mayCarryCredentials(new URL(reply.url))) return `${name}: ${withheldBecause(new URL(reply.url))}`;
        this.authorization = `Bearer ${credentials.token}`;
        this.description = `the registry token${from}`;
        return undefined;
      }
      return this.fetchToken(bearer, credentials, from, problem);
    }
    if (basic) {
      if (!credentials) {
        return `${name}: the registry asks for credentials (Basic realm ${JSON.stringify(basic.params['realm'] ?? '')}) and none were found for ${domain}${problem}`;
      }
      if (credentials.kind !== 'basic') return `${name}: the registry asks for a user and password, but the credentials${from} are a token`;
      if (!this.mayCarryCredentials(new URL(reply.url))) return `${name}: ${withheldBecause(new URL(reply.url))}`;
      this.authorization = basicAuthorization(credentials);
      this.description = `the credentials of ${JSON.stringify(credentials.username)}${from}`;
      return undefined;
    }
    const schemes = challenges.map((c) => c.scheme).join(', ');
    return `${name}: 401 from ${reply.url} with ${header ? `an unsupported challenge (${schemes || JSON.stringify(header.slice(0, 100))})` : 'no WWW-Authenticate header'}`;
  }

  /** HTTPS anywhere; plain HTTP only to a host the user named as an insecure registry. */
  private mayCarryCredentials(url: URL): boolean {
    return url.protocol === 'https:' || isInsecureRegistry(url.host, this.target.insecureRegistries);
  }

  private async fetchToken(challenge: Challenge, offered: Credentials | undefined, from: string, problem: string): Promise<string | undefined> {
    const { name, path } = this.target;
    const realm = challenge.params['realm'];
    let url: URL;
    try {
      url = new URL(realm ?? '');
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      return `${name}: the registry's Bearer challenge has no usable realm (${JSON.stringify(realm ?? '')})`;
    }
    // Credentials the realm may not have go unsent: the token is asked for anonymously.
    const withheld = offered !== undefined && !this.mayCarryCredentials(url);
    const credentials = withheld ? undefined : offered;
    const service = challenge.params['service'];
    const scopes = [`repository:${path}:pull`];
    const challengeScope = challenge.params['scope'];
    if (challengeScope && !scopes.includes(challengeScope)) scopes.push(challengeScope);

    let reply;
    const who = credentials ? `the credentials${from}` : 'anonymous access';
    if (credentials?.kind === 'identityToken') {
      // docker's OAuth2 refresh-token grant; the form goes in a POST body.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.token, client_id: 'flyimgc' });
      if (service) form.set('service', service);
      form.set('scope', scopes.join(' '));
      reply = await this.http.send('POST', url.toString(), { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, form.toString());
    } else {
      if (service) url.searchParams.set('service', service);
      for (const scope of scopes) url.searchParams.append('scope', scope);
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (credentials?.kind === 'basic') headers['Authorization'] = basicAuthorization(credentials);
      reply = await this.http.send('GET', url.toString(), headers);
    }
    const at = `${url.origin}${url.pathname}`;
    const why = withheld ? `; ${withheldBecause(url)}` : '';
    if (reply.kind === 'failed') return `${name}: no token from ${at}: ${reply.reason}`;
    if (reply.status === 401 || reply.status === 403) return `${name}: the token server ${at} refused ${who}: ${describeStatus(reply)}${why}${problem}`;
    if (reply.status !== 200) return `${name}: the token server ${at} answered ${describeStatus(reply)}`;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(reply.body));
    } catch {
      return `${name}: the token server ${at} did not answer JSON`;
    }
    const token = isObject(json) ? (nonEmptyString(json['token']) ?? nonEmptyString(json['access_token'])) : undefined;
    if (!token) return `${name}: the token server ${at} answered without a token`;
    this.authorization = `Bearer ${token}`;
    this.description = `a token for ${who}${withheld ? ` (${withheldBecause(url)})` : ''}`;
    return undefined;
  }
}

function basicAuthorization(credentials: Extract<Credentials, { kind: 'basic' }>): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function withheldBecause(url: URL): string {
  return `credentials are not sent to ${url.origin} over plain HTTP (list ${url.host} with --insecure-registry if it is meant to be spoken to without TLS)`;
}

/** Exact `host[:port]` matches, as docker's insecure-registries; a scheme or trailing slash is tolerated. */
export function isInsecureRegistry(domain: string, insecure: readonly string[]): boolean {
  const names = new Set([domain.toLowerCase(), registryApiHost(domain).toLowerCase()]);
  return insecure.some((entry) => names.has(entry.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '').toLowerCase()));
}
