/** Platforms as registries and builders spell them (`linux/arm64/v8`), normalised as containerd's matcher does. */

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

const ARCH_ALIASES: Readonly<Record<string, Platform['architecture']>> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  i386: '386',
  i686: '386',
};
/** What an absent variant means, as containerd's platform matcher has it. */
const DEFAULT_VARIANTS: Readonly<Record<string, string>> = { arm64: 'v8', arm: 'v7', amd64: 'v1' };

/** `linux/amd64`, `linux/arm64/v8`, `linux/arm/7`; undefined when it is not of that shape. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) return undefined;
  const [os, arch, variant] = parts as [string, string, string | undefined];
  return normalizePlatform({ os, architecture: arch, ...(variant !== undefined ? { variant } : {}) });
}

export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os.toLowerCase();
  let architecture = platform.architecture.toLowerCase();
  let variant = platform.variant?.toLowerCase();
  if (architecture === 'armhf') [architecture, variant] = ['arm', variant ?? 'v7'];
  if (architecture === 'armel') [architecture, variant] = ['arm', variant ?? 'v6'];
  architecture = ARCH_ALIASES[architecture] ?? architecture;
  if (variant && /^\d+$/.test(variant)) variant = `v${variant}`;
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/** Whether an image built for `available` serves a request for `wanted`. */
export function platformMatches(wanted: Platform, available: Platform): boolean {
  const a = normalizePlatform(wanted);
  const b = normalizePlatform(available);
  if (a.os !== b.os || a.architecture !== b.architecture) return false;
  const fallback = DEFAULT_VARIANTS[a.architecture] ?? '';
  return (a.variant ?? fallback) === (b.variant ?? fallback);
}
