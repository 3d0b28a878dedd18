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
import type { DeclaredSecret, FlyteLayerIR, FlytePipOptions, ImageIR } from '../ir/ir.js';
import { NO_IGNORE_RULES, type IgnoreRules } from '../files/dockerignore.js';
import { readIgnoreFile } from '../files/ignoreFile.js';
import { walkTree } from '../files/walk.js';
import { invariant } from '../util/invariant.js';

export const FLYTE_HASH_SCHEME = 'flyte-md5';

/**
 * Where a walked symbolic link may lead: the copies' own rule (inside the image's project unless outside
 * files are allowed). flyte-sdk hashes whatever a link points at, which would put a file from outside the
 * project into the tag; the copy leaves such a link out (with a warning), and so does the tag.
 */
export interface Containment {
  /** The image's project root (host path). */
  readonly boundary: string;
  readonly allowOutside: boolean;
}

export interface FlyteHash {
  readonly tag: string;
  /** The pieces in order, for `flyimgc explain`. */
  readonly pieces: readonly string[];
}

/**
 * The tag of a built image, from its IR alone (as the v1 hash). A file that cannot be read is a diagnostic,
 * never left out of the tag (and then there is no tag). Images whose tag cannot be computed offline were
 * refused by the rule flyteTagsReproducible.
 */
export function flyteTag(ir: ImageIR, host: HostFiles, diagnostics: Diagnostic[], containment: Containment): FlyteHash | undefined {
  // The pieces go into md5 as they come (a file chunk by chunk): a tree is never held in memory.
  const md5 = createHash('md5');
  const shown: string[] = [];
  let complete = true;
  const sink: Sink = {
    piece(bytes, label) {
      // A string goes in as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder and Python's surrogate-free str).
      md5.update(bytes);
      shown.push(label ?? (typeof bytes === 'string' ? bytes : `<${bytes.length} bytes>`));
    },
    bytes(path, label) {
      // A file that fails half-way leaves part of it in md5, but then the tag is not given at all.
      const read = host.streamFile ? host.streamFile(path, (chunk) => md5.update(chunk)) : readWhole(host, path, (bytes) => md5.update(bytes));
      if (read.ok) {
        shown.push(`<bytes of ${label}>`);
        return;
      }
      diagnostics.push(diag.readError(path, read.reason));
      complete = false;
    },
    containment,
  };
  const ignore = ir.flyte.ignoreFile ? ownIgnore(host, posix.dirname(ir.flyte.ignoreFile)) : undefined;

  if (ir.base) sink.piece(ir.base);
  if (ir.dockerfile) sink.bytes(ir.dockerfile, posix.basename(ir.dockerfile));
  for (const layer of ir.flyte.layers) layerPieces(layer, host, ignore, sink);
  if (!complete) return undefined;
  // flyte-sdk keeps `py3.12` for a default image that was never given a registry or name.
  return { tag: ir.presetTag ?? md5.digest('hex'), pieces: shown };
}

/** `streamFile` for a host without it (in memory): one chunk. */
function readWhole(host: HostFiles, path: string, each: (bytes: Uint8Array) => void): ReturnType<NonNullable<HostFiles['streamFile']>> {
  const read = host.readFile(path);
  if (!read.ok) return read;
  each(read.bytes);
  return { ok: true };
}

interface Sink {
  piece(bytes: Uint8Array | string, label?: string): void;
  /** The bytes of a file; a file that cannot be read is reported. */
  bytes(path: string, label: string): void;
  /** The links a walk may follow: the containment rule of the copies. */
  readonly containment: Containment;
}

interface FlyteIgnore {
  readonly rules: IgnoreRules;
  /** Patterns match paths relative to this directory; paths outside it are never ignored. */
  readonly dir: string;
}

function layerPieces(layer: FlyteLayerIR, host: HostFiles, ignore: FlyteIgnore | undefined, sink: Sink): void {
  /** uv, poetry and pixi projects: lock and manifest bytes, or a walk of the project directory. */
  const projectPieces = (manifest: string, lock: string | undefined, mode: 'dependencies_only' | 'install_project', ownIgnoreFallback: boolean) => {
    if (mode === 'dependencies_only') {
      if (lock) sink.bytes(lock, posix.basename(lock));
      sink.bytes(manifest, posix.basename(manifest));
      return;
    }
    const dir = posix.dirname(manifest);
    walk(host, dir, ignore ?? (ownIgnoreFallback ? ownIgnore(host, dir) : undefined), sink);
  };
  switch (layer.kind) {
    case 'apt':
    case 'commands':
      sink.piece(layer.items.join('') + secretTexts(layer.secrets));
      return;
    case 'pip':
      sink.piece(pipOptionsPiece(layer.options, layer.secrets));
      sink.piece(layer.packages.join(''));
      return;
    case 'requirements':
      sink.piece(pipOptionsPiece(layer.options, layer.secrets));
      sink.piece('');
      sink.bytes(layer.file, posix.basename(layer.file));
      return;
    case 'env':
      sink.piece(layer.pairs.map(([k, v]) => `${k}=${v}`).join(' '));
      return;
    case 'workdir':
      sink.piece(layer.path);
      return;
    case 'labels':
      sink.piece(layer.labels.map(([k, v]) => (k.endsWith('authors') ? `LABEL ${k}='${v}'` : `LABEL ${k}=${v}`)).join(''));
      return;
    case 'dockerignore': {
      // flyte-sdk tolerates a missing file here and hashes its path instead.
      const read = host.readFile(layer.file);
      if (read.ok || read.missing) sink.piece(read.ok ? read.bytes : layer.written);
      else sink.bytes(layer.file, layer.written);
      return;
    }
    case 'source_file': {
      const rel = ignore ? relativeInside(layer.src, ignore.dir) : undefined;
      if (!(ignore && rel !== undefined && ignore.rules.ignores(rel))) {
        sink.bytes(layer.src, posix.basename(layer.src));
        sink.piece(posix.basename(layer.src));
      }
      if (layer.dst !== '') sink.piece(layer.dst);
      return;
    }
    case 'source_folder':
      walk(host, layer.src, ignore ?? ownIgnore(host, layer.src), sink);
      sink.piece(layer.dst);
      return;
    case 'uv_project':
      sink.piece(pipOptionsPiece(layer.options, layer.secrets));
      projectPieces(layer.pyproject, layer.lock, layer.mode, true);
      return;
    case 'poetry_project':
      sink.piece((layer.extraArgs ?? '') + secretTexts(layer.secrets));
      // flyte-sdk's poetry install_project walk uses the image ignore only, with no fallback.
      projectPieces(layer.pyproject, layer.lock, layer.mode, false);
      return;
    case 'pixi_project':
      sink.piece(layer.environment + (layer.extraArgs ?? '') + secretTexts(layer.secrets));
      projectPieces(layer.manifest, layer.lock, layer.mode, true);
      return;
    case 'uv_script': {
      const { metadata } = layer;
      invariant(!metadata.hasTool && !metadata.dependencies.some((d) => d.includes('file://')), 'a uv script flyte-sdk hashes from its running process reached the flyte hash (the rule flyteTagsReproducible reports it)');
      sink.piece(`(UVScriptMetadata(requires_python=${metadata.requiresPython === undefined ? 'None' : pyRepr(metadata.requiresPython)}, dependencies=[${metadata.dependencies.map(pyRepr).join(', ')}], pyprojects=[], tool=None),)`);
      sink.piece(pipOptionsPiece(layer.options, layer.secrets));
      return;
    }
    case 'pixi_script':
      invariant(false, 'a pixi script reached the flyte hash (the rule flyteTagsReproducible reports it)');
    case 'code_bundle': {
      // Development runs strip the code bundle layer, so it does not enter the tag. Baked in (copy style
      // `none`), `loaded_modules` stays a CodeBundleLayer: `code_bundle:<style>:<dst>`, then each module file
      // (sorted by full path) as file(f); `all` was lowered to a source folder.
      if (!layer.baked) return;
      sink.piece(`code_bundle:${layer.copyStyle}:${layer.dst}`);
      for (const file of layer.baked.files) {
        if (isIgnored(ignore, file)) continue;
        sink.bytes(file, posix.relative(layer.baked.rootDir, file));
        sink.piece(posix.basename(file));
      }
      return;
    }
  }
}

/**
 * flyte-sdk's walk: `os.walk` top-down (files sorted by name, then sub-directories in the file system's own
 * order), not into links to directories nor into excluded directories, and a link to a file only if the
 * image copies it. Not flyte-sdk's behaviour, but its tag would change on every compile: flyimgc's own
 * outputs are skipped (files/walk.ts does that for every walk).
 */
function walk(host: HostFiles, root: string, ignore: FlyteIgnore | undefined, sink: Sink): void {
  const at = (rel: string) => posix.join(root, rel);
  const rules: IgnoreRules = {
    patterns: [],
    invalid: [],
    ignores: (rel) => isIgnored(ignore, at(rel)),
    decidingPattern: () => undefined,
  };
  const found = walkTree(host, root, {
    ignore: rules,
    boundary: sink.containment.boundary,
    allowOutside: sink.containment.allowOutside,
    order: 'os.walk',
    skipDirectoryLinks: true,
    searchExcluded: false,
  });
  for (const file of found.files) {
    sink.bytes(at(file.path), file.path);
    sink.piece(file.path.replace(/\//g, ''));
  }
}

function isIgnored(ignore: FlyteIgnore | undefined, path: string): boolean {
  if (!ignore) return false;
  const rel = relativeInside(path, ignore.dir);
  // flyte-sdk never excludes the .dockerignore file itself.
  return rel !== undefined && posix.basename(rel) !== '.dockerignore' && ignore.rules.ignores(rel);
}

/** The rules lowering already vetted (containment, readable) are the ones read here, case-insensitively. */
function ownIgnore(host: HostFiles, dir: string): FlyteIgnore | undefined {
  const file = readIgnoreFile(host, posix.join(dir, '.dockerignore'), { root: undefined, ignoreCase: true });
  return file.kind === 'rules' && file.rules !== NO_IGNORE_RULES ? { rules: file.rules, dir } : undefined;
}

function relativeInside(path: string, dir: string): string | undefined {
  const rel = posix.relative(dir, path);
  return rel === '' || rel.startsWith('..') ? undefined : rel;
}

function pipOptionsPiece(options: FlytePipOptions, secrets: readonly DeclaredSecret[]): string {
  return (options.indexUrl ?? '') + options.extraIndexUrls.join('') + (options.pre ? 'True' : '') + (options.extraArgs ?? '') + secretTexts(secrets);
}

/** A string secret contributes itself; a Secret, Python's repr of it. */
function secretTexts(secrets: readonly DeclaredSecret[]): string {
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
