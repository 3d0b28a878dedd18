import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRequirement, checkVersionSpecifiers, normalizeName, type RequirementCheck } from '../../src/check/pep508.js';

/** The part of the input an error points at, which is what a user sees underlined. */
function underlined(text: string, result: RequirementCheck): string | undefined {
  return result.ok ? undefined : text.slice(result.offset, result.offset + result.length);
}

function expectWellFormed(text: string, result: RequirementCheck): void {
  if (result.ok) {
    if (result.name !== undefined) expect(result.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    return;
  }
  expect(result.offset).toBeGreaterThanOrEqual(0);
  expect(result.length).toBeGreaterThanOrEqual(0);
  expect(result.offset + result.length).toBeLessThanOrEqual(text.length);
  expect(result.message).not.toMatch(/internal error/);
  expect(result.message).toMatch(/^[a-z`]/);
  expect(result.message).not.toMatch(/\.$/);
}

describe('checkRequirement accepts', () => {
  const valid: [string, string | undefined][] = [
    ['numpy', 'numpy'],
    ['NumPy', 'numpy'],
    ['Foo__Bar..baz', 'foo-bar-baz'],
    ['zope.interface', 'zope-interface'],
    ['a', 'a'],
    ['  numpy  ', 'numpy'],
    ['\tnumpy==1\t', 'numpy'],
    ['requests[security,socks]', 'requests'],
    ['requests [ security , socks ] >= 2.8.1', 'requests'],
    ['requests[]', 'requests'],
    ['numpy==2.0.0', 'numpy'],
    ['numpy>=1,<3', 'numpy'],
    ['numpy >= 1 , < 3', 'numpy'],
    ['foo~=1.4', 'foo'],
    ['foo~=1.4.2', 'foo'],
    ['foo===x', 'foo'],
    ['foo===1.0-weird_thing+x', 'foo'],
    ['foo==1.*', 'foo'],
    ['foo!=1.2.*', 'foo'],
    ['foo==1.0rc1', 'foo'],
    ['foo==1.0a1', 'foo'],
    ['foo==1.0.post1', 'foo'],
    ['foo==1.0-1', 'foo'],
    ['foo==1.0.dev3', 'foo'],
    ['foo==1.0+cpu', 'foo'],
    ['torch==2.3.0+cu121', 'torch'],
    ['foo!=1.0+local.7', 'foo'],
    ['foo==1!2.0', 'foo'],
    ['foo==v1.0', 'foo'],
    ['foo<2', 'foo'],
    ['foo>1', 'foo'],
    ['foo<=2', 'foo'],
    ['foo (>=1.0)', 'foo'],
    ['foo(>=1.0,<2)', 'foo'],
    ['foo>=1.0; python_version > "3.8"', 'foo'],
    ['foo>=1.0 ;python_version>"3"', 'foo'],
    [`numpy; python_version > '3.8' and sys_platform == "linux"`, 'numpy'],
    [`foo; (os_name == 'nt' or os_name == 'posix') and extra == 'test'`, 'foo'],
    [`foo ; ((python_version < '3.9'))`, 'foo'],
    [`foo; 'linux' in sys_platform`, 'foo'],
    [`foo; sys_platform not in 'win32 cygwin'`, 'foo'],
    [`foo; python_version ~= '3.8'`, 'foo'],
    [`foo; python_full_version === '3.8.1'`, 'foo'],
    [`foo; platform.machine == 'x86_64'`, 'foo'],
    [`foo; implementation_name == "cpython" or platform_python_implementation == "PyPy"`, 'foo'],
    [`foo;python_version>'3.8'and os_name=='posix'`, 'foo'],
    ['foo @ https://example.com/foo-1.0.tar.gz', 'foo'],
    ['foo[bar] @ file:///tmp/foo.whl', 'foo'],
    ['foo@https://example.com/foo-1.0-py3-none-any.whl', 'foo'],
    ['foo @ git+https://github.com/a/foo.git@v1 ; python_version >= "3.9"', 'foo'],
    ['git+https://$GITHUB_PAT@github.com/acme/private.git', undefined],
    ['git+ssh://git@github.com/a/b.git@v1#egg=b', 'b'],
    ['git+https://github.com/a/b.git#egg=My_Pkg&subdirectory=sub', 'my-pkg'],
    ['https://example.com/pkg-1.0-py3-none-any.whl', 'pkg'],
    ['https://example.com/My.Pkg-1.0-1-cp312-cp312-manylinux_2_17_x86_64.whl?x=1', 'my-pkg'],
    ['https://example.com/pkg-1.0.tar.gz ; python_version > "3"', undefined],
    ['file:///x.whl', undefined],
    ['file://localhost/opt/x', undefined],
    ['./local/pkg', undefined],
    ['.', undefined],
    ['../pkg[extra]', undefined],
    ['/abs/path/pkg', undefined],
    ['dist/foo-1.0-py3-none-any.whl', 'foo'],
    ['foo-1.0.tar.gz', undefined],
  ];
  it.each(valid)('%s', (text, name) => {
    const result = checkRequirement(text);
    expect(result).toEqual(name === undefined ? { ok: true } : { ok: true, name });
  });
});

describe('checkRequirement rejects', () => {
  // [input, message (exact string or pattern), the text underlined]
  const invalid: [string, string | RegExp, string][] = [
    ['', 'empty requirement', ''],
    ['   ', 'empty requirement', '   '],
    [`['numpy', 'pandas']`, 'this looks like a list; pass each requirement as its own string', `['numpy', 'pandas']`],
    [`"numpy", "pandas"`, /looks like a list/, `"numpy", "pandas"`],
    ['numpy, pandas', 'a requirement names one project; pass each requirement as its own string', ','],
    ['"numpy"', 'the requirement is wrapped in quotes; remove them', '"'],
    ['-foo', 'a project name must start with a letter or digit', '-'],
    ['_foo', /must start with a letter or digit/, '_'],
    ['foo bar', /after `foo`; to install several projects, pass each as its own string/, 'bar'],
    ['foo 1.0', 'missing version operator; did you mean `foo==1.0`?', '1.0'],
    ['foo-', 'a project name must end with a letter or digit', '-'],
    ['foo$', 'a project name cannot contain `$`', '$'],
    ['foo😀', 'a project name cannot contain `😀`', '😀'],
    ['acme/private', /`acme\/private` is neither a project name nor a URL/, 'acme/private'],
    ['foo==1..0', '`1..0` is not a valid PEP 440 version', '1..0'],
    ['foo>=abc def', '`abc` is not a valid PEP 440 version', 'abc'],
    ['foo==latest', '`latest` is not a valid PEP 440 version', 'latest'],
    ['foo=>1.0', '`=>` is not a version operator; did you mean `>=`?', '=>'],
    ['foo=1.0', '`=` is not a version operator; did you mean `==`?', '='],
    ['foo =< 2', '`=<` is not a version operator; did you mean `<=`?', '=<'],
    ['foo<>2', '`<>` is not a version operator; did you mean `!=`?', '<>'],
    ['foo>=<2', /`>=<` is not a version operator; expected one of/, '>=<'],
    ['foo==', 'expected a version after `==`', '=='],
    ['foo~=1', '`~=` needs at least two release segments, e.g. `~=1.0`', '1'],
    ['foo>=1.0+cpu', /a local version \(`\+cpu`\) is only allowed with `==`, `!=` or `===`/, '1.0+cpu'],
    ['foo>=1.*', 'a `.*` suffix is only allowed with `==` or `!=`, not `>=`', '1.*'],
    ['foo==1.0.dev1.*', 'a `.*` suffix cannot follow a dev release or a local version', '1.0.dev1.*'],
    ['foo==1.*.0', /`\*` may only appear as a final `\.\*`/, '1.*.0'],
    ['foo>=1,,', 'expected a version specifier after `,`', ','],
    ['foo>=1 <2', 'missing `,` between version specifiers', '<'],
    ['foo>=1,2', 'missing version operator; did you mean `>=2` or `==2`?', '2'],
    ['foo (>=1', 'unclosed `(`', '('],
    ['foo>=1)', 'unmatched `)`', ')'],
    ['foo>=1.0 @ https://x.org/a', 'a requirement cannot have both a version and `@ URL`', '@'],
    ['foo>=1.0[bar]', /extras go right after the project name/, '['],
    ['foo>=1.0 bar', 'expected `,`, `;` or the end after the version, found `bar`', 'bar'],
    ['foo[bar', 'unclosed `[`', '['],
    ['foo[bar]baz', 'expected a version operator, `@` or `;` after the extras, found `baz`', 'baz'],
    ['foo (>=1 ; os_name == "nt"', 'unclosed `(`', '('],
    [`foo; os_name == 'nt' or or`, 'expected a marker variable or a quoted string, found `or`', 'or'],
    ['foo[bar baz]', 'expected `,` between extra names', 'b'],
    ['foo[bar,]', 'expected an extra name after `,`', ','],
    ['foo[-x]', /expected an extra name, found `-`/, '-'],
    ['foo;', 'expected an environment marker after `;`', ';'],
    ['foo; ', 'expected an environment marker after `;`', ';'],
    [`foo; python_version > "3.8`, 'unterminated string', '"3.8'],
    [`foo; (python_version > '3.8'`, 'unclosed `(`', '('],
    [`foo; (python_version > '3.8' os_name`, 'expected `and`, `or` or `)`, found `os_name`', 'os_name'],
    [`foo; python_version > '3.8')`, 'unmatched `)`', ')'],
    [`foo; python_version > '3.8' garbage`, 'expected `and`, `or` or the end of the marker, found `garbage`', 'garbage'],
    [`foo; pyton_version > '3.8'`, 'unknown marker variable `pyton_version`; did you mean `python_version`?', 'pyton_version'],
    [`foo; sys_platform == linux`, "unknown marker variable `linux`; if it is a value, quote it: `'linux'`", 'linux'],
    [`foo; python_version > 3.8`, "marker values must be quoted: write `'3.8'`", '3.8'],
    [`foo; python_version => '3'`, '`=>` is not a marker operator; did you mean `>=`?', '=>'],
    [`foo; python_version`, 'expected a comparison operator such as `==`, `>=` or `in`, found the end', ''],
    [`foo; python_version is '3'`, 'expected a comparison operator such as `==`, `>=` or `in`, found `is`', 'i'],
    [`foo; python_version == `, 'expected a marker variable or a quoted string, found the end', ' '],
    [`foo; os_name == 'nt' and`, 'expected a marker variable or a quoted string, found the end', 'd'],
    ['foo\nbar', 'a requirement cannot contain a line break; pass each requirement as its own string', '\n'],
    ['foo\r\n', /line break/, '\r'],
    ['foo\0', 'a requirement cannot contain a NUL character', '\0'],
    ['foo\x07', 'a requirement cannot contain the control character U+0007', '\x07'],
    ['--index-url https://x.org/simple', '`--index-url` is a pip option, not a requirement; use the `index_url=` keyword', '--index-url'],
    ['-i https://x.org/simple', '`-i` is a pip option, not a requirement; use the `index_url=` keyword', '-i'],
    ['--extra-index-url=https://x.org/simple', /use the `extra_index_urls=` keyword/, '--extra-index-url'],
    ['-r reqs.txt', '`-r` is a pip option, not a requirement; use `with_requirements(...)` for a requirements file', '-r'],
    ['--pre', '`--pre` is a pip option, not a requirement; use `pre=True`', '--pre'],
    ['-e .', '`-e` is a pip option, not a requirement; pass installer options in the `extra_args=` keyword', '-e'],
    ['--no-deps', /pass installer options in the `extra_args=` keyword/, '--no-deps'],
    ['gti+https://github.com/a/b', /^unknown URL scheme `gti\+https`/, 'gti+https'],
    ['https://', 'the URL has no host', 'https://'],
    ['https:///path', 'the URL has no host', 'https:///path'],
    ['file://x.whl', 'a `file:` URL needs an absolute path: write `file:///x.whl`', 'file://x.whl'],
    ['file://', 'the `file:` URL has no path', 'file://'],
    ['https://e.org/x.whl;python_version>"3"', /^put a space before `;`/, ';'],
    ['https://e.org/x.whl extra', 'unexpected `extra` after the URL', 'extra'],
    ['git+https://github.com/a/b#egg=b==1.0', '`#egg=` must be followed by a project name', 'egg=b==1.0'],
    ['foo @ ', 'expected a URL such as `https://...` or `file:///...`, found nothing', ''],
    // A bare word after `@` is valid PEP 508 (a relative URI) and packaging takes it, but it is far more
    // often a mistake than a path: refused deliberately (./x and ../x are taken).
    ['foo @ x', 'expected a URL such as `https://...` or `file:///...`, found `x`', 'x'],
    ['foo @ https://x.org/a.whl garbage', 'unexpected `garbage` after the URL', 'garbage'],
    ['./pkg extra', 'unexpected `extra` after the path', 'extra'],
  ];
  it.each(invalid)('%j', (text, message, bad) => {
    const result = checkRequirement(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    if (typeof message === 'string') expect(result.message).toBe(message);
    else expect(result.message).toMatch(message);
    expect(underlined(text, result)).toBe(bad);
    expectWellFormed(text, result);
  });

  it('points at the exact offset of an error inside a longer requirement', () => {
    expect(checkRequirement('  foo[bar] >= 1.0, =>2')).toMatchObject({ ok: false, offset: 19, length: 2 });
    expect(checkRequirement(`x; os_name == 'nt' and pyton_version > '3'`)).toMatchObject({ ok: false, offset: 23, length: 13 });
  });

  it('counts offsets in UTF-16 units', () => {
    const text = `foo; os_name == '😀' and bogus == 'x'`;
    const result = checkRequirement(text);
    expect(result).toMatchObject({ ok: false, offset: text.indexOf('bogus'), length: 5 });
  });

  it('never throws on non-string input from untyped callers', () => {
    expect(checkRequirement(undefined as unknown as string).ok).toBe(false);
    expect(checkRequirement(42 as unknown as string).ok).toBe(false);
  });
});

describe('checkVersionSpecifiers', () => {
  // A trailing comma is accepted, as packaging does (`>=3.9,` is `>=3.9`).
  it.each(['>=3.11', '>=3.9,<4', ' >= 3.9 , < 4 ', '==3.12.*', '~=3.10', '', '>=3.9,'])('accepts %j', (text) => {
    expect(checkVersionSpecifiers(text)).toEqual({ ok: true });
  });

  it.each([
    ['3.11', 'missing version operator; did you mean `>=3.11` or `==3.11`?', '3.11'],
    ['>=3.9 <4', 'missing `,` between version specifiers', '<'],
    ['>=3.9,,', 'expected a version specifier after `,`', ','],
    ['=>3.9', '`=>` is not a version operator; did you mean `>=`?', '=>'],
    ['>=three', '`three` is not a valid PEP 440 version', 'three'],
  ])('rejects %j', (text, message, bad) => {
    const result = checkVersionSpecifiers(text);
    expect(result).toMatchObject({ ok: false, message });
    if (!result.ok) expect(text.slice(result.offset, result.offset + result.length)).toBe(bad);
  });
});

describe('remembered specifier answers', () => {
  it('answers a specifier asked again (in either order, past the bound of what is kept) as the first time', () => {
    const texts = ['>=three', '~=3', '==1.0+local.*', '>=1.0', '==1.*', '>1.0+x', 'numpy>=3.9', 'x==1.0.*'];
    const first = texts.map((t) => [checkVersionSpecifiers(t), checkRequirement(t)]);
    // Fill the memo past its bound (4,096 answers) so that it is cleared on the way.
    for (let i = 0; i < 5000; i++) checkVersionSpecifiers(`==${i}.0`);
    expect([...texts].reverse().map((t) => [checkVersionSpecifiers(t), checkRequirement(t)])).toEqual([...first].reverse());
    expect(first[0]![0]).toMatchObject({ ok: false, message: '`three` is not a valid PEP 440 version' });
    expect(first[1]![0]).toMatchObject({ ok: false });
    expect(first[3]![0]).toEqual({ ok: true });
  });
});

describe('normalizeName', () => {
  it('follows PEP 503', () => {
    expect(normalizeName('Friendly-Bard')).toBe('friendly-bard');
    expect(normalizeName('FRIENDLY_BARD')).toBe('friendly-bard');
    expect(normalizeName('friendly.bard')).toBe('friendly-bard');
    expect(normalizeName('FrIeNdLy-._.-bArD')).toBe('friendly-bard');
  });
});

describe('checkRequirement properties', () => {
  it('never throws and always returns a well-formed result on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expectWellFormed(text, checkRequirement(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings made of requirement punctuation', () => {
    const alphabet = fc.constantFrom(...'ab1_.-[](),;<>=!~@*+ \t\'"/:#$&?'.split(''), 'and', 'or', 'not in', 'python_version', 'https://', 'git+', '==1.0');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expectWellFormed(text, checkRequirement(text));
        const spec = checkVersionSpecifiers(text);
        if (!spec.ok) expect(spec.offset + spec.length).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every requirement built from the PEP 508 grammar, with its normalised name', () => {
    const alnum = fc.constantFrom(...'abcXYZ019'.split(''));
    const identifier = fc
      .tuple(alnum, fc.array(fc.tuple(fc.constantFrom('', '-', '_', '.', '--', '._'), alnum), { maxLength: 4 }))
      .map(([first, rest]) => first + rest.map(([sep, c]) => sep + c).join(''));
    const wsp = fc.constantFrom('', ' ', '\t', '  ');
    const release = fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 4 }).map((r) => r.join('.'));
    const version = fc
      .tuple(release, fc.constantFrom('', 'a1', 'rc2', '.post1', '.dev0', 'b3.post2.dev1'))
      .map(([r, suffix]) => r + suffix);
    const clause = fc.oneof(
      fc.tuple(fc.constantFrom('==', '!=', '<=', '>=', '<', '>', '==='), wsp, version).map(([op, w, v]) => op + w + v),
      fc.tuple(fc.constantFrom('==', '!='), wsp, release).map(([op, w, r]) => `${op}${w}${r}.*`),
      fc.tuple(wsp, release).map(([w, r]) => `~=${w}${r}.0`),
      fc.tuple(fc.constantFrom('==', '!='), version).map(([op, v]) => `${op}${v}+local.1`),
    );
    const specs = fc
      .tuple(fc.array(clause, { minLength: 1, maxLength: 3 }), wsp, fc.boolean())
      .map(([cs, w, paren]) => {
        const joined = cs.join(`${w},${w}`);
        return paren ? `(${joined})` : joined;
      });
    const markerVar = fc.constantFrom('python_version', 'os_name', 'sys_platform', 'extra', "'3.8'", '"linux"');
    const markerOp = fc.constantFrom('==', '!=', '<', '>=', '~=', 'in', 'not in', '===');
    const atom = fc.tuple(markerVar, wsp, markerOp, wsp, markerVar).map(([l, w1, op, w2, r]) => {
      // Word operators need whitespace next to a bare variable name.
      const sp1 = /^[a-z]/.test(op) ? ' ' : w1;
      const sp2 = /^[a-z]/.test(op) ? ' ' : w2;
      return `${l}${sp1}${op}${sp2}${r}`;
    });
    const marker: fc.Arbitrary<string> = fc.letrec<{ m: string }>((tie) => ({
      m: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('m'), fc.constantFrom(' and ', ' or '), tie('m')).map(([a, op, b]) => a + op + b),
        tie('m').map((m) => `(${m})`),
      ),
    })).m;
    const requirement = fc.tuple(
      wsp,
      identifier,
      wsp,
      fc.option(fc.array(identifier, { maxLength: 3 }).map((e) => `[${e.join(',')}]`)),
      wsp,
      fc.option(specs),
      fc.option(marker),
      wsp,
    );
    fc.assert(
      fc.property(requirement, ([w0, name, w1, extras, w2, spec, mark, w3]) => {
        const text = `${w0}${name}${w1}${extras ?? ''}${w2}${spec ?? ''}${mark === null ? '' : ` ; ${mark}`}${w3}`;
        const result = checkRequirement(text);
        expect(result, text).toEqual({ ok: true, name: name.toLowerCase().replace(/[-_.]+/g, '-') });
      }),
      { numRuns: 1000 },
    );
  });
});

/** Decided against PEP 508 and packaging (issue 11): what packaging (pip) accepts, flyimgc accepts too. */
describe('strings packaging accepts that the checker used to refuse', () => {
  it.each(['foo>=1,', 'foo>=1, ; os_name == "nt"', 'foo (>=1,)', 'foo (>=1, )', 'foo @ ./x', 'foo @ ../x/y.whl', 'foo @ ./x ; os_name == "nt"'])('accepts %j', (text) => {
    expect(checkRequirement(text)).toEqual({ ok: true, name: 'foo' });
  });
});
