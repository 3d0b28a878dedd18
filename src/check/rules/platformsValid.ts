import { diag } from '../../diagnostics/codes.js';
import { didYouMean } from '../../util/didYouMean.js';
import type { RuleContext } from '../context.js';
import { LayerIndex } from '../layerIndex.js';

/** The platforms BuildKit builds for; others are refused with a suggestion. */
export const KNOWN_PLATFORMS: readonly string[] = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
];
export const PIXI_PLATFORMS: readonly string[] = ['linux/amd64', 'linux/arm64'];
const ALIASES: Readonly<Record<string, string>> = { 'linux/x86_64': 'linux/amd64', 'linux/aarch64': 'linux/arm64', amd64: 'linux/amd64', arm64: 'linux/arm64' };

/** At least one platform; every platform is one BuildKit knows; pixi images only those pixi can solve for. */
export function platformsValid(ctx: RuleContext): void {
  const reported = new Set<unknown>();
  const pixiProjects = ctx.cached(platformsValid, () => new LayerIndex((l) => l.kind === 'pixi_project'));
  for (const { image } of ctx.images) {
    const platforms = image.platforms;
    if (reported.has(platforms)) continue;
    reported.add(platforms);
    if (platforms.value.length === 0) ctx.report(diag.emptyPlatforms(platforms.span));
    platforms.value.forEach((platform, i) => {
      const span = platforms.itemSpans?.[i] ?? platforms.span;
      if (!KNOWN_PLATFORMS.includes(platform)) {
        const alias = ALIASES[platform];
        const others = KNOWN_PLATFORMS.filter((p) => !platforms.value.includes(p));
        ctx.report(diag.invalidPlatform(span, platform, alias ? `did you mean \`${alias}\`?` : didYouMean(platform, others)));
      } else if ((image.origin.kind === 'pixi_script' || pixiProjects.some(image.layers)) && !PIXI_PLATFORMS.includes(platform)) {
        ctx.report(diag.pixiPlatform(span, platform));
      }
    });
  }
}
