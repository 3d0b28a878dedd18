/** A node:http server on 127.0.0.1 (random port) that plays a registry and its token server in protocol tests. */

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface TestServer {
  readonly port: number;
  /** `127.0.0.1:<port>`, the registry domain in references. */
  readonly host: string;
  readonly origin: string;
  readonly seen: Seen[];
  close(): Promise<void>;
}

export type Handler = (request: Seen, response: ServerResponse) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (taken from the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function digestOf(body: string): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

export function send(res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
  res.writeHead(status, headers);
  res.end(body);
}

/** Answers a registry HEAD/GET for a JSON document with the headers distribution sends. */
export function sendDocument(req: Seen, res: ServerResponse, mediaType: string, body: string): void {
  const headers = { 'Content-Type': mediaType, 'Docker-Content-Digest': digestOf(body), 'Content-Length': String(Buffer.byteLength(body)) };
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
