/** Two manifests → which images change tag, and exactly which input changed. Pure data in, data out. */
import type { Manifest, ManifestImage } from '../emit/manifest.js';

export type Change =
  | { readonly kind: 'field'; readonly field: string; readonly old: string; readonly new: string }
  | { readonly kind: 'layer'; readonly index: number; readonly old?: string; readonly new?: string }
  | { readonly kind: 'file'; readonly path: string; readonly change: 'added' | 'removed' | 'modified' | 'mode' };

export interface ImageDiff {
  readonly binding: string;
  readonly status: 'added' | 'removed' | 'retagged' | 'unchanged';
  readonly oldUri?: string;
  readonly newUri?: string;
  readonly changes: readonly Change[];
}

export interface ManifestDiff {
  readonly images: readonly ImageDiff[];
  readonly schemeChanged?: { readonly old: string; readonly new: string };
}

export function diffManifests(before: Manifest, after: Manifest): ManifestDiff {
  const old = new Map(before.images.map((i) => [i.binding, i]));
  const now = new Map(after.images.map((i) => [i.binding, i]));
  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  const images = names.map((name): ImageDiff => {
    const a = old.get(name);
    const b = now.get(name);
    if (!a) return { binding: name, status: 'added', ...(b?.uri ? { newUri: b.uri } : {}), changes: [] };
    if (!b) return { binding: name, status: 'removed', ...(a.uri ? { oldUri: a.uri } : {}), changes: [] };
    const changes = imageChanges(a, b);
    const retagged = a.uri !== b.uri;
    return { binding: name, status: retagged ? 'retagged' : 'unchanged', ...(a.uri ? { oldUri: a.uri } : {}), ...(b.uri ? { newUri: b.uri } : {}), changes };
  });
  return { images, ...(before.hashScheme !== after.hashScheme ? { schemeChanged: { old: before.hashScheme, new: after.hashScheme } } : {}) };
}

function imageChanges(a: ManifestImage, b: ManifestImage): Change[] {
  const changes: Change[] = [];
  const field = (name: string, x: unknown, y: unknown) => {
    const old = show(x);
    const now = show(y);
    if (old !== now) changes.push({ kind: 'field', field: name, old, new: now });
  };
  field('kind', a.kind, b.kind);
  field('base', a.base, b.base);
  field('python', a.python, b.python);
  field('platforms', a.platforms, b.platforms);
  field('name', a.name, b.name);
  field('registry', a.registry, b.registry);
  field('secrets', a.secrets, b.secrets);
  field('hash scheme', a.hashScheme, b.hashScheme);
  for (let i = 0; i < Math.max(a.layers.length, b.layers.length); i++) {
    const x = a.layers[i];
    const y = b.layers[i];
    if (x !== y) changes.push({ kind: 'layer', index: i + 1, ...(x !== undefined ? { old: x } : {}), ...(y !== undefined ? { new: y } : {}) });
  }
  const oldFiles = new Map(a.inputs.map((f) => [f.path, f]));
  const newFiles = new Map(b.inputs.map((f) => [f.path, f]));
  for (const path of [...new Set([...oldFiles.keys(), ...newFiles.keys()])].sort()) {
    const x = oldFiles.get(path);
    const y = newFiles.get(path);
    if (!x) changes.push({ kind: 'file', path, change: 'added' });
    else if (!y) changes.push({ kind: 'file', path, change: 'removed' });
    else if (x.sha256 !== y.sha256) changes.push({ kind: 'file', path, change: 'modified' });
    else if (x.executable !== y.executable) changes.push({ kind: 'file', path, change: 'mode' });
  }
  return changes;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'field':
      return `${change.field}: ${change.old} → ${change.new}`;
    case 'layer':
      return change.old === undefined ? `layer ${change.index} added: ${change.new}` : change.new === undefined ? `layer ${change.index} removed: ${change.old}` : `layer ${change.index}: ${change.old} → ${change.new}`;
    case 'file':
      return `file ${change.path} ${change.change === 'mode' ? 'changed its executable bit' : change.change}`;
  }
}

export function diffText(diff: ManifestDiff): string {
  const changed = diff.images.filter((i) => i.status !== 'unchanged');
  const out: string[] = [];
  if (diff.schemeChanged) out.push(`hash scheme: ${diff.schemeChanged.old} → ${diff.schemeChanged.new} (every tag changes)`);
  if (changed.length === 0) out.push(`no image changes tag (${diff.images.length} compared)`);
  for (const image of changed) {
    if (image.status === 'added') out.push(`+ ${image.binding}: new image ${image.newUri ?? ''}`.trimEnd());
    else if (image.status === 'removed') out.push(`- ${image.binding}: removed (was ${image.oldUri ?? 'not built'})`);
    else {
      out.push(`~ ${image.binding}: ${image.oldUri} → ${image.newUri}`);
      for (const change of image.changes) out.push(`    ${describeChange(change)}`);
      if (image.changes.length === 0) out.push('    (no recorded input changed: a template or tool version changed)');
    }
  }
  return `${out.join('\n')}\n`;
}

export function diffMarkdown(diff: ManifestDiff): string {
  const changed = diff.images.filter((i) => i.status !== 'unchanged');
  const out = ['### flyimgc: image changes', ''];
  if (diff.schemeChanged) out.push(`Hash scheme changed: \`${diff.schemeChanged.old}\` → \`${diff.schemeChanged.new}\`; every tag changes.`, '');
  if (changed.length === 0) {
    out.push(`No image changes tag (${diff.images.length} compared); nothing needs a rebuild.`);
    return `${out.join('\n')}\n`;
  }
  out.push(`${changed.length} of ${diff.images.length} images change tag and need a build.`, '', '| image | change | new tag | why |', '|---|---|---|---|');
  for (const image of changed) {
    const why = image.changes.map((c) => describeChange(c).replace(/\|/g, '\\|')).join('<br>') || (image.status === 'retagged' ? 'template or tool version' : '');
    const tag = image.newUri?.split(':').pop() ?? '';
    out.push(`| \`${image.binding}\` | ${image.status} | ${tag ? `\`${tag}\`` : ''} | ${why} |`);
  }
  return `${out.join('\n')}\n`;
}
