import { describe, expect, it } from 'vitest';
import { parseScriptMetadata } from '../../src/check/pep723.js';
import { pixiManifest } from '../../src/check/pixiScript.js';

/** flyte-sdk's render_pixi_manifest (flyte/_utils/pixi_script_parser.py), read rule by rule. */
function manifestOf(header: string, platforms: readonly string[] = ['linux/amd64', 'linux/arm64']) {
  const parsed = parseScriptMetadata(`# /// script\n${header.split('\n').map((l) => (l ? `# ${l}` : '#')).join('\n')}\n# ///\n`);
  if (!parsed.ok) throw new Error(parsed.message);
  return pixiManifest(parsed.metadata, platforms);
}

describe('a pixi script header as the manifest flyte-sdk renders', () => {
  it('channels default to conda-forge, platforms to the image\'s conda subdirs, requires-python to the conda python', () => {
    expect(manifestOf('requires-python = ">=3.12"\ndependencies = ["httpx"]\n\n[tool.pixi.dependencies]\ngdal = "*"')).toEqual({
      ok: true,
      manifest: {
        workspace: { channels: ['conda-forge'], platforms: ['linux-64', 'linux-aarch64'] },
        dependencies: { gdal: '*', python: '>=3.12' },
        'pypi-dependencies': { httpx: '*' },
      },
    });
  });

  it('an explicit conda python and pypi-dependencies win; extras, URLs and git revisions become tables; other tables pass through', () => {
    const result = manifestOf(
      'requires-python = ">=3.11"\ndependencies = ["numpy>=2,<3", "rich[jupyter,a]", "pkg @ https://x.example/p.whl", "tool @ git+https://github.com/a/b@v1", "httpx"]\n\n[tool.pixi.dependencies]\npython = "3.12.*"\n\n[tool.pixi.pypi-dependencies]\nhttpx = ">=0.27"\n\n[tool.pixi.activation]\nscripts = ["a.sh"]',
    );
    expect(result).toEqual({
      ok: true,
      manifest: {
        workspace: { channels: ['conda-forge'], platforms: ['linux-64', 'linux-aarch64'] },
        dependencies: { python: '3.12.*' },
        'pypi-dependencies': { httpx: '>=0.27', numpy: '>=2,<3', rich: { version: '*', extras: ['a', 'jupyter'] }, pkg: { url: 'https://x.example/p.whl' }, tool: { git: 'https://github.com/a/b', rev: 'v1' } },
        activation: { scripts: ['a.sh'] },
      },
    });
  });

  it('declared platforms win, and must cover the image\'s; markers are refused', () => {
    expect(manifestOf('[tool.pixi.workspace]\nplatforms = ["linux-64", "osx-arm64"]', ['linux/amd64'])).toMatchObject({ ok: true, manifest: { workspace: { platforms: ['linux-64', 'osx-arm64'] } } });
    expect(manifestOf('[tool.pixi.workspace]\nplatforms = ["linux-64"]')).toEqual({ ok: false, problems: [{ problem: 'platforms', declared: ['linux-64'], missing: ['linux-aarch64'] }] });
    expect(manifestOf('dependencies = ["a", "b; os_name == \'nt\'"]')).toEqual({ ok: false, problems: [{ problem: 'marker', dependency: 1 }] });
  });
});
