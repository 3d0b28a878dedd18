import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, DEFAULT_ANALYZE_OPTIONS, type AnalyzeOptions } from '../../src/analyze.js';
import { nodeHost } from '../../src/cli/io.js';
import { compile } from '../../src/compile.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { DEFAULT_TOOL_IMAGES } from '../../src/ir/ir.js';
import { LspClient } from '../lsp/client.js';

/**
 * `flyimgc check` is the gate users trust, so it must find every error `compile` finds: on every golden
 * fixture, `analyze` (what check and the language server run) reports exactly the diagnostics `compile`
 * reports, and the language server publishes the same ones for the file.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const cases = readdirSync(FIXTURES)
  .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
  .sort();
const errorCases = cases.filter((name) => name.startsWith('err-'));

interface CaseOptions {
  readonly images?: Readonly<Record<string, string>>;
  readonly allowOutsideProject?: boolean;
}

function optionsOf(name: string): AnalyzeOptions {
  let options: CaseOptions = {};
  try {
    options = (JSON.parse(readFileSync(join(FIXTURES, name, 'case.json'), 'utf8')) as { options?: CaseOptions }).options ?? {};
  } catch {
    // no case.json: the defaults
  }
  return { ...DEFAULT_ANALYZE_OPTIONS, allowOutsideProject: options.allowOutsideProject ?? false, imageMap: new Map(Object.entries(options.images ?? {})) };
}

/**
 * The one diagnostic only `compile` gives: FLY4060, a warning that a built image has no registry, because
 * only the compile knows the registry it is pushed to (`--registry`, which `check` and the language server
 * do not take). As a rule it would warn on every file whose images get their registry from the command
 * line (and on every seed snippet), a warning about a flag rather than the file. Every error is in both.
 */
const COMPILE_ONLY = new Set(['FLY4060']);
const comparable = (ds: readonly Diagnostic[]) => ds.filter((d) => !(d.severity === 'warning' && COMPILE_ONLY.has(d.code)));

const key = (d: Diagnostic) => `${d.code} ${d.primary ? `${d.primary.span.file}:${d.primary.span.start}-${d.primary.span.end}` : ''}`;

describe('check/compile parity', () => {
  it('has error fixtures to compare', () => {
    expect(errorCases.length).toBeGreaterThan(50);
  });

  it.each(cases)('%s: analyze reports what compile reports', (name) => {
    const dir = join(FIXTURES, name);
    const options = optionsOf(name);
    const analysis = analyze(['input.flyimg'], nodeHost(dir), options);
    const compiled = compile(['input.flyimg'], nodeHost(dir), { ...options, tools: DEFAULT_TOOL_IMAGES });
    expect(analysis.diagnostics.map(key)).toEqual(comparable(compiled.diagnostics).map(key));
    if (name.startsWith('err-')) expect(analysis.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

describe('the language server reports what check reports', () => {
  let client: LspClient;

  beforeAll(async () => {
    client = LspClient.start(FIXTURES);
    await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(FIXTURES).href, capabilities: {}, initializationOptions: { debounceMs: 0 } });
    await client.notify('initialized', {});
  });

  afterAll(() => client?.kill());

  it.each(errorCases)('%s', async (name) => {
    const path = join(FIXTURES, name, 'input.flyimg');
    const uri = pathToFileURL(path).href;
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'flyimg', version: 1, text: readFileSync(path, 'utf8') } });
    const published = await client.diagnosticsFor(uri);
    // The server knows no `--image` mappings and no `--allow-outside-project`: it checks as `flyimgc check` does without them.
    const expected = analyze([`${name}/input.flyimg`], nodeHost(FIXTURES), DEFAULT_ANALYZE_OPTIONS).diagnostics.filter((d) => d.primary?.span.file === `${name}/input.flyimg`);
    expect(published.map((d) => d.code)).toEqual(expected.map((d) => d.code));
    const { imageMap, allowOutsideProject } = optionsOf(name);
    if (imageMap!.size === 0 && !allowOutsideProject) {
      const compiled = compile(['input.flyimg'], nodeHost(join(FIXTURES, name)), { ...DEFAULT_ANALYZE_OPTIONS, tools: DEFAULT_TOOL_IMAGES });
      expect(published.map((d) => d.code)).toEqual(comparable(compiled.diagnostics).filter((d) => d.primary?.span.file === 'input.flyimg').map((d) => d.code));
    }
  });
});
