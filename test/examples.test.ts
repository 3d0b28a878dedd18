import { describe, expect, it } from 'vitest';
import { flyimgc } from './helpers/cli.js';

/** The bundled examples are what users copy first: they must check clean and compile. */
describe('examples/', () => {
  it('checks with no diagnostics at all', async () => {
    const result = await flyimgc(['check', '--format', 'json', 'examples/']);
    const json = JSON.parse(result.stdout);
    expect(json.diagnostics).toEqual([]);
    expect(json.summary.files).toBeGreaterThanOrEqual(11);
    expect(result.exitCode).toBe(0);
  });

  it('is formatted (flyimgc fmt --check)', async () => {
    const result = await flyimgc(['fmt', '--check', 'examples/']);
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('compiles', async () => {
    const result = await flyimgc(['compile', '--format', 'json', 'examples/', '--dump-ir']);
    expect(result.exitCode).toBe(0);
    const images = JSON.parse(result.stdout) as Array<{ kind: string }>;
    expect(images.filter((i) => i.kind !== 'external').length).toBeGreaterThanOrEqual(15);
  });
});
