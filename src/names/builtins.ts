/** Names every `.flyimg` file can use without defining them: flyte-sdk's `Image`, `Secret` and `Path`. */
export const BUILTIN_NAMES: readonly string[] = ['Image', 'Path', 'Secret'];
