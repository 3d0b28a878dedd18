/** `--flyte-config FILE` / `[flyte] config`: the built URIs written into a flyte config.yaml, atomically. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { Manifest } from '../emit/manifest.js';
import { imageRefsOf, updateImageRefs } from '../flyteConfig/imageRefs.js';
import type { Setting } from '../config/load.js';

/** Which file to update: the command line's, else the project's `[flyte] config`; none when neither. */
export function flyteConfigTarget(flag: string | undefined, setting: Setting | undefined): { path: string; setting?: Setting } | undefined {
  if (flag !== undefined) return { path: flag };
  return setting ? { path: setting.value, setting } : undefined;
}

/** Reads and updates the file in memory: every problem is known before any output is written. */
export function prepareFlyteConfig(cwd: string, target: { path: string; setting?: Setting }, manifest: Manifest): { ok: true; write: () => Diagnostic | undefined; refs: number } | { ok: false; diagnostic: Diagnostic } {
  const file = path.resolve(cwd, target.path);
  const fail = (reason: string) => diag.invalidFlyteConfig(target.setting?.span, target.path, reason);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, diagnostic: fail(`it cannot be read (${(error as Error).message})`) };
  }
  const update = updateImageRefs(text, imageRefsOf(manifest));
  if (!update.ok) return { ok: false, diagnostic: fail(update.reason) };
  const write = () => {
    try {
      const temp = `${file}.flyimgc-${process.pid}.tmp`;
      fs.writeFileSync(temp, update.text);
      fs.renameSync(temp, file);
      return undefined;
    } catch (error) {
      return fail(`it cannot be written (${(error as Error).message})`);
    }
  };
  return { ok: true, write, refs: update.refs.length };
}
