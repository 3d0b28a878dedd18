/**
 * The front half of the pipeline on one screen: load and parse the files (and their imports), then
 * resolve names. Every problem comes back as a diagnostic; nothing here throws on user input.
 */
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { sortDiagnostics } from './diagnostics/sort.js';
import type { HostFiles } from './host.js';
import { loadProgram, type Program } from './names/program.js';
import { resolveNames, type Resolution } from './names/resolve.js';
import type { SourceFile } from './source.js';

export interface Analysis {
  readonly program: Program;
  readonly resolution: Resolution;
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** Sorted by file and position, without duplicates. */
  readonly diagnostics: readonly Diagnostic[];
}

export function analyze(roots: readonly string[], host: HostFiles): Analysis {
  const loaded = loadProgram(roots, host);
  const filesWithErrors = new Set(loaded.diagnostics.filter((d) => d.severity === 'error' && d.primary).map((d) => d.primary!.span.file));
  const resolution = resolveNames(loaded.program, (path) => filesWithErrors.has(path));
  return {
    program: loaded.program,
    resolution,
    sources: loaded.sources,
    diagnostics: sortDiagnostics([...loaded.diagnostics, ...resolution.diagnostics]),
  };
}
