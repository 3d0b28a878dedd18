import { diag } from '../../diagnostics/codes.js';
import { shellSplit } from '../../util/shell.js';
import type { RuleContext } from '../context.js';
import { LayerIndex } from '../layerIndex.js';
import type { LayerValue } from '../model.js';

/** The virtualenv the generated preamble creates and puts first on PATH. */
const PREAMBLE_BIN = '/opt/venv/bin';

/**
 * flyte installed with another environment's pip (`/opt/conda/bin/pip install flyte`) lands outside the
 * virtualenv that the generated preamble puts first on PATH, unless the image puts that environment first
 * again: `python` in the built image then cannot import flyte (seen with the BYOI guide's conda recipe).
 */
export function flyteOnPath(ctx: RuleContext): void {
  const reported = new Set<unknown>();
  // Both kinds of layer are rare: an image's are found in time proportional to its own new layers.
  const { installing, settingPath } = ctx.cached(flyteOnPath, () => ({
    installing: new LayerIndex((l) => l.kind === 'commands' && l.commands.some((c) => flyteInstallingPip(c.value) !== undefined)),
    settingPath: new LayerIndex((l) => l.kind === 'env' && l.pairs.some(([k]) => k.value === 'PATH')),
  }));
  for (const { image } of ctx.images) {
    if (!image.cloned || image.dockerfile) continue;
    for (const layer of installing.of(image.layers)) {
      if (layer.kind !== 'commands') continue;
      for (const command of layer.commands) {
        if (reported.has(command)) continue;
        const pip = flyteInstallingPip(command.value);
        if (!pip || pip.binDir === PREAMBLE_BIN || pathStartsWith(settingPath.of(image.layers), pip.binDir)) continue;
        reported.add(command);
        ctx.report(diag.flyteInstalledOutsidePath(command.span, pip.program, pip.binDir));
      }
    }
  }
}

/** `<dir>/bin/pip install ... flyte...` or `<dir>/bin/python -m pip install ... flyte...`, in any `&&`/`;` part. */
function flyteInstallingPip(command: string): { program: string; binDir: string } | undefined {
  const words = shellSplit(command) ?? command.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const match = /^(\/.*\/bin)\/(pip[0-9.]*|python[0-9.]*)$/.exec(word);
    if (!match) continue;
    let at = i + 1;
    if (match[2]!.startsWith('python')) {
      if (words[at] !== '-m' || words[at + 1] !== 'pip') continue;
      at += 2;
    }
    if (words[at] !== 'install') continue;
    for (let j = at + 1; j < words.length && !['&&', ';', '||', '|'].includes(words[j]!); j++) {
      if (/^flyte(?:$|[<>=!~;[ @])/i.test(words[j]!)) return { program: match[2]!.startsWith('python') ? `${word} -m pip` : word, binDir: match[1]! };
    }
  }
  return undefined;
}

/** Whether an `ENV PATH=<dir>:...` of the image puts `dir` first (ENV applies to the whole image). */
function pathStartsWith(layers: readonly LayerValue[], dir: string): boolean {
  return layers.some((l) => l.kind === 'env' && l.pairs.some(([k, v]) => k.value === 'PATH' && v.value.split(':')[0]!.replace(/\/$/, '') === dir));
}
