import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flyimgc, REPO_ROOT } from '../helpers/cli.js';

const FILES: Record<string, string> = {
  'images.flyimg': [
    'base = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="base")',
    'app = (base',
    '    .with_dockerignore(".dockerignore")',
    '    .with_source_folder("src")',
    '    .with_source_file(["scripts/run.sh", "VERSION"], dst="/opt/app/")',
    '    .with_env_vars({"B": "2", "A": "1"})',
    '    .with_pip_packages("requests==2.32.3"))',
    '',
  ].join('\n'),
  '.dockerignore': '**/*.log\n',
  'VERSION': '1.0\n',
  'scripts/run.sh': '#!/bin/sh\necho run\n',
  'src/a/x.py': 'x = 1\n',
  'src/b/y.py': 'y = 2\n',
  'src/b/z/deep.py': 'z = 3\n',
  'src/c.py': 'c = 4\n',
  'src/trace.log': 'noise\n',
  'src/é.py': 'e = 5\n',
};

/** Writes the project's files in the given order, under a fresh directory `depth` levels deep. */
function materialise(order: readonly string[], depth: number): string {
  let root = mkdtempSync(join(tmpdir(), 'flyimgc-det-'));
  for (let i = 0; i < depth; i++) root = join(root, `level${i}`);
  for (const path of order) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), FILES[path]!);
  }
  chmodSync(join(root, 'scripts/run.sh'), 0o755);
  return root;
}

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(`${relative(dir, full)}${statSync(full).mode & 0o111 ? ' (x)' : ''}`, readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

describe('outputs are byte-identical on any machine', () => {
  it('for the same sources created in another order, in another directory, under another TZ and LANG, run from another directory', async () => {
    const paths = Object.keys(FILES);
    const first = materialise(paths, 0);
    const second = materialise([...paths].reverse(), 3);

    const a = await flyimgc(['compile', 'images.flyimg', '--out', 'out'], { cwd: first, env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' } });
    // The second is compiled from outside the project, with an absolute input path.
    const outside = mkdtempSync(join(tmpdir(), 'flyimgc-cwd-'));
    const b = await flyimgc(['compile', join(second, 'images.flyimg'), '--out', join(second, 'out')], {
      cwd: outside,
      env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    });
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);

    const treeA = readTree(join(first, 'out'));
    const treeB = readTree(join(second, 'out'));
    expect([...treeB.keys()]).toEqual([...treeA.keys()]);
    for (const [path, bytes] of treeA) expect(treeB.get(path)?.equals(bytes), path).toBe(true);
    expect([...treeA.keys()]).toContain('app/context/scripts/run.sh (x)');
    expect([...treeA.keys()]).not.toContain('app/context/src/trace.log');

    // No absolute host path leaks into any output.
    for (const [path, bytes] of treeA) {
      const text = bytes.toString('utf8');
      for (const leak of [first, second, outside, tmpdir(), REPO_ROOT]) expect(text.includes(leak), `${path} contains ${leak}`).toBe(false);
    }
  });

  it('and the tag does not depend on comments, layout or keyword order', async () => {
    const plain = materialise(Object.keys(FILES), 0);
    const styled = materialise(Object.keys(FILES), 0);
    writeFileSync(
      join(styled, 'images.flyimg'),
      [
        '# the same images, written differently',
        'base = Image.from_debian_base(name="base", registry="ghcr.io/acme", python_version=(3, 12),)  # keyword order',
        'app = base.with_dockerignore(".dockerignore").with_source_folder(src="src").with_source_file(dst="/opt/app/", src=["scripts/run.sh", "VERSION"]).with_env_vars({"B": "2", "A": "1"}).with_pip_packages(',
        "    'requests==2.32.3',",
        ')',
        '',
      ].join('\n'),
    );
    await flyimgc(['compile', '.', '--out', 'out'], { cwd: plain });
    await flyimgc(['compile', '.', '--out', 'out'], { cwd: styled });
    const uris = (dir: string) => (JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as { images: Array<{ uri: string }> }).images.map((i) => i.uri);
    expect(uris(styled)).toEqual(uris(plain));
    expect(readFileSync(join(styled, 'out/app/Dockerfile'), 'utf8')).toBe(readFileSync(join(plain, 'out/app/Dockerfile'), 'utf8'));
  });
});
