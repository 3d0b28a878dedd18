import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

/**
 * The package as users get it: `npm pack` (which builds), installed from the tarball into an empty project
 * (dependencies from npm's cache, offline), then `import('flyimgc')` from plain Node and from TypeScript.
 */
const CONSUMER = `
import { check, compile, format, renderDiagnostics, ManifestSchema } from 'flyimgc';
import { writeFileSync, mkdirSync } from 'node:fs';

mkdirSync('proj', { recursive: true });
writeFileSync('proj/app.flyimg', 'app = Image.from_debian_base(python_version=(3, 12), name="app", registry="ghcr.io/acme").with_pip_packages("requests==2.32.3")\\n');
writeFileSync('proj/bad.flyimg', 'app = bsae.with_pip_packages("requests")\\n');

const good = check(['app.flyimg'], { cwd: 'proj' });
const bad = check(['bad.flyimg'], { cwd: 'proj' });
const compiled = compile(['app.flyimg'], { cwd: 'proj' });
const formatted = format('app = Image.from_base( "python:3.12-slim" )\\n');
console.log(JSON.stringify({
  good: good.ok,
  badCodes: bad.diagnostics.map((d) => d.code),
  rendered: renderDiagnostics(bad.diagnostics, bad.sources),
  uri: compiled.manifest?.images[0]?.uri,
  manifestValid: ManifestSchema.safeParse(compiled.manifest).success,
  outputs: compiled.outputs.map((o) => o.path),
  formatted,
}));
`;

describe('the packed package', () => {
  let project: string;

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'flyimgc-pack-'));
    const packs = join(project, 'packs');
    mkdirSync(packs);
    execFileSync('npm', ['pack', '--silent', '--pack-destination', packs], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = readdirSync(packs).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(packs, tarball)], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  }, 240_000);

  it('imports from plain Node: check, compile, format, the renderer and the manifest schema', () => {
    writeFileSync(join(project, 'use.mjs'), CONSUMER);
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out['good']).toBe(true);
    expect(out['badCodes']).toEqual(['FLY2001']);
    expect(out['rendered']).toContain('error[FLY2001]: cannot find `bsae` in this file\n --> bad.flyimg:1:7');
    expect(out['uri']).toMatch(/^ghcr\.io\/acme\/app:[0-9a-f]{32}$/);
    expect(out['manifestValid']).toBe(true);
    expect(out['outputs']).toEqual(['app/Dockerfile', 'app/context', 'docker-bake.json', 'manifest.json']);
    expect(out['formatted']).toBe('app = Image.from_base("python:3.12-slim")\n');
  });

  it('type-checks a TypeScript consumer against the shipped declarations', () => {
    writeFileSync(join(project, 'use.ts'), CONSUMER.replace("import { writeFileSync, mkdirSync } from 'node:fs';", "import { writeFileSync, mkdirSync } from 'node:fs';\nimport type { Diagnostic, Manifest, HostFiles } from 'flyimgc';\nexport const typed: (d: Diagnostic, m: Manifest | undefined, h: HostFiles | undefined) => string = (d) => d.code;"));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [], typeRoots: [join(REPO_ROOT, 'node_modules/@types')] }, files: ['use.ts'] }),
    );
    // tsc from the repository: the consumer project has only flyimgc and its dependencies.
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--types', 'node'], { cwd: project, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });
});
