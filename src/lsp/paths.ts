/**
 * Document URIs ↔ the paths the compiler sees. Files under the workspace root get the same display paths
 * as `flyimgc check` run there (relative, `/`), so messages read the same in the editor and on the command
 * line; a document that is not a file (an untitled one) gets a path of its own under `.untitled/`.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toDisplayPath } from '../util/displayPath.js';

export class PathMapper {
  private readonly virtual = new Map<string, string>();
  private readonly virtualUris = new Map<string, string>();

  constructor(readonly root: string) {}

  toPath(uri: string): string {
    if (uri.startsWith('file:')) return toDisplayPath(fileURLToPath(uri), this.root);
    let known = this.virtual.get(uri);
    if (!known) {
      known = `.untitled/${this.virtual.size + 1}-${uri.replace(/[^A-Za-z0-9_.-]+/g, '_')}${uri.endsWith('.flyimg') ? '' : '.flyimg'}`;
      this.virtual.set(uri, known);
      this.virtualUris.set(known, uri);
    }
    return known;
  }

  toUri(displayPath: string): string {
    return this.virtualUris.get(displayPath) ?? pathToFileURL(path.resolve(this.root, displayPath)).href;
  }

  /** The absolute path on disk of a display path (for the workspace's file list). */
  absolute(displayPath: string): string {
    return path.resolve(this.root, displayPath);
  }
}
