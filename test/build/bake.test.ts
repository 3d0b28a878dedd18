import { describe, expect, it } from 'vitest';
import { bakeCommand, bakeDigests } from '../../src/build/bake.js';
import { showCommand } from '../../src/build/builders.js';

describe('docker buildx bake', () => {
  it('runs the compiled bake file for the chosen targets, on the chosen builder', () => {
    const command = bakeCommand({ out: 'out/', targets: ['base', 'app'], buildxBuilder: 'k8s', push: true, load: false, metadataFile: 'out/bake-metadata.json', extraArgs: ['--file=net.yaml'] });
    expect(showCommand(command)).toBe('docker buildx bake --builder k8s --file out/docker-bake.json --push --metadata-file out/bake-metadata.json --file=net.yaml base app');
    expect(showCommand(bakeCommand({ out: '.', targets: [], push: false, load: true, metadataFile: 'm.json', extraArgs: [] }))).toBe('docker buildx bake --file docker-bake.json --load --metadata-file m.json');
  });

  it("reads each target's digest from bake's metadata file, and nothing else", () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const metadata = { app: { 'containerimage.digest': digest, 'image.name': 'r/app:1' }, base: { 'containerimage.digest': 'not-a-digest' }, 'buildx.build.warnings': [] };
    expect([...bakeDigests(metadata)]).toEqual([['app', digest]]);
    expect(bakeDigests(null).size).toBe(0);
  });
});
