/**
 * Reading a `.dockerignore` file: the one way every pass (context walk, v1 hash, flyte hash) gets its
 * rules, with the project's containment rule and the text-input bound applied the same way for all.
 */
import { TEXT_INPUT_LIMIT, type HostFiles } from '../host.js';
import { parseDockerignore, type IgnoreRules } from './dockerignore.js';
import { linkOutOf } from './project.js';

export type IgnoreFile =
  | { readonly kind: 'absent' }
  /** A symbolic link out of the project: not read. */
  | { readonly kind: 'linked-out' }
  /** It exists but cannot be used (a FIFO, a device, too large, no permission). */
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** `text`: as decoded, so that a diagnostic can point into it. */
  | { readonly kind: 'rules'; readonly rules: IgnoreRules; readonly text: string };

export interface IgnoreFileOptions {
  /** The project root the file must stay in; undefined: no containment (`--allow-outside-project`). */
  readonly root: string | undefined;
  /** Only flyte-sdk's bug-compatible hash matches case-insensitively (docker-py does). */
  readonly ignoreCase?: boolean;
}

export function readIgnoreFile(host: HostFiles, path: string, options: IgnoreFileOptions): IgnoreFile {
  if (host.stat(path) === undefined) return { kind: 'absent' };
  if (options.root !== undefined && linkOutOf(host, path, options.root) !== undefined) return { kind: 'linked-out' };
  const read = host.readFile(path, { maxBytes: TEXT_INPUT_LIMIT });
  if (!read.ok) return read.missing ? { kind: 'absent' } : { kind: 'unreadable', reason: read.reason };
  const text = new TextDecoder().decode(read.bytes);
  return { kind: 'rules', rules: parseDockerignore(text, { ...(options.ignoreCase ? { ignoreCase: true } : {}) }), text };
}
