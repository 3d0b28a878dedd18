/**
 * Names every `.flyimg` file can use without defining them: flyte-sdk's `Image`, `Secret` and `Path`,
 * and, so that pasted code keeps working, `pathlib` (for `pathlib.Path`) and `__file__` (this file, so
 * `Path(__file__).parent` is its directory).
 */
export const BUILTIN_NAMES: readonly string[] = ['Image', 'Path', 'Secret', '__file__', 'pathlib'];
