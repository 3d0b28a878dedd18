import { describe, expect, it } from 'vitest';
import { checkFiles, diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

const FLY5050 = (line: number, column: number) => ({ code: 'FLY5050', line, column });

describe('contextIgnoreRespected: the context root .dockerignore leaves in every file the build needs', () => {
  it('reports a copied file that a with_dockerignore file excludes (FLY5050), at the argument that copies it', () => {
    const src = `${BASE}app = base.with_dockerignore(".dockerignore").with_source_file("notes.txt", dst="/app/")\n`;
    expect(diagnosticsOf(src, { '.dockerignore': '*.txt\n', 'notes.txt': '' })).toEqual([FLY5050(2, 64)]);
  });

  it('accepts a file the .dockerignore re-includes, and an ignore file under another name (it does not apply)', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_dockerignore(".dockerignore").with_source_file("notes.txt")\n`, { '.dockerignore': '*.txt\n!notes.txt\n', 'notes.txt': '' })).toEqual([]);
    expect(diagnosticsOf(`${BASE}app = base.with_dockerignore("build.ignore").with_source_file("notes.txt")\n`, { 'build.ignore': '*.txt\n', 'notes.txt': '' })).toEqual([]);
  });

  it('sees the .dockerignore a copied project root puts at the context root, whatever layer comes first', () => {
    const files = { '.dockerignore': 'reqs\n', 'reqs/r.txt': 'numpy\n', 'app.py': '' };
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("reqs/r.txt").with_source_folder(".")\n`, files)).toEqual([FLY5050(2, 30)]);
  });

  it('says nothing when the .dockerignore leaves itself out of the context, or when none is copied', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("reqs/r.txt").with_source_folder(".")\n`, { '.dockerignore': 'reqs\n.dockerignore\n', 'reqs/r.txt': '' })).toEqual([]);
    // The project's .dockerignore filters copied folders, but only a copy puts it where the builder applies it.
    expect(diagnosticsOf(`${BASE}app = base.with_requirements("reqs/r.txt")\n`, { '.dockerignore': 'reqs\n', 'reqs/r.txt': '' })).toEqual([]);
  });

  it('reports a file copied twice once, at the copy that puts it there last', () => {
    const src = `${BASE}app = base.with_dockerignore(".dockerignore").with_requirements("r.txt").with_source_file("r.txt")\n`;
    expect(diagnosticsOf(src, { '.dockerignore': '*.txt\n', 'r.txt': '' })).toEqual([FLY5050(2, 91)]);
  });

  it('reports once for a chain of images that share the layers, and per image where they part', () => {
    const files = { '.dockerignore': '*.txt\n', 'r.txt': '' };
    const chain = `${BASE}a = base.with_dockerignore(".dockerignore").with_requirements("r.txt")\nb = a.with_env_vars({"A": "1"})\nc = b.with_env_vars({"B": "2"})\n`;
    expect(diagnosticsOf(chain, files)).toEqual([FLY5050(2, 63)]);
    // `p` copies r.txt again, so for it the second copy is the one excluded; `q` still has only the first.
    const parted = `${BASE}a = base.with_dockerignore(".dockerignore").with_requirements("r.txt")\np = a.with_source_file("r.txt")\nq = a.with_apt_packages("curl")\n`;
    expect(diagnosticsOf(parted, files)).toEqual([FLY5050(2, 63), FLY5050(3, 24)]);
  });

  it('checks each image with its own root .dockerignore', () => {
    const files = { 'one/.dockerignore': '*.txt\n', 'two/.dockerignore': '*.py\n', 'r.txt': '' };
    const src = `${BASE}a = base.with_requirements("r.txt")\none = a.with_dockerignore("one/.dockerignore")\ntwo = a.with_dockerignore("two/.dockerignore")\n`;
    expect(diagnosticsOf(src, files)).toEqual([FLY5050(2, 28)]);
  });

  describe('with the code bundles a deploy bakes in (copy style `none`), which come after every other layer', () => {
    const bake = '[flyte]\ncopy_style = "none"\n';

    it('sees the .dockerignore a baked `all` bundle of the project root puts at the context root', () => {
      const files = { 'flyimg.toml': bake, '.dockerignore': 'reqs\n', 'reqs/r.txt': 'numpy\n', 'app.py': '' };
      const src = `${BASE}app = base.with_requirements("reqs/r.txt").with_code_bundle(copy_style="all", dst="/app")\n`;
      expect(diagnosticsOf(src, files)).toEqual([FLY5050(2, 30)]);
      // A development run (no bake) ships the code at run time: nothing reaches the context root.
      expect(diagnosticsOf(src, { ...files, 'flyimg.toml': '' })).toEqual([]);
    });

    it("reports the bundle's own files that the root .dockerignore it brings would drop (the image would lack them)", () => {
      // The copies are filtered by the image's .dockerignore (ci/.dockerignore), the builder by the one at the root.
      const files = { 'flyimg.toml': bake, '.dockerignore': 'data\n', 'ci/.dockerignore': '*.log\n', 'data/x.csv': '1\n', 'app.py': '' };
      const src = `${BASE}app = base.with_dockerignore("ci/.dockerignore").with_code_bundle(copy_style="all", dst="/app")\n`;
      expect(diagnosticsOf(src, files)).toEqual([FLY5050(2, 50)]);
    });

    it('reports once for a chain of images that share the bundle', () => {
      const files = { 'flyimg.toml': bake, '.dockerignore': 'reqs\n', 'reqs/r.txt': 'numpy\n', 'app.py': '' };
      const chain = `${BASE}a = base.with_requirements("reqs/r.txt").with_code_bundle(copy_style="all", dst="/app")\nb = a.with_env_vars({"A": "1"})\nc = b.with_env_vars({"B": "2"})\n`;
      const found = checkFiles({ 'main.flyimg': chain, ...files }).diagnostics;
      expect(found.map((d) => d.code)).toEqual(['FLY5050']);
    });
  });
});
