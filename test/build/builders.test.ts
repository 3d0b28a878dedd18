import { describe, expect, it } from 'vitest';
import { buildCommands, showCommand, type BuildRequest } from '../../src/build/builders.js';

const request: BuildRequest = {
  dockerfile: 'out/app/Dockerfile',
  context: 'out/app/context',
  uri: 'registry.example.com/ml/app:0123',
  platforms: ['linux/amd64'],
  secretFiles: new Map([['GITHUB_PAT', '/tmp/s/GITHUB_PAT']]),
  push: true,
  load: false,
  insecure: false,
  cacheFrom: ['type=registry,ref=registry.example.com/ml/cache'],
  cacheTo: [],
  extraArgs: ['--network=host'],
};

describe('builder command lines', () => {
  it('docker buildx builds and pushes in one command', () => {
    expect(buildCommands('docker', request).map(showCommand)).toEqual([
      'docker buildx build --file out/app/Dockerfile --tag registry.example.com/ml/app:0123 --platform linux/amd64 --push --secret id=GITHUB_PAT,src=/tmp/s/GITHUB_PAT --cache-from type=registry,ref=registry.example.com/ml/cache --network=host out/app/context',
    ]);
  });

  it('docker uses the buildx builder instance it is given', () => {
    expect(buildCommands('docker', { ...request, buildxBuilder: 'remote-bk' })[0]!.args.slice(0, 4)).toEqual(['buildx', 'build', '--builder', 'remote-bk']);
  });

  it('buildah builds, then pushes (plain HTTP only for an insecure registry)', () => {
    expect(buildCommands('buildah', { ...request, insecure: true }).map(showCommand)).toEqual([
      'buildah build --file out/app/Dockerfile --tag registry.example.com/ml/app:0123 --platform linux/amd64 --secret id=GITHUB_PAT,src=/tmp/s/GITHUB_PAT --cache-from type=registry,ref=registry.example.com/ml/cache --network=host out/app/context',
      'buildah push --tls-verify=false registry.example.com/ml/app:0123',
    ]);
  });

  it('podman builds several platforms into a manifest list and pushes all of it', () => {
    const commands = buildCommands('podman', { ...request, platforms: ['linux/amd64', 'linux/arm64'], cacheFrom: [], extraArgs: [] }).map(showCommand);
    expect(commands).toEqual([
      'podman build --file out/app/Dockerfile --manifest registry.example.com/ml/app:0123 --platform linux/amd64,linux/arm64 --secret id=GITHUB_PAT,src=/tmp/s/GITHUB_PAT out/app/context',
      'podman manifest push --all registry.example.com/ml/app:0123 docker://registry.example.com/ml/app:0123',
    ]);
  });

  it('builds without pushing when asked', () => {
    expect(buildCommands('buildah', { ...request, push: false })).toHaveLength(1);
    expect(showCommand(buildCommands('docker', { ...request, push: false, load: true })[0]!)).toContain(' --load ');
  });
});

describe('images that bind-mount files into a RUN', () => {
  it('buildah and podman build them without their layer cache (and without --force-rm, which fails a buildah build without --layers)', () => {
    for (const builder of ['buildah', 'podman'] as const) {
      const [build] = buildCommands(builder, { ...request, bindMounts: true });
      expect(build!.args.slice(0, 9)).toEqual(['build', '--file', 'out/app/Dockerfile', '--tag', 'registry.example.com/ml/app:0123', '--platform', 'linux/amd64', '--no-cache', '--secret']);
      expect(build!.args).not.toContain('--force-rm');
      expect(buildCommands(builder, { ...request, bindMounts: false })[0]!.args).not.toContain('--no-cache');
    }
  });

  it('docker buildx keys its cache on the mounted files, and keeps using it', () => {
    expect(buildCommands('docker', { ...request, bindMounts: true })[0]!.args).not.toContain('--no-cache');
  });
});
