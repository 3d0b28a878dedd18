import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The architecture as a test (CI runs it with the rest): the pipeline's layers import only downwards, and
 * only the command line (src/cli/) and the package entry (src/index.ts) touch the machine.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * Lowest first. A module may import its own group and any group listed before it, never one after:
 * syntax → names → check → ir → hash → emit → the pipeline → lsp / cli → the package entry.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['source.ts', 'host.ts'],
  ['diagnostics'],
  ['reference'],
  ['syntax'],
  ['files'],
  ['names'],
  ['config'],
  ['format'],
  ['check', 'dockerfile'],
  ['ir'],
  ['codeBundle'],
  ['hash'],
  ['emit'],
  ['flyteConfig'],
  ['diff'],
  ['registry'],
  ['build'],
  ['analyze.ts'],
  ['incremental'],
  ['compile.ts'],
  ['lsp'],
  ['cli'],
  ['index.ts'],
];

/** The one place the command line may reach into the language server: starting it. */
const CLI_TO_LSP = new Set(['cli/commands/lsp.ts']);

/**
 * What reaches the machine. Outside src/cli/ and src/index.ts these must come in as parameters (HostFiles,
 * LspHost, ...), so that every pass runs in memory.
 */
const MACHINE = [/from '(node:)?(fs|fs\/promises|child_process)'/, /from 'execa'/, /import\('(node:)?(fs|child_process)'\)/, /\bprocess\.(env|kill|cwd|exit|stdin|stdout|stderr|argv)\b/];
/** Files allowed to break the rule above, each named with why. None: keep it that way. */
const MACHINE_EXCEPTIONS = new Set<string>([]);

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

function groupOf(file: string): string {
  return file.includes('/') ? file.split('/')[0]! : file;
}

function rankOf(file: string): number {
  const group = groupOf(file);
  const rank = LAYERS.findIndex((layer) => layer.includes(group));
  if (rank < 0) throw new Error(`src/${file}: its directory \`${group}\` has no place in LAYERS (test/architecture.test.ts): add it`);
  return rank;
}

/** Comments removed, so that prose about `process.exit` is not code. */
function code(file: string): string {
  return readFileSync(join(SRC, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Relative imports (static, re-exports and dynamic), as paths under src/. */
function importsOf(file: string): string[] {
  const specifiers = [...code(file).matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => posix.normalize(posix.join(posix.dirname(file), s)).replace(/\.js$/, '.ts'));
}

const files = sourceFiles();

describe('architecture', () => {
  it('finds the sources', () => {
    expect(files).toContain('analyze.ts');
    expect(files.length).toBeGreaterThan(100);
  });

  it('imports only downwards: syntax → names → check → ir → hash → emit → pipeline → lsp/cli', () => {
    const backEdges: string[] = [];
    for (const file of files) {
      for (const target of importsOf(file)) {
        if (groupOf(target) === groupOf(file)) continue;
        if (rankOf(target) > rankOf(file)) backEdges.push(`src/${file} → src/${target}`);
        if (groupOf(file) === 'cli' && groupOf(target) === 'lsp' && !CLI_TO_LSP.has(file)) backEdges.push(`src/${file} → src/${target} (only cli/commands/lsp.ts starts the server)`);
      }
    }
    expect(backEdges).toEqual([]);
  });

  it('the layer test sees a back-edge (it can fail)', () => {
    expect(rankOf('hash/contentHash.ts')).toBeLessThan(rankOf('emit/dockerfile.ts'));
    expect(rankOf('config/load.ts')).toBeLessThan(rankOf('check/context.ts'));
    expect(rankOf('lsp/server.ts')).toBeLessThan(rankOf('cli/main.ts'));
    expect(importsOf('compile.ts')).toContain('analyze.ts');
  });

  it('only src/cli/ and src/index.ts touch files, processes and the environment', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (groupOf(file) === 'cli' || file === 'index.ts' || MACHINE_EXCEPTIONS.has(file)) continue;
      const text = code(file);
      for (const pattern of MACHINE) if (pattern.test(text)) offenders.push(`src/${file}: ${pattern.source}`);
    }
    expect(offenders).toEqual([]);
  });

  it('lists only exceptions that are still needed', () => {
    for (const file of MACHINE_EXCEPTIONS) expect(MACHINE.some((p) => p.test(code(file))), `${file} no longer needs its exception: remove it`).toBe(true);
  });

  it('resolves every relative import to a file', () => {
    const missing = files.flatMap((file) => importsOf(file).filter((t) => !files.includes(t)).map((t) => `src/${file} → ${t}`));
    expect(missing).toEqual([]);
  });
});
