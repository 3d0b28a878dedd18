/**
 * The language server analyses incrementally after edits (src/incremental/): what it answers must be what
 * a server that just opened the same texts answers. Range edits are sent as an editor sends them, to two
 * open documents (one importing the other), and after each the diagnostics, hovers and definitions of
 * every open document are compared with a fresh workspace's.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentDiagnostics } from '../../src/lsp/diagnostics.js';
import { hover } from '../../src/lsp/hover.js';
import { definition } from '../../src/lsp/navigation.js';
import { Workspace } from '../../src/lsp/workspace.js';
import { machineForLsp } from '../../src/cli/commands/lsp.js';
import { tempProject } from '../helpers/cli.js';

const BASE = 'base = Image.from_debian_base(python_version=(3, 12), name="base", registry="ghcr.io/acme")\nshared = base.with_apt_packages("curl")\n';
const APP = `import "base.flyimg"
# tools first
tools = (
    shared
    .clone(name="tools")
    .with_pip_packages("numpy==2.0.1")
)
train = tools.clone(name="train").with_env_vars({"MODE": "train"})
serve = tools.clone(name="serve").with_commands(["echo serve"])
`;

/** [document, offset in it before the edit, characters removed, text inserted] */
const EDITS: ReadonlyArray<readonly [string, string, number, string]> = [
  ['app.flyimg', '"numpy', 1, 'pandas'], // a value inside a string
  ['app.flyimg', 'train = ', 0, 'x'], // a binding renamed: `serve` no longer finds... nothing; `xtrain` is new
  ['app.flyimg', 'serve = ', 0, '\n'], // a blank line: everything after moves
  ['app.flyimg', '.with_pip', 0, '('], // an unclosed bracket
  ['app.flyimg', '(.with_pip', 1, ''], // closed again
  ['base.flyimg', '"curl"', 0, '"git", '], // the imported document: its users change
  ['app.flyimg', 'shared\n', 6, 'base'], // a name now refers to another binding
  ['base.flyimg', 'shared = ', 0, '# '], // `shared` commented out: unknown in the other document
  ['base.flyimg', '# shared', 2, ''], // and back
  ['app.flyimg', '"echo serve"', 0, '"'], // an unterminated string
];

function answers(workspace: Workspace, texts: Record<string, string>, paths: Record<string, string>) {
  return Object.keys(texts).map((name) => {
    const path = paths[name]!;
    const text = texts[name]!;
    // Every name and string start: hover and go-to-definition there.
    const offsets = [...text.matchAll(/\b[a-z_]+\b|"/g)].map((m) => m.index);
    return {
      name,
      diagnostics: documentDiagnostics(workspace, workspace.analysis(path), path),
      hovers: offsets.map((o) => hover(workspace, path, o)),
      definitions: offsets.map((o) => definition(workspace, path, o)),
    };
  });
}

describe('the language server after edits', () => {
  it('answers as a server that just opened the edited texts', () => {
    const dir = tempProject({});
    const uri = (name: string) => pathToFileURL(join(dir, name)).href;
    const texts: Record<string, string> = { 'base.flyimg': BASE, 'app.flyimg': APP };
    const editing = new Workspace(dir, true, machineForLsp);
    const paths: Record<string, string> = {};
    for (const [name, text] of Object.entries(texts)) paths[name] = editing.open(uri(name), text, 1);
    answers(editing, texts, paths);
    EDITS.forEach(([name, before, removed, inserted], k) => {
      const text = texts[name]!;
      const at = text.indexOf(before);
      expect(at, before).toBeGreaterThanOrEqual(0);
      const doc = editing.document(paths[name]!)!;
      editing.change(uri(name), [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + removed) }, text: inserted }], k + 2);
      texts[name] = text.slice(0, at) + inserted + text.slice(at + removed);
      expect(editing.document(paths[name]!)!.getText()).toBe(texts[name]);
      const fresh = new Workspace(dir, true, machineForLsp);
      const freshPaths: Record<string, string> = {};
      for (const [n, t] of Object.entries(texts)) freshPaths[n] = fresh.open(uri(n), t, 1);
      expect(answers(editing, texts, paths), `edit ${k + 1}`).toEqual(answers(fresh, texts, freshPaths));
    });
  });
});
