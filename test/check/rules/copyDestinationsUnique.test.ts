import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Span } from '../../../src/diagnostics/diagnostic.js';
import { diag } from '../../../src/diagnostics/codes.js';
import { sortDiagnostics } from '../../../src/diagnostics/sort.js';
import { fileDestination } from '../../../src/files/copyDestination.js';
import { layersInOrder } from '../../../src/check/layers.js';
import type { Model } from '../../../src/check/evaluate.js';
import { checkFiles, diagnosticsOf } from '../../helpers/check.js';
import { BASE } from '../support.js';

const FILES = { 'a.txt': '', 'b.txt': '', 'a/config.yaml': '', 'b/config.yaml': '', 'src/x.py': '', 'lib/y.py': '' };

describe('copyDestinationsUnique: no copy silently overwrites another (FLY4007)', () => {
  it('accepts copies to different places', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_source_file("b.txt").with_source_file("a/config.yaml", dst="/etc").with_source_folder("src")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([]);
  });

  it('resolves relative destinations against the working directory in force at that layer', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_workdir("/app").with_source_file("a.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([]);
  });

  it('reports a file copied twice to the same place, at the source of the later copy', () => {
    const src = `${BASE}a = base.with_source_file("a.txt")\nb = a.with_source_file("a.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 3, column: 24 }]);
  });

  it('reports two files of the same name copied to one directory', () => {
    const src = `${BASE}a = base.with_workdir("/app").with_source_file("a.txt")\nb = a.with_source_file("a.txt", dst="/app")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 3, column: 24 }]);
  });

  it('reports a conflict once, however many images derive from the image that has it', () => {
    const src = `${BASE}a = base.with_source_file("a.txt")\nb = a.with_source_file("a.txt")\nc = b.with_workdir("/w")\nd = b.with_env_vars({"A": "1"})\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 3, column: 24 }]);
  });

  it('reports a conflict inside one chain at the later copy, not at the start of the chain', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_source_file("a.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 2, column: 55 }]);
  });

  it('reports a conflict in a multi-line chain on the line of the later copy', () => {
    const src = `${BASE}app = (base\n    .with_workdir("/app")\n    .with_source_file("a.txt")\n    .with_source_file("a.txt", dst="/app"))\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 5, column: 23 }]);
  });

  it('reports two files of the same name in one with_source_file list, at the second', () => {
    const src = `${BASE}app = base.with_source_file(["a/config.yaml", "b/config.yaml"])\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([{ code: 'FLY4007', line: 2, column: 47 }]);
  });

  it('reports every conflict of a chain', () => {
    const src = `${BASE}app = base.with_source_file("a.txt").with_source_file("a.txt").with_source_file("b.txt").with_source_file("b.txt")\n`;
    expect(diagnosticsOf(src, FILES)).toEqual([
      { code: 'FLY4007', line: 2, column: 55 },
      { code: 'FLY4007', line: 2, column: 107 },
    ]);
  });

  it('a dst that is not a known directory is the file itself, as `COPY src dst` makes it (issue 9)', () => {
    // Two files "into" /etc/app without a trailing slash: the second COPY overwrites the file /etc/app.
    expect(diagnosticsOf(`${BASE}app = base.with_source_file(["a.txt", "b.txt"], dst="/etc/app")\n`, FILES)).toEqual([{ code: 'FLY4007', line: 2, column: 39 }]);
    expect(diagnosticsOf(`${BASE}app = base.with_source_file(["a.txt", "b.txt"], dst="/etc/app/")\n`, FILES)).toEqual([]);
    expect(diagnosticsOf(`${BASE}app = base.with_source_file("a/config.yaml", dst="/app/config.yaml").with_source_file("b/config.yaml", dst="/app/")\n`, FILES)).toEqual([
      { code: 'FLY4007', line: 2, column: 87 },
    ]);
    // A file at /app/conf, then something copied into /app/conf/.
    expect(diagnosticsOf(`${BASE}app = base.with_source_file("a.txt", dst="/app/conf").with_source_file("b.txt", dst="/app/conf/")\n`, FILES)).toEqual([
      { code: 'FLY4050', line: 2, column: 29 },
    ]);
  });

  it('accepts folders merged into one directory: COPY merges them', () => {
    expect(diagnosticsOf(`${BASE}app = base.with_source_folder("src", dst="/app").with_source_folder("lib", dst="/app")\n`, FILES)).toEqual([]);
    expect(diagnosticsOf(`${BASE}app = base.with_code_bundle().with_source_folder("src", copy_contents_only=True)\n`, FILES)).toEqual([]);
  });
});

/**
 * The rule's meaning, spelled out the slow way: every image's layers walked from its first, with every file
 * copied before compared with the new one (what the rule did before it kept one shared state per layer).
 */
function fromScratch(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { image } of model.images) {
    const seen = new Map<string, Span>();
    const directories = new Set<string>();
    const addDirectory = (path: string) => {
      for (let p = path; p !== '/' && p !== '.' && !p.startsWith('<base workdir>/..'); p = posix.dirname(p)) directories.add(p);
    };
    let workdir = '<base workdir>';
    const resolve = (path: string) => (posix.isAbsolute(path) ? posix.normalize(path) : posix.join(workdir, path)).replace(/(?<=.)\/+$/, '');
    for (const layer of layersInOrder(image.layers)) {
      if (layer.kind === 'workdir') {
        workdir = resolve(layer.path.value);
        addDirectory(workdir);
      } else if (layer.kind === 'source_folder') addDirectory(resolve(layer.dst.value));
      if (layer.kind !== 'source_file') continue;
      const dst = resolve(layer.dst.value);
      const name = posix.basename(layer.src.path);
      const absolute = directories.has(dst) ? posix.join(dst, name) : resolve(fileDestination(layer.dst.value, name));
      const clash = [...seen].find(([path]) => absolute.startsWith(`${path}/`) || path.startsWith(`${absolute}/`));
      if (clash) {
        const [path, span] = clash;
        const fileFirst = absolute.startsWith(`${path}/`);
        out.push(diag.copyDestinationFileAndDirectory(fileFirst ? span : layer.src.span, (fileFirst ? path : absolute).replace('<base workdir>', '.'), fileFirst ? layer.src.span : span));
        continue;
      }
      addDirectory(posix.dirname(absolute));
      const earlier = seen.get(absolute);
      if (!earlier) seen.set(absolute, layer.src.span);
      else out.push(diag.copyDestinationConflict(layer.src.span, absolute.replace('<base workdir>', '.'), earlier));
    }
  }
  return out;
}

/** Everything a diagnostic says, its related spans too. */
const key = (d: Diagnostic) => JSON.stringify(d);

describe('copyDestinationsUnique on images that share layers', () => {
  const files = { 'a.txt': '', 'b.txt': '', 'a/config.yaml': '', 'd/a.txt': '', 'src/x.py': '', 'lib/y.py': '' };
  const call = fc.oneof(
    fc.constantFrom('/app', 'app', '/app/a.txt', 'sub', '..', '/app/conf').map((w) => `with_workdir("${w}")`),
    fc
      .tuple(fc.constantFrom('a.txt', 'b.txt', 'a/config.yaml', 'd/a.txt'), fc.constantFrom('.', '/app', '/app/', '/app/a.txt', 'a.txt/', 'conf', '/app/conf/x', 'sub/'))
      .map(([src, dst]) => `with_source_file("${src}", dst="${dst}")`),
    fc.tuple(fc.constantFrom('src', 'lib'), fc.constantFrom('/app', '/app/a.txt', 'conf')).map(([src, dst]) => `with_source_folder("${src}", dst="${dst}")`),
    fc.constant('with_env_vars({"A": "1"})'),
  );
  // Each image extends the base or an earlier image with one to three calls.
  const program = fc.array(fc.tuple(fc.nat(), fc.array(call, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 12 }).map((images) =>
    images.map(([from, calls], i) => `img${i} = ${from % (i + 1) === 0 ? 'base' : `img${(from % (i + 1)) - 1}`}.${calls.join('.')}\n`).join(''),
  );

  it('reports exactly what checking every image from its first layer reports', () => {
    fc.assert(
      fc.property(program, (text) => {
        const analysis = checkFiles({ 'main.flyimg': `${BASE}${text}`, ...files });
        const found = analysis.diagnostics.filter((d) => d.code === 'FLY4007' || d.code === 'FLY4050');
        // Duplicates dropped as analyze drops them: the first reported (in image order) is kept.
        const expected = sortDiagnostics(fromScratch(analysis.model));
        expect(found.map(key)).toEqual(expected.map(key));
      }),
      { numRuns: 300 },
    );
  });
});
