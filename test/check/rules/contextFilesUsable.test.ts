import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS } from '../../../src/analyze.js';
import { nodeHost } from '../../../src/cli/io.js';
import { compile } from '../../../src/compile.js';
import { DEFAULT_TOOL_IMAGES } from '../../../src/ir/ir.js';

/** A project (with `flyimg.toml`) in a temporary directory, and a file outside it to link to. */
function project(files: Readonly<Record<string, string>>): { dir: string; outsideFile: string } {
  const top = mkdtempSync(join(tmpdir(), 'flyimgc-context-'));
  const dir = join(top, 'project');
  const outsideFile = join(top, 'secret.txt');
  writeFileSync(outsideFile, 'SECRET\n');
  for (const [path, text] of Object.entries({ 'flyimg.toml': '', ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, outsideFile };
}

const UV_LOCK = 'version = 1\n\n[[package]]\nname = "helper"\nversion = "0.0.1"\nsource = { editable = "libs/helper" }\n';
const warnings = (dir: string) => analyze(['main.flyimg'], nodeHost(dir)).diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`);

describe('contextFilesUsable: every file of a copied folder can go into the build context', () => {
  it("warns, in check, about a link out of the project in a uv project's editable dependency (FLY5007)", () => {
    const { dir, outsideFile } = project({
      'main.flyimg': 'app = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="app").with_uv_project("p/pyproject.toml")\n',
      'p/pyproject.toml': '[project]\nname = "p"\nversion = "0"\n',
      'p/uv.lock': UV_LOCK,
      'p/libs/helper/pyproject.toml': '',
    });
    symlinkSync(outsideFile, join(dir, 'p/libs/helper/secret.txt'));
    expect(warnings(dir)).toEqual(['warning FLY5007 `p/libs/helper/secret.txt` is left out of the build context: it is a symbolic link that points out of the project']);
    // The same warning from compile, which then leaves the file out.
    const compiled = compile(['main.flyimg'], nodeHost(dir), { ...DEFAULT_ANALYZE_OPTIONS, tools: DEFAULT_TOOL_IMAGES });
    expect(compiled.diagnostics.map((d) => d.code)).toEqual(['FLY5007']);
    expect(compiled.images[0]!.ir.context.map((f) => f.path)).toEqual(['p/libs/helper/pyproject.toml', 'p/pyproject.toml', 'p/uv.lock']);
  });

  it("warns about a link out of the project in a Dockerfile image's context (FLY5007)", () => {
    const { dir, outsideFile } = project({ 'main.flyimg': 'app = Image.from_dockerfile("docker/Dockerfile", registry="ghcr.io/acme", name="app")\n', 'docker/Dockerfile': 'FROM scratch\n' });
    symlinkSync(outsideFile, join(dir, 'docker/secret.txt'));
    expect(warnings(dir)).toEqual(['warning FLY5007 `docker/secret.txt` is left out of the build context: it is a symbolic link that points out of the project']);
  });

  it("walks a folder an image shares with the image it extends again when the image's .dockerignore differs", () => {
    // `a` leaves the link out with its .dockerignore; `b` has the same folder layer, but another .dockerignore.
    const { dir, outsideFile } = project({
      'main.flyimg':
        'a = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="a").with_dockerignore("one/.dockerignore").with_source_folder("src")\n' +
        'same = a.with_env_vars({"A": "1"})\n' +
        'b = a.with_dockerignore("two/.dockerignore")\n',
      'one/.dockerignore': 'secret.txt\n',
      'two/.dockerignore': 'other.txt\n',
      'src/app.py': '',
    });
    symlinkSync(outsideFile, join(dir, 'src/secret.txt'));
    expect(warnings(dir)).toEqual(['warning FLY5007 `src/secret.txt` is left out of the build context: it is a symbolic link that points out of the project']);
    const onlyA = project({
      'main.flyimg': 'a = Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="a").with_dockerignore("one/.dockerignore").with_source_folder("src")\nsame = a.with_env_vars({"A": "1"})\n',
      'one/.dockerignore': 'secret.txt\n',
      'src/app.py': '',
    });
    symlinkSync(onlyA.outsideFile, join(onlyA.dir, 'src/secret.txt'));
    expect(warnings(onlyA.dir)).toEqual([]);
  });

  it('says nothing about folders without such files', () => {
    const { dir } = project({ 'main.flyimg': 'app = Image.from_dockerfile("docker/Dockerfile", registry="ghcr.io/acme", name="app")\n', 'docker/Dockerfile': 'FROM scratch\n', 'docker/a.txt': '' });
    expect(warnings(dir)).toEqual([]);
  });
});
