import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const COMMANDS = ['check', 'compile', 'explain', 'diff', 'plan', 'build', 'fmt', 'lsp'] as const;

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = { write: (chunk: string | Uint8Array) => ((text += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)), true), isTTY: false } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { cwd: process.cwd(), env: {}, stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The options a help text lists: each `-x, --name <ARG>` of its Options section, with whether it takes a value. */
function listed(help: string): Map<string, { takesValue: boolean }> {
  const section = help.split('\nOptions:\n')[1]!.split('\n\n')[0]!;
  const found = new Map<string, { takesValue: boolean }>();
  for (const line of section.split('\n')) {
    // Only the left column names options (descriptions may mention others, e.g. "same as --builder bake").
    const left = line.startsWith('  -') ? line.slice(2).split(/ {2,}/)[0]! : '';
    for (const m of left.matchAll(/--([a-z][a-z-]*)( <[^>]*>)?/g)) found.set(m[1]!, { takesValue: m[2] !== undefined });
  }
  return found;
}

const helps = Object.fromEntries(await Promise.all(COMMANDS.map(async (c) => [c, (await run([c, '--help'])).stdout] as const)));
const everyOption = new Map(COMMANDS.flatMap((c) => [...listed(helps[c]!)]));

describe('CLI help and parsing come from one option table', () => {
  it('every command has help with options', () => {
    for (const command of COMMANDS) {
      expect(helps[command]).toContain(`Usage: flyimgc ${command}`);
      expect(listed(helps[command]!).has('help')).toBe(true);
    }
    expect(everyOption.size).toBeGreaterThan(30);
  });

  it.each(COMMANDS)('%s accepts exactly the options its help lists', async (command) => {
    const own = listed(helps[command]!);
    for (const [option, { takesValue }] of everyOption) {
      // `--help` last: an accepted option then just prints the help; an unknown one is a usage error.
      const result = await run([command, `--${option}`, ...(takesValue ? ['x'] : []), '--help']);
      expect({ option, accepted: result.code === 0 }).toEqual({ option, accepted: own.has(option) });
      if (!own.has(option)) expect(result.stderr).toContain(`Unknown option '--${option}'`);
    }
  });

  it('short options are listed with their long names', async () => {
    expect(helps['compile']).toContain('  -o, --out <DIR>');
    expect(helps['build']).toContain('  -j, --jobs <N>');
    expect((await run(['build', '-j', '2', '--help'])).code).toBe(0);
    expect((await run(['check', '-j', '2', '--help'])).code).toBe(2);
  });
});
