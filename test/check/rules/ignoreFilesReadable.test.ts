import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyze.js';
import { nodeHost } from '../../../src/cli/io.js';
import { diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

/** A project (with `flyimg.toml`) in a temporary directory, beside a directory outside it. */
function project(files: Readonly<Record<string, string>>): { dir: string; outside: string } {
  const top = mkdtempSync(join(tmpdir(), 'flyimgc-ignore-'));
  const dir = join(top, 'project');
  const outside = join(top, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'ignore'), 'SECRET-LINE\n');
  for (const [path, text] of Object.entries({ 'flyimg.toml': '', ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, outside };
}

const codes = (dir: string) => analyze(['main.flyimg'], nodeHost(dir)).diagnostics.map((d) => `${d.code} ${d.message}`);

describe('ignoreFilesReadable: every .dockerignore an image is built with can be read', () => {
  it('refuses a project .dockerignore linked out of the project (FLY5020), found by check', () => {
    const { dir, outside } = project({ 'main.flyimg': `${BASE}app = base.with_pip_packages("numpy")\n` });
    symlinkSync(join(outside, 'ignore'), join(dir, '.dockerignore'));
    expect(codes(dir)).toEqual(['FLY5020 `.dockerignore` is a symbolic link out of the project, so it is not read']);
  });

  it("refuses root_dir's .dockerignore linked out of the project (FLY5020): with flyte's root_dir set, it is the image's", () => {
    const { dir, outside } = project({ 'main.flyimg': `${BASE}app = base.with_source_folder("app")\n`, 'flyimg.toml': '[flyte]\nroot_dir = "app"\n', 'app/main.py': '' });
    symlinkSync(join(outside, 'ignore'), join(dir, 'app/.dockerignore'));
    // It used to filter the copies unread by this rule, which checked the project root's instead.
    expect(codes(dir)).toEqual([
      'FLY5020 `app/.dockerignore` is a symbolic link out of the project, so it is not read',
      'FLY5007 `app/.dockerignore` is left out of the build context: it is a symbolic link that points out of the project',
    ]);
  });

  it("refuses a Dockerfile context's .dockerignore linked out of the project (FLY5020)", () => {
    const { dir, outside } = project({ 'main.flyimg': 'app = Image.from_dockerfile("docker/Dockerfile", registry="ghcr.io/acme", name="app")\n', 'docker/Dockerfile': 'FROM scratch\n' });
    symlinkSync(join(outside, 'ignore'), join(dir, 'docker/.dockerignore'));
    expect(codes(dir)).toEqual([
      'FLY5020 `docker/.dockerignore` is a symbolic link out of the project, so it is not read',
      // The walk of the context meets the same link (contextFilesUsable).
      'FLY5007 `docker/.dockerignore` is left out of the build context: it is a symbolic link that points out of the project',
    ]);
  });

  it('reports a .dockerignore that is not a readable file (FLY9003), with the other errors', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("numpy")\nbad = nope\n`, { '.dockerignore/x': '' }).map((d) => d.code)).toEqual(['FLY9003', 'FLY2001']);
  });

  it('accepts a readable .dockerignore, and none', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("numpy")\n`, { '.dockerignore': '*.pyc\n' })).toEqual([]);
    expect(diagnosticsOf(`${BASE}app = base.with_pip_packages("numpy")\n`)).toEqual([]);
  });
});
