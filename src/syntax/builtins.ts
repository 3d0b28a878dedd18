/**
 * Names every `.flyimg` file can use without defining them: flyte-sdk's `Image`, `Secret`, `Path` and
 * `TaskEnvironment`, and, so that pasted code keeps working, the modules `flyte` (for `flyte.Image`) and
 * `pathlib` (for `pathlib.Path`), and `__file__` (this file, so `Path(__file__).parent` is its directory).
 */
export const BUILTIN_NAMES: readonly string[] = ['Image', 'Path', 'Secret', 'TaskEnvironment', '__file__', 'flyte', 'pathlib'];

/** What flyimgc understands of each module a pasted Python import may name. */
const MODULE_MEMBERS: Readonly<Record<string, readonly string[]>> = { flyte: ['Image', 'Secret', 'TaskEnvironment'], pathlib: ['Path'] };

/** Modules whose pasted imports are understood (any other is ignored with FLY1008). */
export function isKnownModule(module: string): boolean {
  return !module.startsWith('.') && Object.hasOwn(MODULE_MEMBERS, module.split('.')[0]!);
}

/**
 * The builtin a member of a module stands for: `flyte.Image` is `Image`; a member flyimgc does not
 * evaluate (`flyte.Resources`) is an opaque builtin named by its path, refused only where it is used.
 */
export function moduleMember(module: string, member: string): string {
  return MODULE_MEMBERS[module]?.includes(member) ? member : `${module}.${member}`;
}

/** flyte's functions that act (initialise, run, deploy, build): calling one is Python code, not a value. */
export const FLYTE_RUNTIME_FUNCTIONS: readonly string[] = ['init', 'init_from_config', 'init_from_api_key', 'init_in_cluster', 'with_runcontext', 'run', 'deploy', 'build', 'build_images', 'serve', 'map'];
