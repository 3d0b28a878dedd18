/**
 * Reading flyte-sdk's own outputs (`../shared/flyte-oracle/out/<spec>/`) and comparing Dockerfiles the way a
 * builder reads them: instruction by instruction, as a real Dockerfile parser (dockerfile-ast) sees each one.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { HostFiles } from '../../src/host.js';

export interface OracleOutput {
  readonly spec: string;
  readonly dockerfile?: string;
  /** `path<TAB>size` lines of the build context flyte-sdk prepared, without its Dockerfile. */
  readonly context?: readonly string[];
  readonly error?: string;
  readonly meta: {
    readonly final_tag?: string;
    readonly uri?: string;
    /** For a ref resolved without a build: the URI `flyte deploy` uses. */
    readonly deploy_uri?: string;
    readonly errors: readonly { readonly type: string; readonly message: string; readonly stage?: string }[];
    readonly hash_update_stream?: { readonly updates: readonly { readonly len: number; readonly text: string }[] };
  };
}

export function readOracle(dir: string, spec: string): OracleOutput {
  const at = (name: string) => join(dir, spec, name);
  const text = (name: string) => (existsSync(at(name)) ? readFileSync(at(name), 'utf8') : undefined);
  const context = text('context.txt')
    ?.split('\n')
    .filter((l) => l !== '' && !l.startsWith('Dockerfile\t'));
  const dockerfile = text('Dockerfile');
  const error = text('error.txt');
  return { spec, meta: JSON.parse(text('meta.json')!), ...(dockerfile !== undefined ? { dockerfile } : {}), ...(context ? { context } : {}), ...(error !== undefined ? { error } : {}) };
}

/** One instruction as the parser reads it: keyword, flags, then arguments (ENV/LABEL: its `key=value` pairs, unquoted). */
export function readInstructions(text: string): string[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => describe(i));
}

function describe(i: Instruction): string {
  const keyword = i.getKeyword();
  if (keyword === 'ENV' || keyword === 'LABEL') {
    const props = (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
    return `${keyword} ${props.map((p) => `${p.getName()}=${p.getValue() ?? ''}`).join(' ')}`;
  }
  const flags = (i as unknown as { getFlags?(): { toString(): string }[] }).getFlags?.() ?? [];
  const args = i.getArguments().map((a) => a.getValue());
  return [keyword, ...flags.map((f) => f.toString()), ...args].join(' ');
}

/**
 * A host whose raw directory order (what flyte-sdk's `os.walk` sees) is the order flyte-sdk walked when it
 * made the oracle, read back from its md5 stream: each directory's entries in the order their first file was
 * hashed. ext4 returns entries in an order seeded per file system, so a checkout's own order means nothing.
 */
export function withOracleWalkOrder(host: HostFiles, root: string, stream: readonly { readonly text: string }[]): HostFiles {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = dir === '' ? name : `${dir}/${name}`;
      if (statSync(join(root, path)).isDirectory()) visit(path);
      else files.push(path);
    }
  };
  visit('');
  const firstSeen = new Map<string, number>();
  stream.forEach((u, index) => {
    // flyte-sdk hashes each walked file's path relative to the walk root with its `/` removed.
    for (const file of files) {
      const parts = file.split('/');
      for (let start = 0; start < parts.length; start++) {
        if (parts.slice(start).join('') !== u.text) continue;
        for (let depth = 1; depth <= parts.length; depth++) {
          const prefix = parts.slice(0, depth).join('/');
          if (!firstSeen.has(prefix)) firstSeen.set(prefix, index);
        }
      }
    }
  });
  return {
    ...host,
    listDirRaw(path: string) {
      const names = host.listDir(path);
      if (!names) return names;
      const key = (name: string) => firstSeen.get(posix.normalize(posix.join(path, name))) ?? Number.MAX_SAFE_INTEGER;
      return [...names].sort((a, b) => key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0));
    },
  };
}
