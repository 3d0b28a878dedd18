/**
 * Name resolution: what every `Name` in every file refers to. Reports unknown names (with suggestions),
 * bindings defined twice, uses before definition, and names two imports both define.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type * as Ast from '../syntax/ast.js';
import { namesIn } from '../syntax/walk.js';
import { phrase, SuggestionIndex } from '../util/didYouMean.js';
import { BUILTIN_NAMES, isKnownModule, moduleMember } from '../syntax/builtins.js';
import type { Program } from './program.js';

export type Referent =
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'binding'; readonly file: string; readonly binding: Ast.Binding };

export interface Resolution {
  /** What each resolved `Name` node refers to; unresolved names are absent. */
  readonly referents: ReadonlyMap<Ast.Name, Referent>;
  /** The bindings each file defines itself, by name (the first one when a name is bound twice). */
  readonly bindings: ReadonlyMap<string, ReadonlyMap<string, Ast.Binding>>;
  readonly diagnostics: readonly Diagnostic[];
}

export function resolveNames(program: Program, fileHasErrors: (path: string) => boolean): Resolution {
  const referents = new Map<Ast.Name, Referent>();
  const diagnostics: Diagnostic[] = [];
  const bindings = new Map<string, Map<string, Ast.Binding>>();

  for (const file of program.files.values()) {
    const own = new Map<string, Ast.Binding>();
    for (const statement of file.ast.statements) {
      if (statement.kind === 'Binding' && !own.has(statement.name.name)) own.set(statement.name.name, statement);
    }
    bindings.set(file.path, own);
  }

  for (const file of program.files.values()) {
    const pasted = pastedPythonNames(file.ast);
    const imported = new Map<string, { binding: Ast.Binding; file: string; via: Span }>();
    for (const { node, target } of file.imports) {
      if (target === undefined) continue;
      for (const [name, binding] of bindings.get(target) ?? []) {
        const earlier = imported.get(name);
        if (earlier && earlier.binding !== binding) diagnostics.push(diag.importConflict(node.path.span, name, earlier.via));
        else if (!earlier) imported.set(name, { binding, file: target, via: node.path.span });
      }
    }

    const local = new Map<string, { binding: Ast.Binding; index: number }>();
    const statements = file.ast.statements.filter((s): s is Ast.Binding => s.kind === 'Binding');
    statements.forEach((binding, index) => {
      const name = binding.name.name;
      const first = local.get(name);
      const fromImport = imported.get(name);
      if (first) diagnostics.push(diag.duplicateBinding(binding.name.span, name, first.binding.name.span, false));
      else if (fromImport) diagnostics.push(diag.duplicateBinding(binding.name.span, name, fromImport.via, true));
      if (!first) local.set(name, { binding, index });
    });

    // The names visible so far, for suggestions: built up as the statements are read, not per unknown name.
    const visible = new SuggestionIndex();
    for (const name of [...BUILTIN_NAMES, ...pasted.keys(), ...imported.keys()]) visible.add(name);
    statements.forEach((binding, index) => {
      if (index > 0) visible.add(statements[index - 1]!.name.name);
      for (const expr of namesIn(binding)) {
        const name = expr.name;
        const mine = local.get(name);
        if (mine && mine.index < index) {
          referents.set(expr, { kind: 'binding', file: file.path, binding: mine.binding });
          continue;
        }
        if (mine && !imported.has(name)) {
          diagnostics.push(diag.usedBeforeDefinition(expr.span, name, mine.binding.name.span, mine.index === index));
          continue;
        }
        const other = imported.get(name);
        if (other) {
          referents.set(expr, { kind: 'binding', file: other.file, binding: other.binding });
          continue;
        }
        const builtin = pasted.get(name) ?? (BUILTIN_NAMES.includes(name) ? name : undefined);
        if (builtin) {
          referents.set(expr, { kind: 'builtin', name: builtin });
          continue;
        }
        diagnostics.push(diag.unknownName(expr.span, name, phrase(visible.suggest(name))));
      }
    });

    if (file.ast.statements.length === 0 && !fileHasErrors(file.path)) {
      diagnostics.push(diag.emptyFile({ file: file.path, start: 0, end: 0 }));
    }
  }
  return { referents, bindings, diagnostics };
}

/**
 * The names pasted imports of `flyte` and `pathlib` bind, and the builtin each stands for, as in Python:
 * `import flyte` binds `flyte`, `import pathlib as pl` binds `pl`, `from flyte import Image as I` binds `I`.
 */
function pastedPythonNames(ast: Ast.FileNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of ast.pythonImports ?? []) {
    if (!isKnownModule(line.module)) continue;
    for (const { imported, bound } of line.names) {
      if (bound === '*') continue;
      if (!line.from) names.set(bound, bound === imported ? imported.split('.')[0]! : imported);
      else names.set(bound, moduleMember(line.module, imported));
    }
  }
  return names;
}
