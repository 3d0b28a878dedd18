/**
 * Issue 10 items 2–4, one test per defect found (each failed before the fix): the Dockerfile read back by
 * a real parser (dockerfile-ast) is exactly what was asked, or the value is refused with a coded diagnostic.
 */
import { describe, expect, it } from 'vitest';
import { compileBody, dockerfileOf, py, runArgv, userPart } from './compileOne.js';

const FLYTE_USER = '.with_commands(["useradd --create-home --shell /bin/bash flyte"])';

describe('item 2: a trailing backslash followed by spaces or tabs cannot swallow the next instruction', () => {
  it.each(['echo a \\ ', 'echo a \\\t', 'echo a \\ \t ', 'echo a \\\\  '])('command %j stays one RUN and USER flyte still follows', (command) => {
    const result = compileBody(`${FLYTE_USER}.with_commands([${py(command)}])`);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { body, footer } = userPart(dockerfileOf(result)!);
    expect(body.map((i) => i.keyword)).toEqual(['RUN', 'RUN']);
    expect(runArgv(body[1]!.content)).toEqual(['/bin/sh', '-c', command]);
    expect(footer.map((i) => `${i.keyword} ${i.content}`).slice(0, 2)).toEqual(['USER flyte', 'WORKDIR /home/flyte']);
  });

  it.each(['--no-deps \\ ', '--no-deps \\\t'])('extra_args %j is refused (FLY3070)', (args) => {
    const result = compileBody(`.with_pip_packages("numpy", extra_args=${py(args)})`);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
  });
});

describe('item 3: heredoc markers in extra_args', () => {
  it.each(['<<EOF', '--no-deps <<EOF', '<<-"END"'])('extra_args %j is refused (FLY3070), for every installer', (args) => {
    for (const body of [
      `.with_pip_packages("numpy", extra_args=${py(args)})`,
      `.with_requirements("requirements.txt", extra_args=${py(args)})`,
    ]) {
      const result = compileBody(body, { 'requirements.txt': 'numpy\n' });
      expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
      expect(result.diagnostics[0]!.message).toContain('heredoc');
    }
  });
});

describe('item 4: COPY paths, `${`, leading `--`', () => {
  it.each(['a$b.txt', 'a"b.txt', "a'b.txt", 'a*.txt', 'a?.txt', 'a[1].txt'])('a source file named %j is refused (FLY3070)', (name) => {
    const result = compileBody(`.with_source_file(${py(name)}, dst="/app")`, { [name]: 'x\n' });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
  });

  it.each(['/app/$HOME', '/app/a\\b', '/app/"q"', '/app/*', '/app/[x]'])('a destination %j is refused (FLY3070)', (dst) => {
    const result = compileBody(`.with_source_file("f.txt", dst=${py(dst)})`, { 'f.txt': 'x\n' });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
  });

  it('a destination with a space or starting with `-` is written so the parser reads it back exactly', () => {
    const result = compileBody('.with_source_file("f.txt", dst="/my app/").with_source_folder("src", dst="-x")', { 'f.txt': 'x\n', 'src/a.py': '1\n' });
    expect(result.diagnostics).toEqual([]);
    const { body } = userPart(dockerfileOf(result)!);
    expect(body.map((i) => [i.keyword, JSON.parse(i.content)])).toEqual([
      ['COPY', ['f.txt', '/my app/']],
      ['COPY', ['src', '-x']],
    ]);
  });

  it.each(['${HOME:-/root}', '${A:+x}', '${A#b}', '${A', 'x${}'])('an env value %j is refused (FLY3070)', (value) => {
    expect(compileBody(`.with_env_vars({"A": ${py(value)}})`).diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
  });

  it.each(['--chown=root', '-x'])('a working directory %j is refused (FLY3070)', (dir) => {
    expect(compileBody(`.with_workdir(${py(dir)})`).diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
  });

  it.each(['--mount=type=bind,target=/x echo hi', '--network=host curl x', '  echo padded  ', '-x'])('a command %j runs exactly as written (exec form)', (command) => {
    const result = compileBody(`.with_commands([${py(command)}, "echo next"])`);
    expect(result.diagnostics).toEqual([]);
    const { body } = userPart(dockerfileOf(result)!);
    expect(body.map((i) => [i.keyword, i.flags.length])).toEqual([
      ['RUN', 0],
      ['RUN', 0],
    ]);
    expect(runArgv(body[0]!.content)).toEqual(['/bin/sh', '-c', command]);
  });
});

/**
 * Found by test/e2e/hostile.test.ts (every accepted value built for real): buildah 1.28 (podman 4.3) fails
 * `COPY f.txt /hd/qzslotqzü🐳` ("read/write on closed pipe") when a single file gets a new, non-ASCII name.
 */
describe('a file copied under a new non-ASCII name', () => {
  it.each(['/app/é', 'ü🐳qzslotqz', '/app/dir/x🐳.txt'])('destination %j is refused (FLY3070), naming buildah', (dst) => {
    const result = compileBody(`.with_source_file("f.txt", dst=${py(dst)})`, { 'f.txt': 'x\n' });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
    expect(result.diagnostics[0]!.message).toContain('non-ASCII');
    expect(result.diagnostics[0]!.message).toContain('buildah');
  });

  it('is accepted where builders copy it: into a non-ASCII folder, or keeping its own non-ASCII name', () => {
    const result = compileBody('.with_source_file("f.txt", dst="/données/").with_source_file("é.txt", dst="/app/é.txt").with_source_file("é.txt", dst="/dür/").with_source_folder("src", dst="/ü🐳")', { 'f.txt': 'x\n', 'é.txt': 'x\n', 'src/a.py': '1\n' });
    expect(result.diagnostics).toEqual([]);
    const { body } = userPart(dockerfileOf(result)!);
    expect(body.map((i) => JSON.parse(i.content))).toEqual([
      ['f.txt', '/données/'],
      ['é.txt', '/app/é.txt'],
      ['é.txt', '/dür/'],
      ['src', '/ü🐳'],
    ]);
  });
});

/**
 * Found by test/e2e/hostile.test.ts: buildah 1.28 reads `--mount=type=bind,src=ü.txt` as `Ã¼.txt`, warns
 * that it cannot find it, and runs the command with nothing mounted.
 */
describe('a --mount source with non-ASCII characters', () => {
  it.each([
    ['the requirements file', '.with_requirements("réq.txt")', { 'réq.txt': 'numpy\n' }],
    ['the project folder', '.with_uv_project("prö/pyproject.toml")', { 'prö/pyproject.toml': '[project]\nname = "p"\nversion = "1"\n', 'prö/uv.lock': 'version = 1\n' }],
    ['the lock file', '.with_uv_project("p/pyproject.toml", uvlock="ü🐳.lock")', { 'p/pyproject.toml': '[project]\nname = "p"\nversion = "1"\n', 'ü🐳.lock': 'version = 1\n' }],
  ] as const)('%s is refused (FLY3070), naming the cause', (_, body, files) => {
    const result = compileBody(body, files);
    expect(result.diagnostics.map((d) => d.code)).toContain('FLY3070');
    expect(result.diagnostics.find((d) => d.code === 'FLY3070')!.message).toContain('non-ASCII');
  });

  it('a non-ASCII file copied with COPY (which buildah reads right) is still accepted', () => {
    expect(compileBody('.with_source_file("réq.txt", dst="/app/")', { 'réq.txt': 'numpy\n' }).diagnostics).toEqual([]);
  });
});

/**
 * Found by test/e2e/hostile.test.ts with docker buildx: BuildKit reads `COPY ["f.txt","<<EOFx"]` (JSON form,
 * `<` written `\u003c`) as a heredoc destination and fails to parse the Dockerfile.
 */
describe('a COPY path starting with `<<`', () => {
  it.each([
    ['a destination', '.with_source_file("f.txt", dst="<<EOFx")', { 'f.txt': 'x\n' }],
    ['a folder destination', '.with_source_folder("src", dst="<<EOF/")', { 'src/a.py': '1\n' }],
    ['a source', '.with_source_file("<<EOFx", dst="/app/")', { '<<EOFx': 'x\n' }],
  ] as const)('%s is refused (FLY3070)', (_, body, files) => {
    const result = compileBody(body, files);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
    expect(result.diagnostics[0]!.message).toContain('heredoc');
  });

  it('`<<` inside a path is not a heredoc for any builder: accepted', () => {
    expect(compileBody('.with_source_file("f.txt", dst="/app/x<<EOF")', { 'f.txt': 'x\n' }).diagnostics).toEqual([]);
  });
});

/** Found by test/e2e/hostile.test.ts with docker buildx: BuildKit does not find `COPY [" a", "/x"]` ("not found"). */
describe('a COPY source with white space at either end of a name', () => {
  it.each([' a.txt', 'a.txt ', '\ta.txt', 'd /a.txt'])('source %j is refused (FLY3070)', (name) => {
    const result = compileBody(`.with_source_file(${py(name)}, dst="/app/")`, { [name]: 'x\n' });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['FLY3070']);
    expect(result.diagnostics[0]!.message).toContain('white space');
  });

  it('inner white space is fine (written in the JSON form)', () => {
    expect(compileBody('.with_source_file("my file.txt", dst="/app/")', { 'my file.txt': 'x\n' }).diagnostics).toEqual([]);
  });
});
