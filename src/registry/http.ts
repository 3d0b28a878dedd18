/**
 * The registry client's HTTP: one request with a timeout and a bounded body, retried (with backoff and
 * Retry-After) only after network errors, timeouts, 429 and 5xx. Nothing here knows about auth or manifests.
 */

export type Reply =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Headers; readonly body: Uint8Array; readonly url: string }
  | { readonly kind: 'failed'; readonly reason: string };

export type HttpResponse = Extract<Reply, { kind: 'response' }>;

export interface HttpOptions {
  /** Per HTTP request, body included. Default 10 000. */
  readonly timeoutMs?: number;
  /** Extra attempts after network errors, timeouts, 429 and 5xx. Default 2. */
  readonly retries?: number;
  /** First backoff between attempts, doubled each time (with jitter). Default 500. */
  readonly backoffMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_BACKOFF_MS = 500;
const MAX_RETRY_AFTER_MS = 10_000;
/** Registries may refuse manifests over 4 MiB; image configs stay far below 8. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class RegistryHttp {
  private readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  readonly retries: number;
  private readonly backoffMs: number;

  constructor(options: HttpOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.retries = Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES));
    this.backoffMs = Math.max(0, options.backoffMs ?? DEFAULT_BACKOFF_MS);
  }

  /** One request with bounded retries: only network errors, timeouts, 429 and 5xx are tried again. */
  async send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Reply> {
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
      // Redirects are followed; fetch drops Authorization when one leaves the origin (another host or scheme).
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

/** The media type of a response, lower case, without parameters. */
export function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** `404 NAME_UNKNOWN: repository name not known to registry`, when the body says so. */
export function describeStatus(reply: HttpResponse): string {
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

/**
 * Text a registry (or a credential helper) chose, made safe to print on a terminal: control characters
 * (escape sequences, carriage returns, C1 controls) and bidirectional overrides are shown as `\u{…}`.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
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

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
