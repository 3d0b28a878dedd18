/**
 * A small PEP 503 package index on 127.0.0.1, served from the test process: wheels built from the tiny
 * projects in test/e2e/packages (by make_wheel.py with the host's python3), each in the index its
 * pyproject names (`# index: main` or `# index: extra`). Builds reach it because chroot isolation and
 * `--network host` share the host's loopback. Another folder of such projects can be served instead
 * (`packages`), on a given address and port (`host`, `port`): the BYOI seed test serves its stand-in
 * wheels where the stand-in bases' pip.conf looks.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../../helpers/cli.js';

const PACKAGES = join(REPO_ROOT, 'test/e2e/packages');

export interface PackageIndex {
  /** `http://127.0.0.1:PORT/<index>/simple` */
  url(index: 'main' | 'extra'): string;
  /** Every path asked for, so that a test can tell which index was used. */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface PackageIndexOptions {
  /** A folder of tiny projects, one per directory named as its PEP 503 project name (default test/e2e/packages). */
  readonly packages?: string;
  /** Where to listen (default 127.0.0.1, a free port). */
  readonly host?: string;
  readonly port?: number;
}

export async function startPackageIndex(options: PackageIndexOptions = {}): Promise<PackageIndex> {
  const packages = options.packages ?? PACKAGES;
  const wheels = mkdtempSync(join(tmpdir(), 'flyimgc-wheels-'));
  const files = new Map<string, { index: string; project: string; file: string; bytes: Buffer }>();
  for (const project of readdirSync(packages, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const pyproject = readFileSync(join(packages, project, 'pyproject.toml'), 'utf8');
    const index = /^# index: (\w+)$/m.exec(pyproject)?.[1];
    if (index === undefined) throw new Error(`${project}/pyproject.toml names no index`);
    const made = await execa('python3', [join(PACKAGES, 'make_wheel.py'), join(packages, project), join(wheels, index)]);
    const file = made.stdout.trim();
    files.set(`${index}/${file}`, { index, project, file, bytes: readFileSync(join(wheels, index, file)) });
  }
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]!);
    requests.push(path);
    // /<index>/simple/<project>/ → links; /<index>/files/<file> → the wheel.
    const page = /^\/(\w+)\/simple\/([a-z0-9-]+)\/?$/.exec(path);
    if (page) {
      const [, index, project] = page;
      const links = [...files.values()].filter((f) => f.index === index && f.project === project);
      if (links.length === 0) return void response.writeHead(404).end('not found');
      const body = links.map((f) => `<a href="/${index}/files/${f.file}#sha256=${createHash('sha256').update(f.bytes).digest('hex')}">${f.file}</a>`).join('\n');
      return void response.writeHead(200, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><html><body>\n${body}\n</body></html>\n`);
    }
    const file = /^\/(\w+)\/files\/([^/]+)$/.exec(path);
    const found = file ? files.get(`${file[1]}/${file[2]}`) : undefined;
    if (found) return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(found.bytes);
    response.writeHead(404).end('not found');
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (index) => `http://${host}:${port}/${index}/simple`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
