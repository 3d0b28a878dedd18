import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../helpers/check.js';
import { BASE, imageOf, kindsOf, lastLayer } from './support.js';

describe('argument types', () => {
  it('accepts the types each parameter takes', () => {
    const src = [
      'app = (Image.from_debian_base(python_version=(3, 11), name="app", platform=["linux/amd64", "linux/arm64"])',
      '    .with_pip_packages("requests", index_url="https://pypi.example/simple", extra_index_urls=["https://a.example/simple"], pre=True, extra_args="--no-cache")',
      '    .with_commands(["echo a", "echo b"], secret_mounts=[Secret(key="tok"), "OTHER"])',
      '    .with_env_vars({"A": "1", "B": 2})',
      '    .with_source_file([Path("a.txt"), "b.txt"], dst="/etc/app/")',
      '    .with_code_bundle(copy_style="all", dst="/app"))',
      '',
    ].join('\n');
    expect(diagnosticsOf(src, { 'a.txt': '', 'b.txt': '' })).toEqual([]);
  });

  it('treats None as "not given"', () => {
    const src = `${BASE}app = base.with_pip_packages("x", index_url=None, extra_index_urls=None, extra_args=None, secret_mounts=None)\n`;
    expect(diagnosticsOf(src)).toEqual([]);
    const layer = lastLayer(imageOf(src, 'app'));
    expect(layer.kind === 'pip' && [layer.options.indexUrl, layer.options.extraIndexUrls, layer.secrets]).toEqual([undefined, [], []]);
    const py = imageOf('app = Image.from_debian_base(python_version=None, name="app")\n', 'app');
    expect(py.python).toMatchObject({ major: 3, minor: 12 });
  });

  it('reports a value of the wrong type at the value (FLY3007)', () => {
    expect(diagnosticsOf(`${BASE}a = base.with_workdir(3)\nb = base.with_env_vars(["A=1"])\nc = Image.from_debian_base(install_flyte="no")\n`)).toEqual([
      { code: 'FLY3007', line: 2, column: 23 },
      { code: 'FLY3007', line: 3, column: 24 },
      { code: 'FLY3007', line: 4, column: 42 },
    ]);
  });

  it('reports each wrong item of a list and keeps the others', () => {
    const src = `${BASE}app = base.with_commands(["echo ok", 3])\n`;
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY3007', line: 2, column: 38 }]);
    const layer = lastLayer(imageOf(src, 'app'));
    expect(layer.kind === 'commands' && layer.commands.map((c) => c.value)).toEqual(['echo ok']);
  });

  it('reports env keys that are not strings and values that are neither strings nor integers', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_env_vars({1: "x", "B": True})\n`)).toEqual([
      { code: 'FLY3007', line: 2, column: 27 },
      { code: 'FLY3007', line: 2, column: 40 },
    ]);
  });

  it('reads a python version from a (3, minor) tuple or a "3.minor" string', () => {
    expect(imageOf('a = Image.from_debian_base(python_version="3.11", name="a")\n', 'a').python).toMatchObject({ major: 3, minor: 11 });
    expect(imageOf('a = Image.from_debian_base(python_version=[3, 13], name="a")\n', 'a').python).toMatchObject({ major: 3, minor: 13 });
  });

  it('reports a float python version as a wrong type, and versions it cannot build as FLY3015', () => {
    expect(
      diagnosticsOf(
        'a = Image.from_debian_base(python_version=3.12, name="a")\nb = Image.from_debian_base(python_version=(2, 7), name="b")\nc = Image.from_debian_base(python_version="3.x", name="c")\nd = Image.from_debian_base(python_version=(3, 12, 1), name="d")\n',
      ),
    ).toEqual([
      { code: 'FLY3007', line: 1, column: 43 },
      { code: 'FLY3015', line: 2, column: 43 },
      { code: 'FLY3015', line: 3, column: 43 },
      { code: 'FLY3015', line: 4, column: 43 },
    ]);
  });

  it('reports a string that is not one of the allowed choices (FLY3008)', () => {
    const files = { 'pyproject.toml': '', 'uv.lock': '' };
    expect(diagnosticsOf(`${BASE}a = base.with_code_bundle(copy_style="everything")\nb = base.with_uv_project("pyproject.toml", project_install_mode="install")\n`, files)).toEqual([
      { code: 'FLY3008', line: 2, column: 38 },
      { code: 'FLY3008', line: 3, column: 65 },
    ]);
  });

  it('refuses a Secret where its value would be stored in the image (FLY3020)', () => {
    expect(diagnosticsOf(`${BASE}a = base.with_workdir(Secret(key="dir"))\nb = base.with_apt_packages("git", Secret(key="k"))\n`)).toEqual([
      { code: 'FLY3020', line: 2, column: 23 },
      { code: 'FLY3020', line: 3, column: 35 },
    ]);
  });

  it('still adds the layer when one of its arguments is wrong, so later checks see the rest', () => {
    const src = `${BASE}app = base.with_commands(["echo ok"], secret_mounts=3).with_workdir("/app")\n`;
    expect(diagnosticsOf(src)).toEqual([{ code: 'FLY3007', line: 2, column: 53 }]);
    expect(kindsOf(imageOf(src, 'app'))).toEqual(['commands', 'workdir']);
  });
});
