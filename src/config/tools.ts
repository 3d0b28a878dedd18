/** The tool images the generated Dockerfiles copy uv and pixi from (`[tools]` in flyimg.toml overrides them). */
export interface ToolImages {
  readonly uv: string;
  readonly pixi: string;
}

/** flyte-sdk's pinned versions (uv 0.8.13, pixi 0.72.2). */
export const DEFAULT_TOOL_IMAGES: ToolImages = { uv: 'ghcr.io/astral-sh/uv:0.8.13', pixi: 'ghcr.io/prefix-dev/pixi:0.72.2' };
