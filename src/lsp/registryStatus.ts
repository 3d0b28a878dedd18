/**
 * "Does this image's tag exist in its registry?", for hover: asked only when the user asks (the
 * `flyimg/checkRegistry` request, behind an editor command), never while hovering, so the editor never
 * waits on the network. Answers are remembered per image reference and shown by later hovers with the
 * time they were given; `unknown` (no answer) is never shown as `exists`.
 */
import type { CheckResult } from '../registry/check.js';

/** Asks a registry about `uri` (the CLI passes the real client; see src/cli/commands/lsp.ts). */
export type RegistryChecker = (uri: string, platforms: readonly string[]) => Promise<CheckResult>;

export interface RegistryAnswer {
  readonly result: CheckResult;
  /** When the answer came, as an ISO 8601 time. */
  readonly at: string;
}

export class RegistryStatus {
  private readonly answers = new Map<string, RegistryAnswer>();

  constructor(
    private readonly checker: RegistryChecker | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(uri: string, platforms: readonly string[]): Promise<RegistryAnswer> {
    const result: CheckResult = this.checker ? await this.checker(uri, platforms).catch((error: unknown) => ({ status: 'unknown' as const, reason: String(error) })) : { status: 'unknown', reason: 'this server has no registry client' };
    const answer = { result, at: this.now().toISOString() };
    this.answers.set(uri, answer);
    return answer;
  }

  answer(uri: string): RegistryAnswer | undefined {
    return this.answers.get(uri);
  }
}

/** The hover line for an image's tag. */
export function registryLine(answer: RegistryAnswer | undefined): string {
  if (!answer) return 'Registry: not checked (run **flyimg: Check the registry for this image**, the `flyimg/checkRegistry` request)';
  const { status, reason } = answer.result;
  const time = answer.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const said = status === 'exists' ? '**exists**' : status === 'missing' ? '**missing** (not built yet)' : status === 'partial' ? '**partial** (some platforms missing)' : '**unknown** (no answer)';
  return `Registry: ${said} at ${time}${status === 'exists' ? '' : `: ${reason}`}`;
}
