import { describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../helpers/check.js';

describe('platformsValid: platforms BuildKit (and pixi) know', () => {
  it('accepts known platforms as a string, a tuple or a list', () => {
    const src = 'a = Image.from_debian_base(name="a", platform="linux/arm/v7")\nb = Image.from_debian_base(name="b", platform=("linux/amd64", "linux/arm64"))\nc = Image.from_base("python:3.12-slim").clone(name="c", platform=["linux/s390x"])\n';
    expect(diagnosticsOf(src)).toEqual([]);
  });

  it('reports an unknown platform at the platform itself (FLY3014)', () => {
    expect(diagnosticsOf('a = Image.from_debian_base(name="a", platform="linux/x86_64")\nb = Image.from_debian_base(name="b", platform=("linux/amd64", "windows/amd64"))\n')).toEqual([
      { code: 'FLY3014', line: 1, column: 47 },
      { code: 'FLY3014', line: 2, column: 63 },
    ]);
  });

  it('reports platforms once however many images share them', () => {
    expect(diagnosticsOf('a = Image.from_debian_base(name="a", platform="amd64")\nb = a.with_apt_packages("git")\n')).toEqual([{ code: 'FLY3014', line: 1, column: 47 }]);
  });

  it('accepts amd64 and arm64 for pixi', () => {
    expect(diagnosticsOf('a = Image.from_debian_base(name="a").with_pixi_project("pixi.toml")\n', { 'pixi.toml': '' })).toEqual([]);
  });

  it('reports a platform pixi cannot build for (FLY4008)', () => {
    expect(diagnosticsOf('app = Image.from_debian_base(name="app", platform="linux/arm/v7").with_pixi_project("pixi.toml")\n', { 'pixi.toml': '' })).toEqual([
      { code: 'FLY4008', line: 1, column: 51 },
    ]);
    expect(diagnosticsOf('app = Image.from_pixi_script("s.py", name="app", platform="linux/386")\n', { 's.py': '' })).toEqual([
      { code: 'FLY6002', line: 1, column: 13 },
      { code: 'FLY4008', line: 1, column: 59 },
    ]);
  });
});
