/**
 * Loads tree-sitter's Python grammar (WebAssembly, shipped inside the `tree-sitter-python` package: nothing
 * is fetched) the first time a compilation needs to read Python, and never otherwise: start-up stays fast
 * for every run that does not bake a code bundle in.
 */
import { effectiveCopyStyle, type CopyStyle } from '../codeBundle/bake.js';
import { pythonParserFrom, type PythonParser } from '../codeBundle/python.js';
import { loadProjectConfigs } from '../config/load.js';
import { findInputs, nodeHost } from './io.js';
import { loadWebTreeSitter, pythonGrammarPath } from './treeSitterFiles.js';

let loading: Promise<PythonParser> | undefined;

export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    // Its CommonJS build, through `require`: the command scripts run from V8's code cache (cli/start.ts), where
    // Node 20 loses the callback a dynamic `import()` needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
    const { Parser, Language } = loadWebTreeSitter();
    await Parser.init();
    const python = await Language.load(pythonGrammarPath());
    const parser = new Parser();
    parser.setLanguage(python);
    return pythonParserFrom(parser);
  })();
  return loading;
}

/**
 * Adds the Python parser to the options when this run may bake a code bundle in (`--copy-style none`, or
 * `[flyte] copy_style = "none"` in a project of the inputs), so that nothing else pays for loading it.
 */
export async function withPythonIfNeeded<T extends { readonly inputs: readonly string[]; readonly copyStyle?: CopyStyle }>(cwd: string, options: T): Promise<T & { python?: PythonParser }> {
  if (options.copyStyle !== undefined && options.copyStyle !== 'none') return options;
  if (options.copyStyle === undefined) {
    const config = loadProjectConfigs(findInputs(options.inputs, cwd).files, nodeHost(cwd));
    if (effectiveCopyStyle({}, config.flyte) !== 'none') return options;
  }
  return { ...options, python: await loadPythonParser() };
}
