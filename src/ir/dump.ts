/** The layer IR as stable, readable JSON, for `--dump-ir` and golden tests. */
import type { ImageIR } from './ir.js';

export function dumpIr(images: readonly ImageIR[]): string {
  const shown = images.map((ir) => ({
    ...ir,
    binding: `${ir.binding.file}:${ir.binding.name}`,
    context: ir.context.map((f) => `${f.path}${f.executable ? ' (executable)' : ''} ← ${'text' in f ? '(generated)' : f.from}`),
  }));
  return `${JSON.stringify(shown, null, 2)}\n`;
}
