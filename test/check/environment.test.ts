import { describe, expect, it } from 'vitest';
import { codesOf, checkFiles } from '../helpers/check.js';

const environmentsOf = (source: string) =>
  checkFiles({ 'main.flyimg': source }).model.environments.map((e) => ({
    binding: e.binding.name,
    name: e.environment.name.value,
    image: e.imageBinding.name,
    base: e.environment.image.base?.value,
    dependsOn: e.environment.dependsOn.map((d) => d.value),
  }));

describe('flyte.TaskEnvironment', () => {
  it('names its image binding, or compiles an image written in place under its own binding', () => {
    const source = [
      'app = Image.from_base("python:3.12-slim")',
      'a = flyte.TaskEnvironment(name="a", image=app)',
      'b = flyte.TaskEnvironment(name="b", image=Image.from_base("python:3.11-slim"), depends_on=[a])',
    ].join('\n');
    expect(environmentsOf(source)).toEqual([
      { binding: 'a', name: 'a', image: 'app', base: 'python:3.12-slim', dependsOn: [] },
      { binding: 'b', name: 'b', image: 'b', base: 'python:3.11-slim', dependsOn: ['a'] },
    ]);
    const images = checkFiles({ 'main.flyimg': source }).model.images.map((i) => i.binding.name);
    expect(images).toEqual(['app', 'b']);
  });

  it('takes a string as Image.from_base and "auto" (the default) as flyte\'s default image', () => {
    const envs = environmentsOf('a = TaskEnvironment("a", image="python:3.12-slim")\nb = TaskEnvironment(name="b")\nc = TaskEnvironment(name="c", image="auto")\n');
    expect(envs.map((e) => e.base)).toEqual(['python:3.12-slim', expect.stringMatching(/^ghcr\.io\/flyteorg\/flyte:py3\.12-/), expect.stringMatching(/^ghcr\.io\/flyteorg\/flyte:py3\.12-/)]);
  });

  it('accepts the parameters that do not concern images without evaluating them', () => {
    const source = [
      'from flyte import Resources',
      'env = flyte.TaskEnvironment(',
      'name="train",',
      'image=Image.from_base("python:3.12-slim"),',
      'resources=Resources(cpu="1", memory="1Gi"),',
      'secrets=[flyte.Secret(key="token")],',
      'env_vars={"A": "1"},',
      'cache="auto",',
      'reusable=flyte.ReusePolicy(replicas=2),',
      'description=f"the {name} env",',
      ')',
    ].join('\n');
    expect(codesOf(source)).toEqual([]);
  });

  it('reports a missing name, an image of the wrong type and a dependency that is not an environment', () => {
    expect(codesOf('env = TaskEnvironment(image="python:3.12-slim")\n')).toEqual(['FLY3004']);
    expect(codesOf('env = TaskEnvironment(name="e", image=3)\n')).toEqual(['FLY3007']);
    expect(codesOf('app = Image.from_base("python:3.12-slim")\nenv = TaskEnvironment(name="e", depends_on=[app])\n')).toEqual(['FLY3007']);
  });
});

describe('pathlib.Path methods', () => {
  it('resolve() and absolute() normalise the path; a result inside the project is fine', () => {
    const source = 'HERE = Path(__file__).resolve().parent\napp = Image.from_debian_base(name="app").with_source_file(HERE / "sub" / ".." / "req.txt", dst="/app/")\n';
    expect(codesOf(source, { 'req.txt': 'x\n' })).toEqual([]);
  });

  it('a resolved path outside the project is refused like any other', () => {
    const source = 'app = Image.from_debian_base(name="app").with_source_file(Path(__file__).parent.parent.resolve() / "x.txt")\n';
    expect(codesOf(source)).toContain('FLY5003');
  });
});
