/**
 * flyte-sdk's own tag, reproduced bug for bug (`--hash flyte`), so that images Python users already built
 * are found instead of rebuilt. md5 over the concatenation of "pieces" with no separators, no types and no
 * lengths: the collisions and omissions this implies are flyte-sdk's (see docs/hashing.md); flyimgc's
 * default scheme has none of them. Follows flyte-image-reference.md §5.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { HostFiles } from '../host.js';
import { projectRoot } from '../files/projectRoot.js';
import type { FileArg, ImageValue, LayerValue, PipOptions, SecretValue } from '../check/model.js';
import { parseScriptMetadata } from '../check/pep723.js';
import { NO_IGNORE_RULES, parseDockerignore, type IgnoreRules } from '../files/dockerignore.js';

export const FLYTE_HASH_SCHEME = 'flyte-md5';

export interface FlyteHash {
  readonly tag: string;
  /** The pieces in order, for `flyimgc explain`. */
  readonly pieces: readonly string[];
}

/** Images whose flyte tag cannot be computed offline get a diagnostic and no tag. */
export function flyteTag(image: ImageValue, bindingFile: string, host: HostFiles, resolvedBase: string | undefined, diagnostics: Diagnostic[]): FlyteHash | undefined {
  if (image.origin.kind === 'pixi_script') {
    diagnostics.push(diag.notReproducibleInFlyteMode(image.origin.span, '`Image.from_pixi_script` (flyte-sdk hashes a generated manifest in Python `toml.dumps` format)'));
    return undefined;
  }
  const pieces: Uint8Array[] = [];
  const shown: string[] = [];
  const piece = (bytes: Uint8Array | string, label?: string) => {
    const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    pieces.push(b);
    shown.push(label ?? (typeof bytes === 'string' ? bytes : `<${b.length} bytes>`));
  };
  const root = projectRoot(host, posix.dirname(bindingFile));
  const ignore = imageIgnore(image, host, root);

  if (resolvedBase) piece(resolvedBase);
  if (image.dockerfile) {
    const read = host.readFile(image.dockerfile.path);
    if (read.ok) piece(read.bytes, `<bytes of ${image.dockerfile.written}>`);
  }
  for (const layer of image.layers) {
    if (!layerPieces(layer, host, ignore, piece, diagnostics)) return undefined;
  }
  const md5 = createHash('md5');
  for (const p of pieces) md5.update(p);
  // flyte-sdk keeps `py3.12` for a default image that was never given a registry or name.
  return { tag: image.presetTag ?? md5.digest('hex'), pieces: shown };
}

type Piece = (bytes: Uint8Array | string, label?: string) => void;

interface FlyteIgnore {
  readonly rules: IgnoreRules;
  /** Patterns match paths relative to this directory; paths outside it are never ignored. */
  readonly dir: string;
}

function layerPieces(layer: LayerValue, host: HostFiles, ignore: FlyteIgnore | undefined, piece: Piece, diagnostics: Diagnostic[]): boolean {
  const bytes = (path: string, label: string) => {
    const read = host.readFile(path);
    if (read.ok) piece(read.bytes, `<bytes of ${label}>`);
  };
  /** uv, poetry and pixi projects: lock and manifest bytes, or a walk of the project directory. */
  const projectPieces = (manifest: FileArg, lock: FileArg | undefined, mode: 'dependencies_only' | 'install_project', ownIgnoreFallback: boolean) => {
    if (mode === 'dependencies_only') {
      if (lock) bytes(lock.path, lock.written);
      bytes(manifest.path, manifest.written);
      return;
    }
    const dir = posix.dirname(manifest.path);
    walk(host, dir, ignore ?? (ownIgnoreFallback ? ownIgnore(host, dir) : undefined), piece);
  };
  switch (layer.kind) {
    case 'apt':
      piece(layer.packages.map((p) => p.value).join('') + secretTexts(layer.secrets));
      return true;
    case 'commands':
      piece(layer.commands.map((c) => c.value).join('') + secretTexts(layer.secrets));
      return true;
    case 'pip':
      piece(pipOptionsPiece(layer.options, layer.secrets));
      piece(layer.packages.map((p) => p.value).join(''));
      return true;
    case 'requirements':
      piece(pipOptionsPiece(layer.options, layer.secrets));
      piece('');
      bytes(layer.file.path, layer.file.written);
      return true;
    case 'env':
      piece(layer.pairs.map(([k, v]) => `${k.value}=${v.value}`).join(' '));
      return true;
    case 'workdir':
      piece(layer.path.value);
      return true;
    case 'labels':
      piece(layer.labels.map(([k, v]) => (k.endsWith('authors') ? `LABEL ${k}='${v}'` : `LABEL ${k}=${v}`)).join(''));
      return true;
    case 'dockerignore': {
      const read = host.readFile(layer.file.path);
      piece(read.ok ? read.bytes : layer.file.written);
      return true;
    }
    case 'source_file': {
      const rel = ignore ? relativeInside(layer.src.path, ignore.dir) : undefined;
      if (!(ignore && rel !== undefined && ignore.rules.ignores(rel))) {
        bytes(layer.src.path, layer.src.written);
        piece(posix.basename(layer.src.path));
      }
      if (layer.dst.value !== '') piece(layer.dst.value);
      return true;
    }
    case 'source_folder':
      walk(host, layer.src.path, ignore ?? ownIgnore(host, layer.src.path), piece);
      piece(layer.dst.value);
      return true;
    case 'uv_project':
      piece(pipOptionsPiece(layer.options, layer.secrets));
      projectPieces(layer.pyproject, layer.lock, layer.mode, true);
      return true;
    case 'poetry_project':
      piece((layer.extraArgs?.value ?? '') + secretTexts(layer.secrets));
      // flyte-sdk's poetry install_project walk uses the image ignore only, with no fallback.
      projectPieces(layer.pyproject, layer.lock, layer.mode, false);
      return true;
    case 'pixi_project':
      piece(layer.environment.value + (layer.extraArgs?.value ?? '') + secretTexts(layer.secrets));
      projectPieces(layer.manifest, layer.lock, layer.mode, true);
      return true;
    case 'uv_script': {
      const read = host.readFile(layer.script.path);
      const parsed = read.ok ? parseScriptMetadata(new TextDecoder().decode(read.bytes)) : undefined;
      if (!parsed?.ok) return false;
      const { metadata } = parsed;
      const deps = metadata.dependencies.filter((d) => !d.includes('file://'));
      const pyprojects = metadata.dependencies.filter((d) => d.includes('file://'));
      if (pyprojects.length > 0 || (metadata.tool !== undefined && Object.keys(metadata.tool).length > 0)) {
        diagnostics.push(diag.notReproducibleInFlyteMode(layer.script.span, 'a uv script header with `file://` dependencies or a `[tool]` table'));
        return false;
      }
      piece(`(UVScriptMetadata(requires_python=${metadata.requiresPython === undefined ? 'None' : pyRepr(metadata.requiresPython)}, dependencies=[${deps.map(pyRepr).join(', ')}], pyprojects=[], tool=None),)`);
      piece(pipOptionsPiece(layer.options, layer.secrets));
      return true;
    }
    case 'code_bundle':
      // Development runs strip the code bundle layer, so it does not enter the tag.
      return true;
  }
}

/** os.walk(topdown): files sorted by name, then sub-directories in the file system's own order. */
function walk(host: HostFiles, root: string, ignore: FlyteIgnore | undefined, piece: Piece): void {
  const visit = (dir: string, rel: string) => {
    const names = host.listDirRaw?.(dir) ?? host.listDir(dir) ?? [];
    const files: string[] = [];
    const dirs: string[] = [];
    for (const name of names) {
      const path = posix.join(dir, name);
      const stat = host.stat(path);
      if (!stat) continue;
      if (stat.kind === 'directory') {
        if (stat.symlink) continue;
        if (!isIgnored(ignore, path)) dirs.push(name);
      } else if (stat.kind === 'file') {
        files.push(name);
      }
    }
    for (const name of files.sort(codePointOrder)) {
      const path = posix.join(dir, name);
      if (isIgnored(ignore, path)) continue;
      const read = host.readFile(path);
      if (!read.ok) continue;
      piece(read.bytes, `<bytes of ${posix.join(rel, name)}>`);
      piece(posix.join(rel, name).replace(/\//g, ''));
    }
    for (const name of dirs) visit(posix.join(dir, name), posix.join(rel, name));
  };
  visit(root, '');
}

function isIgnored(ignore: FlyteIgnore | undefined, path: string): boolean {
  if (!ignore) return false;
  const rel = relativeInside(path, ignore.dir);
  // flyte-sdk never excludes the .dockerignore file itself.
  return rel !== undefined && posix.basename(rel) !== '.dockerignore' && ignore.rules.ignores(rel);
}

/** flyte-sdk's image-level ignore: the last `with_dockerignore`, else the project root's; read as `<dir>/.dockerignore`. */
function imageIgnore(image: ImageValue, host: HostFiles, root: string): FlyteIgnore | undefined {
  const explicit = [...image.layers].reverse().find((l) => l.kind === 'dockerignore' && l.file.written.trim() !== '');
  const path = explicit && explicit.kind === 'dockerignore' ? explicit.file.path : posix.join(root, '.dockerignore');
  if (host.stat(path)?.kind !== 'file') return undefined;
  return ownIgnore(host, posix.dirname(path));
}

function ownIgnore(host: HostFiles, dir: string): FlyteIgnore | undefined {
  const read = host.readFile(posix.join(dir, '.dockerignore'));
  if (!read.ok) return undefined;
  const rules = parseDockerignore(new TextDecoder().decode(read.bytes), { ignoreCase: true });
  return rules === NO_IGNORE_RULES ? undefined : { rules, dir };
}

function relativeInside(path: string, dir: string): string | undefined {
  const rel = posix.relative(dir, path);
  return rel === '' || rel.startsWith('..') ? undefined : rel;
}

function pipOptionsPiece(options: PipOptions, secrets: readonly SecretValue[]): string {
  return (options.indexUrl?.value ?? '') + options.extraIndexUrls.map((u) => u.value).join('') + (options.pre ? 'True' : '') + (options.extraArgs?.value ?? '') + secretTexts(secrets);
}

/** A string secret contributes itself; a Secret, Python's repr of it. */
function secretTexts(secrets: readonly SecretValue[]): string {
  return secrets
    .map((s) => (s.fromString ? s.key : `Secret(key=${pyRepr(s.key)}, group=${optRepr(s.group)}, mount=${optRepr(s.mount)}, as_env_var=${optRepr(s.asEnvVar)})`))
    .join('');
}

function optRepr(value: string | undefined): string {
  return value === undefined ? 'None' : pyRepr(value);
}

/** Python's repr() of a str. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

function codePointOrder(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
