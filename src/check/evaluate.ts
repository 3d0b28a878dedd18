/**
 * Folds every binding into a value: literals into data, and each fluent chain into an ImageValue, call by
 * call, exactly as flyte-sdk's immutable `Image` would (every call returns a new value, so reusing an image
 * in two chains never changes it). Binding errors, wrong types and the extendability rules are reported
 * here because they depend on the order of calls; everything checkable on the result is a rule.
 */
import { posix } from 'node:path';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/codes.js';
import type { HostFiles } from '../host.js';
import type { Program } from '../names/program.js';
import type { Resolution } from '../names/resolve.js';
import type * as Ast from '../syntax/ast.js';
import { didYouMean } from '../util/didYouMean.js';
import { assertNever } from '../util/invariant.js';
import { CONSTRUCTOR_NAMES, METHOD_NAMES, PATH, SECRET, TASK_ENVIRONMENT, UNSUPPORTED_METHODS, findConstructor, findMethod, formatSignature, type Signature } from './api.js';
import { bindCall, type BoundCall, type CallArg } from './bind.js';
import { Converter, defaultSecretEnvVar } from './convert.js';
import { describeValue, type BindingRef, type EnvironmentValue, type FileArg, type ImageValue, type LayerValue, type Located, type PipOptions, type SecretValue, type Value } from './model.js';
import { moduleMember } from '../syntax/builtins.js';
import { pushAll } from '../util/pushAll.js';
import { layerCount, pushLayers } from './layers.js';

export interface EvaluateOptions {
  /** Python version of images that do not set one (flyte-sdk uses its interpreter's; `[flyte] python`). */
  readonly defaultPython: { readonly major: number; readonly minor: number };
  /**
   * The installed flyte SDK's own version (`[flyte] sdk_version`): the default image's tag, and, for a dev
   * build (`2.6.6.dev1+g…`), flyte-sdk's dev mode.
   */
  readonly flyteVersion: string;
}

export const DEFAULT_EVALUATE_OPTIONS: EvaluateOptions = { defaultPython: { major: 3, minor: 12 }, flyteVersion: '2.6.5' };

export interface BoundImage {
  readonly binding: BindingRef;
  readonly image: ImageValue;
}

export interface BoundEnvironment {
  readonly binding: BindingRef;
  readonly environment: EnvironmentValue;
  /** The binding its image is compiled under: the image's own, or the environment's for an image written in place. */
  readonly imageBinding: BindingRef;
}

export interface Model {
  readonly values: ReadonlyMap<Ast.Binding, Value>;
  /**
   * Every binding whose value is an image, files in program order, bindings in source order; the image of
   * a TaskEnvironment that is written in place comes under the environment's binding.
   */
  readonly images: readonly BoundImage[];
  /** Every binding whose value is a TaskEnvironment, in the same order. */
  readonly environments: readonly BoundEnvironment[];
}

/** A binding's value and the problems its evaluation reported. */
export interface EvaluatedBinding {
  readonly value: Value;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * For incremental analysis (src/incremental/): `prior` gives a binding's value from an earlier evaluation
 * when nothing it depends on changed; `record` receives every binding's result, for the next one.
 */
export interface EvaluationReuse {
  prior(binding: Ast.Binding, file: string, resolution: Resolution): EvaluatedBinding | undefined;
  record(binding: Ast.Binding, file: string, result: EvaluatedBinding): void;
}

export function evaluateProgram(program: Program, resolution: Resolution, host: HostFiles, options: EvaluateOptions, diagnostics: Diagnostic[], reuse?: EvaluationReuse): Model {
  const evaluator = new Evaluator(resolution, host, options, diagnostics);
  const images: BoundImage[] = [];
  const environments: BoundEnvironment[] = [];
  // Bindings are evaluated in program order (imported files first, names refer only to earlier
  // bindings), so a binding's own problems are exactly those reported while it is evaluated.
  const evaluate = (statement: Ast.Binding, file: string): Value => {
    if (!reuse) return evaluator.binding(statement, file);
    const prior = reuse.prior(statement, file, resolution);
    if (prior) {
      evaluator.values.set(statement, prior.value);
      pushAll(diagnostics, prior.diagnostics);
      reuse.record(statement, file, prior);
      return prior.value;
    }
    const from = diagnostics.length;
    const value = evaluator.binding(statement, file);
    reuse.record(statement, file, { value, diagnostics: diagnostics.slice(from) });
    return value;
  };
  for (const file of program.files.values()) {
    for (const statement of file.ast.statements) {
      if (statement.kind !== 'Binding') continue;
      const value = evaluate(statement, file.path);
      const binding: BindingRef = { file: file.path, name: statement.name.name, span: statement.name.span };
      if (value.kind === 'image') images.push({ binding, image: value.image });
      if (value.kind !== 'environment') continue;
      const environment = value.environment;
      if (!environment.imageBinding) images.push({ binding, image: environment.image });
      environments.push({ binding, environment, imageBinding: environment.imageBinding ?? binding });
    }
  }
  return { values: evaluator.values, images, environments };
}

const DEFAULT_PLATFORMS = ['linux/amd64', 'linux/arm64'];

/**
 * The image without its preset tag: itself when it has none (most do). Object rest (`{ presetTag, ...rest }`)
 * costs about eight times a spread, and this runs for every layer call of a program.
 */
function withoutPresetTag(image: ImageValue): ImageValue {
  if (!('presetTag' in image)) return image;
  const { presetTag: _dropped, ...rest } = image;
  return rest;
}
/** Path methods whose result is a path: here, where paths are relative to the .flyimg file, a normalised one. */
const PATH_METHODS: readonly string[] = ['resolve', 'absolute'];
/** flyte-sdk's TaskEnvironment fields in order (a dataclass: they can be given by position). */
const ENVIRONMENT_FIELDS: readonly string[] = ['name', 'depends_on', 'pod_template', 'description', 'secrets', 'env_vars', 'resources', 'interruptible', 'image'];
const AMD64 = ['linux/amd64'];
const FLYTE_USER_COMMAND =
  'if ! id -u flyte >/dev/null 2>&1; then useradd --create-home --shell /bin/bash flyte; fi && mkdir -p /home/flyte && chown -R flyte:flyte /home/flyte && chown -R flyte:flyte /root';

class Evaluator {
  readonly values = new Map<Ast.Binding, Value>();
  private readonly bindingFiles = new Map<Ast.Binding, string>();
  private readonly convert: Converter;

  constructor(
    private readonly resolution: Resolution,
    private readonly host: HostFiles,
    private readonly options: EvaluateOptions,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.convert = new Converter(diagnostics);
  }

  binding(binding: Ast.Binding, file: string): Value {
    const known = this.values.get(binding);
    if (known) return known;
    this.bindingFiles.set(binding, file);
    // Imports are acyclic and names refer only to earlier bindings, so this recursion terminates.
    this.values.set(binding, { kind: 'error', span: binding.span });
    const value = this.expr(binding.value, file);
    this.values.set(binding, value);
    return value;
  }

  private expr(expr: Ast.Expr, file: string): Value {
    switch (expr.kind) {
      case 'Str':
        if (expr.unterminated) return { kind: 'error', span: expr.span };
        if (expr.unsupportedPrefix) {
          this.diagnostics.push(diag.unsupportedStringPrefix(expr.unsupportedPrefix.span, expr.unsupportedPrefix.prefix));
          return { kind: 'error', span: expr.span };
        }
        return { kind: 'str', value: expr.value, span: expr.span };
      case 'Num':
        return expr.isInteger ? { kind: 'int', value: expr.value, span: expr.span } : { kind: 'float', text: expr.text, span: expr.span };
      case 'Bool':
        return { kind: 'bool', value: expr.value, span: expr.span };
      case 'None':
        return { kind: 'none', span: expr.span };
      case 'Tuple':
      case 'List':
        return { kind: expr.kind === 'Tuple' ? 'tuple' : 'list', items: expr.items.map((i) => this.expr(i, file)), span: expr.span };
      case 'Dict':
        return { kind: 'dict', entries: expr.entries.map((e) => [this.expr(e.key, file), this.expr(e.value, file)] as const), span: expr.span };
      case 'Missing':
        return { kind: 'error', span: expr.span };
      case 'Name':
        return this.name(expr);
      case 'Member':
        return this.member(expr, file);
      case 'Call':
        return this.call(expr, file);
      case 'PathJoin':
        return this.pathJoin(expr, file);
      default:
        return assertNever(expr);
    }
  }

  private name(expr: Ast.Name): Value {
    const referent = this.resolution.referents.get(expr);
    if (!referent) return { kind: 'error', span: expr.span };
    if (referent.kind === 'builtin') {
      if (referent.name === '__file__') return { kind: 'path', value: posix.basename(expr.span.file), span: expr.span, relativeTo: expr.span.file };
      return { kind: 'builtin', name: referent.name, span: expr.span };
    }
    const value = this.binding(referent.binding, referent.file);
    if (value.kind !== 'image') return { ...value, span: expr.span } as Value;
    const binding: BindingRef = { file: referent.file, name: referent.binding.name.name, span: referent.binding.name.span };
    return { kind: 'image', image: { ...value.image, derivedFrom: { binding, sharedLayers: layerCount(value.image.layers) } }, span: expr.span };
  }

  private member(expr: Ast.Member, file: string): Value {
    const object = this.expr(expr.object, file);
    const name = expr.property.name;
    const nameSpan = expr.property.span;
    if (object.kind === 'error' || name === '') return { kind: 'error', span: expr.span };
    if (object.kind === 'builtin' && object.name === 'Image') {
      if (findConstructor(name)) return { kind: 'callable', owner: 'Image', name, span: expr.span, nameSpan };
      const help = findMethod(name) ? `\`${name}\` is a method of an image: call it on one, e.g. \`Image.from_debian_base(...).${name}(...)\`` : didYouMean(name, CONSTRUCTOR_NAMES);
      this.diagnostics.push(diag.unknownConstructor(nameSpan, name, help));
      return { kind: 'error', span: expr.span };
    }
    // `flyte.Image`, `pathlib.Path`; another member of a module is opaque, refused only where it is used.
    if (object.kind === 'builtin' && (object.name === 'flyte' || object.name === 'pathlib' || object.name.includes('.'))) {
      return { kind: 'builtin', name: object.name.includes('.') ? `${object.name}.${name}` : moduleMember(object.name, name), span: expr.span };
    }
    if (object.kind === 'path' && name === 'parent') return { kind: 'path', value: parentOf(object.value), span: expr.span, ...(object.relativeTo ? { relativeTo: object.relativeTo } : {}) };
    if (object.kind === 'image') {
      if (findMethod(name)) return { kind: 'callable', owner: 'image', name, image: object.image, span: expr.span, nameSpan };
      if (UNSUPPORTED_METHODS.includes(name)) this.diagnostics.push(diag.unsupportedMethod(nameSpan, name));
      else this.diagnostics.push(diag.unknownMethod(nameSpan, name, findConstructor(name) ? `\`${name}\` is a constructor: write \`Image.${name}(...)\`` : didYouMean(name, METHOD_NAMES)));
      return { kind: 'error', span: expr.span };
    }
    this.diagnostics.push(diag.notCallable(nameSpan, describeValueForMessage(object), `has no attribute \`${name}\``));
    return { kind: 'error', span: expr.span };
  }

  private pathJoin(expr: Ast.PathJoin, file: string): Value {
    const left = this.expr(expr.left, file);
    const right = this.expr(expr.right, file);
    if (left.kind === 'error' || right.kind === 'error') return { kind: 'error', span: expr.span };
    const isText = (v: Value) => v.kind === 'str' || v.kind === 'path';
    if (!isText(left) || !isText(right) || (left.kind !== 'path' && right.kind !== 'path')) {
      this.diagnostics.push(diag.notCallable(expr.span, 'the `/` operator', 'joins paths: one side must be a Path(...), the other a Path or a string'));
      return { kind: 'error', span: expr.span };
    }
    const l = (left as { value: string }).value;
    const r = (right as { value: string }).value;
    const relativeTo = left.kind === 'path' ? left.relativeTo : undefined;
    return { kind: 'path', value: r.startsWith('/') ? r : posix.join(l, r), span: expr.span, ...(relativeTo ? { relativeTo } : {}) };
  }

  private call(expr: Ast.Call, file: string): Value {
    const pathMethod = this.pathMethod(expr, file);
    if (pathMethod) return pathMethod;
    const callee = this.expr(expr.callee, file);
    if (callee.kind === 'builtin' && callee.name === 'TaskEnvironment') return this.environment(expr, file);
    // `flyte.Resources(cpu=1)`, `flyte.ReusePolicy(...)`: values for what a TaskEnvironment ignores. They are
    // not evaluated (nor their arguments); used where an image needs a value, they are a wrong type.
    if (callee.kind === 'builtin' && callee.name.includes('.')) return { kind: 'builtin', name: `${callee.name}(...)`, span: expr.span };
    // Two object literals rather than a spread of a conditional one (which V8 copies through a slow path).
    const args: CallArg[] = expr.args.map((a) =>
      a.kind === 'Keyword' ? { keyword: { name: a.name.name, span: a.name.span }, value: this.expr(a.value, file), span: a.span } : { value: this.expr(a.value, file), span: a.span },
    );
    if (callee.kind === 'error') return { kind: 'error', span: expr.span };
    if (callee.kind === 'builtin') {
      if (callee.name === 'Secret') return this.secret(expr, args);
      if (callee.name === 'Path') return this.pathCall(expr, args);
      this.diagnostics.push(diag.notCallable(expr.span, '`Image`', 'cannot be called directly: start from a constructor such as `Image.from_debian_base(...)`'));
      return { kind: 'error', span: expr.span };
    }
    if (callee.kind !== 'callable') {
      this.diagnostics.push(diag.notCallable(expr.callee.span, describeValueForMessage(callee), 'cannot be called'));
      return { kind: 'error', span: expr.span };
    }
    const call: CallSite = { span: expr.span, nameSpan: callee.nameSpan, file };
    if (callee.owner === 'Image') {
      const sig = findConstructor(callee.name)!;
      const bound = bindCall(sig, `Image.${sig.name}`, call.nameSpan, args, this.diagnostics);
      if (!bound.ok) return { kind: 'error', span: expr.span };
      const image = this.construct(sig.name, bound, call);
      return image ? { kind: 'image', image, span: expr.span } : { kind: 'error', span: expr.span };
    }
    const sig = findMethod(callee.name)!;
    const image = callee.image!;
    const before = this.diagnostics.length;
    const bound = bindCall(sig, sig.name, call.nameSpan, args, this.diagnostics);
    // After a binding error the chain goes on with the image unchanged, so later calls are still checked,
    // but quietly about what the broken call was meant to change.
    if (!bound.ok) return { kind: 'image', image: { ...image, quiet: true }, span: expr.span };
    const next = sig.name === 'clone' ? this.clone(image, bound, call) : this.addLayers(image, sig, bound, call);
    return { kind: 'image', image: this.diagnostics.length > before ? { ...next, quiet: true } : next, span: expr.span };
  }

  /**
   * `path.resolve()` and `path.absolute()`: paths are already relative to the .flyimg file, so resolving
   * one only normalises it; whether it lies inside the project is checked like any path (FLY5003).
   */
  private pathMethod(expr: Ast.Call, file: string): Value | undefined {
    const callee = expr.callee;
    if (callee.kind !== 'Member' || !PATH_METHODS.includes(callee.property.name)) return undefined;
    const object = this.expr(callee.object, file);
    if (object.kind !== 'path') return object.kind === 'error' ? { kind: 'error', span: expr.span } : undefined;
    if (expr.args.length > 0) {
      this.diagnostics.push(diag.tooManyArguments(expr.args[0]!.span, callee.property.name, 0, `${callee.property.name}()`, []));
      return { kind: 'error', span: expr.span };
    }
    return { ...object, value: posix.normalize(object.value), span: expr.span };
  }

  /**
   * `TaskEnvironment(name, depends_on, ..., image=...)`: only `name`, `image` and `depends_on` concern
   * images; every other argument (resources, secrets, cache...) is accepted and never evaluated.
   */
  private environment(expr: Ast.Call, file: string): Value {
    const given = new Map<string, Ast.Arg>();
    expr.args.forEach((arg, index) => {
      const name = arg.kind === 'Keyword' ? arg.name.name : ENVIRONMENT_FIELDS[index];
      if (name && !given.has(name)) given.set(name, arg);
    });
    const nameArg = given.get('name');
    if (!nameArg) {
      this.diagnostics.push(diag.missingArgument(expr.span, 'name', 'TaskEnvironment', formatSignature(TASK_ENVIRONMENT)));
      return { kind: 'error', span: expr.span };
    }
    const name = this.convert.str(this.expr(nameArg.value, file), 'name');
    const image = this.environmentImage(given.get('image'), expr, file);
    const dependsOn = this.dependsOn(given.get('depends_on'), file);
    if (!name || !image || !dependsOn) return { kind: 'error', span: expr.span };
    const environment: EnvironmentValue = { name, image: image.image, ...(image.binding ? { imageBinding: image.binding } : {}), dependsOn, span: expr.span };
    return { kind: 'environment', environment, span: expr.span };
  }

  private environmentImage(arg: Ast.Arg | undefined, call: Ast.Call, file: string): { image: ImageValue; binding?: BindingRef } | undefined {
    const site: CallSite = { span: call.span, nameSpan: call.callee.span, file };
    const noArgs: BoundCall = { args: new Map(), varargs: [], ok: true };
    const value = arg ? this.expr(arg.value, file) : undefined;
    if (!value || value.kind === 'none' || (value.kind === 'str' && value.value === 'auto')) {
      // flyte-sdk: "auto" is the default image, `Image.from_debian_base()`.
      return { image: this.construct('from_debian_base', noArgs, { ...site, nameSpan: value?.span ?? site.nameSpan })! };
    }
    if (value.kind === 'str') {
      const bound: BoundCall = { args: new Map([['image_uri', { value, span: value.span }]]), varargs: [], ok: true };
      const image = this.construct('from_base', bound, { ...site, nameSpan: value.span });
      return image ? { image } : undefined;
    }
    if (value.kind === 'image') {
      const written = arg!.value;
      const referent = written.kind === 'Name' ? this.resolution.referents.get(written) : undefined;
      if (referent?.kind === 'binding') return { image: value.image, binding: { file: referent.file, name: referent.binding.name.name, span: referent.binding.name.span } };
      return { image: value.image };
    }
    if (value.kind !== 'error') this.diagnostics.push(diag.wrongType(value.span, 'image', 'an Image, an image reference string or "auto"', describeValue(value)));
    return undefined;
  }

  private dependsOn(arg: Ast.Arg | undefined, file: string): Located<string>[] | undefined {
    if (!arg) return [];
    const value = this.expr(arg.value, file);
    if (value.kind === 'none') return [];
    if (value.kind === 'error') return undefined;
    if (value.kind !== 'list' && value.kind !== 'tuple') {
      this.diagnostics.push(diag.wrongType(value.span, 'depends_on', 'a list of TaskEnvironments', describeValue(value)));
      return undefined;
    }
    const names: Located<string>[] = [];
    for (const item of value.items) {
      if (item.kind === 'environment') names.push({ value: item.environment.name.value, span: item.span });
      else if (item.kind !== 'error') {
        this.diagnostics.push(diag.wrongType(item.span, 'depends_on', 'a list of TaskEnvironments', describeValue(item)));
        return undefined;
      } else return undefined;
    }
    return names;
  }

  private secret(expr: Ast.Call, args: readonly CallArg[]): Value {
    const bound = bindCall(SECRET, 'Secret', expr.span, args, this.diagnostics);
    if (!bound.ok) return { kind: 'error', span: expr.span };
    const a = new Args(bound);
    const key = a.value('key', (v) => this.convert.str(v, 'key'));
    if (!key) return { kind: 'error', span: expr.span };
    // flyte-sdk treats an empty group, mount or variable name as not given.
    const given = <T extends { value: string }>(v: T | undefined) => (v && v.value !== '' ? v : undefined);
    const group = given(a.value('group', (v) => this.convert.str(v, 'group')));
    const mount = given(a.value('mount', (v) => this.convert.str(v, 'mount')));
    const asEnvVar = given(a.value('as_env_var', (v) => this.convert.str(v, 'as_env_var')));
    const secret: SecretValue = {
      key: key.value,
      ...(group ? { group: group.value } : {}),
      ...(mount ? { mount: mount.value } : {}),
      ...(asEnvVar ? { asEnvVar: asEnvVar.value } : !mount ? { asEnvVar: defaultSecretEnvVar(key.value, group?.value) } : {}),
      fromString: false,
      span: expr.span,
    };
    return { kind: 'secret', secret, span: expr.span };
  }

  private pathCall(expr: Ast.Call, args: readonly CallArg[]): Value {
    const bound = bindCall(PATH, 'Path', expr.span, args, this.diagnostics);
    if (!bound.ok) return { kind: 'error', span: expr.span };
    const arg = bound.args.get('path')?.value;
    const text = new Args(bound).value('path', (v) => this.convert.path(v, 'path'));
    const relativeTo = arg?.kind === 'path' ? arg.relativeTo : undefined;
    return text ? { kind: 'path', value: text.value, span: expr.span, ...(relativeTo ? { relativeTo } : {}) } : { kind: 'error', span: expr.span };
  }

  // ── constructors ──────────────────────────────────────────────────────────

  private construct(name: string, bound: BoundCall, call: CallSite): ImageValue | undefined {
    const a = new Args(bound);
    const origin = { span: call.nameSpan };
    switch (name) {
      case 'from_base': {
        const uri = a.value('image_uri', (v) => this.convert.str(v, 'image_uri'));
        if (!uri) return undefined;
        return {
          origin: { kind: 'base', ...origin },
          base: uri,
          platforms: { value: AMD64, span: call.nameSpan },
          python: this.options.defaultPython,
          extendable: false,
          notExtendable: { span: call.nameSpan, what: 'Image.from_base' },
          cloned: false,
          layers: undefined,
        };
      }
      case 'from_ref_name': {
        const ref = a.value('name', (v) => this.convert.str(v, 'name')) ?? { value: 'default', span: call.nameSpan };
        return {
          origin: { kind: 'ref', ...origin },
          refName: ref,
          name: ref,
          platforms: { value: AMD64, span: call.nameSpan },
          python: this.options.defaultPython,
          extendable: false,
          notExtendable: { span: call.nameSpan, what: 'Image.from_ref_name' },
          cloned: false,
          layers: undefined,
        };
      }
      case 'from_dockerfile': {
        const file = a.value('file', (v) => this.convert.path(v, 'file'));
        const registry = a.value('registry', (v) => this.convert.str(v, 'registry'));
        const imageName = a.value('name', (v) => this.convert.str(v, 'name'));
        const platforms = a.value('platform', (v) => this.convert.platforms(v, 'platform'));
        const context = a.value('context', (v) => this.convert.path(v, 'context'));
        if (!file || !imageName) return undefined;
        return {
          origin: { kind: 'dockerfile', ...origin },
          dockerfile: this.fileArg(file, call.file),
          ...(context ? { dockerContext: this.fileArg(context, call.file) } : {}),
          ...(registry ? { registry } : {}),
          name: imageName,
          platforms: platforms ?? { value: AMD64, span: call.nameSpan },
          python: this.options.defaultPython,
          extendable: false,
          notExtendable: { span: call.nameSpan, what: 'Image.from_dockerfile' },
          cloned: true,
          layers: undefined,
        };
      }
      case 'from_debian_base':
        return this.debianBase(a, call, 'debian');
      case 'from_uv_script': {
        const image = this.debianBase(a, call, 'uv_script', false);
        const script = a.value('script', (v) => this.convert.path(v, 'script'));
        if (!image || !script) return undefined;
        const layer: LayerValue = {
          kind: 'uv_script',
          span: call.span,
          methodSpan: call.nameSpan,
          script: this.fileArg(script, call.file),
          options: this.pipOptions(a),
          secrets: this.secretMounts(a),
        };
        return { ...image, layers: pushLayers(image.layers, [layer]) };
      }
      case 'from_pixi_script': {
        const image = this.debianBase(a, call, 'pixi_script', false);
        const script = a.value('script', (v) => this.convert.path(v, 'script'));
        const environment = a.value('environment', (v) => this.convert.str(v, 'environment')) ?? { value: 'default', span: call.nameSpan };
        const extraArgs = a.value('extra_args', (v) => this.convert.str(v, 'extra_args'));
        const secrets = this.secretMounts(a);
        if (!image || !script) return undefined;
        const layer: LayerValue = {
          kind: 'pixi_script',
          span: call.span,
          methodSpan: call.nameSpan,
          script: this.fileArg(script, call.file),
          environment,
          ...(extraArgs ? { extraArgs } : {}),
          secrets,
        };
        return { ...image, layers: pushLayers(image.layers, [layer]) };
      }
      default:
        return undefined;
    }
  }

  /**
   * `from_debian_base`, and the base of `from_uv_script`/`from_pixi_script` (which pass
   * `install_flyte=False`): flyte's published image as a pointer, or a python slim image with flyte's
   * default layers, cloned into a buildable image when a registry or name is given.
   */
  private debianBase(a: Args, call: CallSite, kind: 'debian' | 'uv_script' | 'pixi_script', installFlyteDefault = true): ImageValue | undefined {
    const python = a.value('python_version', (v) => this.convert.pythonVersion(v, 'python_version')) ?? this.options.defaultPython;
    const flyteVersionArg = a.value('flyte_version', (v) => this.convert.str(v, 'flyte_version'));
    const installFlyte = a.value('install_flyte', (v) => this.convert.bool(v, 'install_flyte')) ?? installFlyteDefault;
    // flyte-sdk tests `if registry or name`: empty strings are not given.
    const registry = nonEmpty(a.value('registry', (v) => this.convert.str(v, 'registry')));
    const registrySecret = a.value('registry_secret', (v) => this.convert.secret(v, 'registry_secret'));
    const name = nonEmpty(a.value('name', (v) => this.convert.str(v, 'name')));
    const platforms = a.value('platform', (v) => this.convert.platforms(v, 'platform'));
    const flyteVersion = normaliseFlyteVersion(flyteVersionArg?.value ?? this.options.flyteVersion);
    const version = `${python.major}.${python.minor}`;
    const common = {
      origin: { kind, span: call.nameSpan },
      platforms: platforms ?? { value: DEFAULT_PLATFORMS, span: call.nameSpan },
      python,
      flyteVersion,
      extendable: true,
    } as const;
    // flyte-sdk's dev mode: when its own version is a dev build and no flyte_version is given, the default
    // image is built from python's slim image and installs flyte itself (below the dev release).
    const devMode = installFlyte && !flyteVersionArg && this.options.flyteVersion.includes('dev');
    let image: ImageValue;
    if (installFlyte && !devMode) {
      image = { ...common, base: { value: `ghcr.io/flyteorg/flyte:py${version}-${flyteVersion}`, span: call.nameSpan }, name: { value: 'flyte', span: call.nameSpan }, cloned: false, layers: undefined };
    } else {
      const at = { span: call.span, methodSpan: call.nameSpan };
      const layers: LayerValue[] = [
        { kind: 'labels', ...at, labels: [['org.opencontainers.image.authors', 'Union.AI <info@union.ai>'], ['org.opencontainers.image.source', 'https://github.com/flyteorg/flyte']] },
        { kind: 'commands', ...at, commands: [{ value: FLYTE_USER_COMMAND, span: call.nameSpan }], secrets: [] },
        { kind: 'workdir', ...at, path: { value: '/home/flyte', span: call.nameSpan } },
        {
          kind: 'env',
          ...at,
          pairs: [
            ['VIRTUAL_ENV', '/opt/venv'],
            ['PATH', '/opt/venv/bin:$PATH'],
            ['PYTHONPATH', '/root'],
            ['UV_LINK_MODE', 'copy'],
          ].map(([k, v]) => [{ value: k!, span: call.nameSpan }, { value: v!, span: call.nameSpan }] as const),
        },
        { kind: 'apt', ...at, packages: ['build-essential', 'ca-certificates'].map((p) => ({ value: p, span: call.nameSpan })), secrets: [] },
        ...(devMode ? [{ kind: 'pip' as const, ...at, packages: [{ value: `flyte<${baseVersion(this.options.flyteVersion)}`, span: call.nameSpan }], options: { extraIndexUrls: [], pre: false }, secrets: [] }] : []),
      ];
      const base = { ...common, base: { value: `python:${version}-slim-bookworm`, span: call.nameSpan }, name: { value: 'flyte', span: call.nameSpan }, cloned: true, layers: pushLayers(undefined, layers) };
      image = devMode ? base : { ...base, presetTag: `py${version}` };
    }
    if (registry || name) {
      const { presetTag: _dropped, ...rest } = image;
      return { ...rest, ...(registry ? { registry } : {}), ...(name ? { name } : {}), ...(registrySecret ? { registrySecret } : {}), cloned: true };
    }
    if (registrySecret) this.diagnostics.push(diag.ignoredArgument(registrySecret.span, 'registry_secret', 'the image has no `registry` or `name`, so it is not pushed'));
    return image;
  }

  // ── methods ───────────────────────────────────────────────────────────────

  /** flyte-sdk's `clone`: a given (truthy) value replaces the old one; `extendable` is kept when not given. */
  private clone(image: ImageValue, bound: BoundCall, call: CallSite): ImageValue {
    const a = new Args(bound);
    const registry = a.value('registry', (v) => this.convert.str(v, 'registry'));
    const registrySecret = a.value('registry_secret', (v) => this.convert.secret(v, 'registry_secret'));
    const name = a.value('name', (v) => this.convert.str(v, 'name'));
    const baseImage = a.value('base_image', (v) => this.convert.str(v, 'base_image'));
    const python = a.value('python_version', (v) => this.convert.pythonVersion(v, 'python_version'));
    const extendable = a.value('extendable', (v) => this.convert.bool(v, 'extendable'));
    const platforms = a.value('platform', (v) => this.convert.platforms(v, 'platform'));
    const { presetTag: _dropped, notExtendable, ...rest } = image;
    const stillNotExtendable = extendable === undefined ? notExtendable : extendable ? undefined : { span: call.nameSpan, what: 'clone(extendable=False)' };
    return {
      ...rest,
      ...(registry?.value ? { registry } : {}),
      ...(registrySecret ? { registrySecret } : {}),
      ...(name?.value ? { name } : {}),
      ...(baseImage?.value ? { base: baseImage } : {}),
      ...(python ? { python } : {}),
      ...(platforms ? { platforms } : {}),
      ...(stillNotExtendable ? { notExtendable: stillNotExtendable } : {}),
      extendable: extendable ?? image.extendable,
      cloned: true,
      clonedAt: call.nameSpan,
    };
  }

  private addLayers(image: ImageValue, sig: Signature, bound: BoundCall, call: CallSite): ImageValue {
    this.checkExtendable(image, sig.name, call);
    const layers = this.layers(sig, bound, call);
    // The new layers go on top of the image's own list, which is shared, not copied (check/layers.ts).
    return { ...withoutPresetTag(image), layers: pushLayers(image.layers, layers), cloned: true };
  }

  /** flyte-sdk's three checks, in its order, when a layer is added. */
  private checkExtendable(image: ImageValue, method: string, call: CallSite): void {
    if (image.quiet) return;
    if (image.dockerfile) this.diagnostics.push(diag.layerOnDockerfileImage(call.nameSpan, method, image.origin.span, image.extendable));
    else if (!image.extendable) this.diagnostics.push(diag.layerOnNonExtendableImage(call.nameSpan, method, image.notExtendable?.span ?? image.origin.span, image.notExtendable?.what ?? 'the constructor'));
    else if (!image.name?.value) this.diagnostics.push(diag.layerNeedsName(call.nameSpan, method, image.origin.span));
  }

  private layers(sig: Signature, bound: BoundCall, call: CallSite): LayerValue[] {
    const a = new Args(bound);
    const at = { span: call.span, methodSpan: call.nameSpan };
    const c = this.convert;
    switch (sig.layer) {
      case 'apt':
      case 'pip': {
        const packages = this.packages(bound, sig.name, call);
        const secrets = this.secretMounts(a);
        if (sig.layer === 'apt') return [{ kind: 'apt', ...at, packages, secrets }];
        return [{ kind: 'pip', ...at, packages, options: this.pipOptions(a), secrets }];
      }
      case 'requirements': {
        const file = a.value('file', (v) => c.path(v, 'file'));
        const options = this.pipOptions(a);
        const secrets = this.secretMounts(a);
        if (!file) return [];
        if (!file.value.endsWith('.txt')) this.diagnostics.push(diag.requirementsNotTxt(file.span, file.value));
        return [{ kind: 'requirements', ...at, file: this.fileArg(file, call.file), options, secrets }];
      }
      case 'uv_project': {
        const pyproject = a.value('pyproject_file', (v) => c.path(v, 'pyproject_file'));
        const lock = a.value('uvlock', (v) => c.path(v, 'uvlock'));
        const options = this.pipOptions(a);
        const secrets = this.secretMounts(a);
        const mode = this.installMode(a);
        if (!pyproject) return [];
        const project = this.fileArg(pyproject, call.file);
        const lockArg = lock ? this.fileArg(lock, call.file) : this.sibling(project, 'uv.lock', false);
        return [{ kind: 'uv_project', ...at, pyproject: project, ...(lockArg ? { lock: lockArg } : {}), options, secrets, mode }];
      }
      case 'poetry_project': {
        const pyproject = a.value('pyproject_file', (v) => c.path(v, 'pyproject_file'));
        const lock = a.value('poetry_lock', (v) => c.path(v, 'poetry_lock'));
        const extraArgs = a.value('extra_args', (v) => c.str(v, 'extra_args'));
        const secrets = this.secretMounts(a);
        const mode = this.installMode(a);
        if (!pyproject) return [];
        const project = this.fileArg(pyproject, call.file);
        const lockArg = lock ? this.fileArg(lock, call.file) : this.sibling(project, 'poetry.lock', true)!;
        return [{ kind: 'poetry_project', ...at, pyproject: project, lock: lockArg, ...(extraArgs ? { extraArgs } : {}), secrets, mode }];
      }
      case 'pixi_project': {
        const manifestArg = a.value('manifest_file', (v) => c.path(v, 'manifest_file'));
        const lock = a.value('pixi_lock', (v) => c.path(v, 'pixi_lock'));
        const environment = a.value('environment', (v) => c.str(v, 'environment')) ?? { value: 'default', span: call.nameSpan };
        const extraArgs = a.value('extra_args', (v) => c.str(v, 'extra_args'));
        const secrets = this.secretMounts(a);
        const mode = this.installMode(a);
        if (!manifestArg) return [];
        let manifest = this.fileArg(manifestArg, call.file);
        if (this.host.stat(manifest.path)?.kind === 'directory') {
          const name = this.host.stat(posix.join(manifest.path, 'pixi.toml'))?.kind === 'file' ? 'pixi.toml' : 'pyproject.toml';
          manifest = { ...manifest, path: posix.join(manifest.path, name), written: posix.join(manifest.written, name) };
        }
        const lockArg = lock ? this.fileArg(lock, call.file) : this.sibling(manifest, 'pixi.lock', false);
        return [{ kind: 'pixi_project', ...at, manifest, ...(lockArg ? { lock: lockArg } : {}), environment, ...(extraArgs ? { extraArgs } : {}), secrets, mode }];
      }
      case 'source_folder': {
        const src = a.value('src', (v) => c.path(v, 'src'));
        const dst = a.value('dst', (v) => c.str(v, 'dst')) ?? { value: '.', span: call.nameSpan };
        const contentsOnly = a.value('copy_contents_only', (v) => c.bool(v, 'copy_contents_only')) ?? false;
        if (!src) return [];
        const folder = this.fileArg(src, call.file);
        // flyte-sdk: the default "." means "./<folder name>" unless only the contents are copied.
        const name = posix.basename(this.host.realPath(folder.path) ?? folder.path);
        const target = !contentsOnly && dst.value === '.' ? { value: `./${name}`, span: dst.span } : dst;
        return [{ kind: 'source_folder', ...at, src: folder, dst: target }];
      }
      case 'source_file': {
        const srcs = a.value('src', (v) => c.paths(v, 'src')) ?? [];
        const dst = a.value('dst', (v) => c.str(v, 'dst')) ?? { value: '.', span: call.nameSpan };
        return srcs.map((src) => ({ kind: 'source_file', ...at, src: this.fileArg(src, call.file), dst }));
      }
      case 'dockerignore': {
        const file = a.value('path', (v) => c.path(v, 'path'));
        return file ? [{ kind: 'dockerignore', ...at, file: this.fileArg(file, call.file) }] : [];
      }
      case 'code_bundle': {
        const styleArg = bound.args.get('copy_style')?.value;
        // `none` is the deploy's copy style (bake the bundle in), a common mix-up with the layer's.
        if (styleArg?.kind === 'str' && styleArg.value === 'none') {
          this.diagnostics.push(diag.copyStyleNoneInCodeBundle(styleArg.span));
          return [];
        }
        const style = a.value('copy_style', (v) => c.choice(v, 'copy_style', ['loaded_modules', 'all'] as const, (x) => didYouMean(x, ['loaded_modules', 'all'])));
        const dst = a.value('dst', (v) => c.str(v, 'dst')) ?? { value: '.', span: call.nameSpan };
        return [{ kind: 'code_bundle', ...at, copyStyle: style?.value ?? 'loaded_modules', dst }];
      }
      case 'commands': {
        const commands = a.value('commands', (v) => c.strs(v, 'commands')) ?? [];
        return [{ kind: 'commands', ...at, commands, secrets: this.secretMounts(a) }];
      }
      case 'env': {
        const pairs = a.value('env_vars', (v) => c.env(v, 'env_vars')) ?? [];
        return [{ kind: 'env', ...at, pairs }];
      }
      case 'workdir': {
        const path = a.value('workdir', (v) => c.str(v, 'workdir'));
        return path ? [{ kind: 'workdir', ...at, path }] : [];
      }
      case undefined:
        return [];
      default:
        return assertNever(sig.layer);
    }
  }

  /** `*packages`: each one a string; a list in their place is flyte-sdk's TypeError. */
  private packages(bound: BoundCall, method: string, call: CallSite): Located<string>[] {
    const out: Located<string>[] = [];
    for (const arg of bound.varargs) {
      if (arg.value.kind === 'list' || arg.value.kind === 'tuple') {
        this.diagnostics.push(diag.listInsteadOfArguments(arg.value.span, method));
        continue;
      }
      const text = this.convert.str(arg.value, 'each package');
      if (text) out.push(text);
    }
    if (bound.varargs.length === 0) this.diagnostics.push(diag.noPackages(call.nameSpan, method));
    return out;
  }

  private pipOptions(a: Args): PipOptions {
    const c = this.convert;
    const indexUrl = a.value('index_url', (v) => c.str(v, 'index_url'));
    const extraIndexUrls = a.value('extra_index_urls', (v) => c.strs(v, 'extra_index_urls')) ?? [];
    const pre = a.value('pre', (v) => c.bool(v, 'pre')) ?? false;
    const extraArgs = a.value('extra_args', (v) => c.str(v, 'extra_args'));
    return { ...(indexUrl ? { indexUrl } : {}), extraIndexUrls, pre, ...(extraArgs ? { extraArgs } : {}) };
  }

  private secretMounts(a: Args): SecretValue[] {
    return a.value('secret_mounts', (v) => this.convert.secrets(v, 'secret_mounts')) ?? [];
  }

  private installMode(a: Args): 'dependencies_only' | 'install_project' {
    const modes = ['dependencies_only', 'install_project'] as const;
    return a.value('project_install_mode', (v) => this.convert.choice(v, 'project_install_mode', modes, (x) => didYouMean(x, modes)))?.value ?? 'dependencies_only';
  }

  /** A path argument, resolved against the file it was written in (a Path made elsewhere keeps its own). */
  private fileArg(written: Located<string> & { readonly relativeTo?: string }, file: string): FileArg {
    return { written: written.value, path: resolveAgainst(written.relativeTo ?? file, written.value), span: written.span };
  }

  /** A lock file beside a manifest: always when `required` (checked later), else only if it exists. */
  private sibling(of: FileArg, name: string, required: boolean): FileArg | undefined {
    const path = posix.join(posix.dirname(of.path), name);
    if (!required && this.host.stat(path)?.kind !== 'file') return undefined;
    return { written: posix.join(posix.dirname(of.written), name), path, span: of.span };
  }
}

interface CallSite {
  readonly span: Span;
  readonly nameSpan: Span;
  /** The `.flyimg` file the call is written in; relative paths resolve against its directory. */
  readonly file: string;
}

/** Bound arguments by name; `None` means "not given", as flyte-sdk's defaults do. */
class Args {
  constructor(private readonly bound: BoundCall) {}

  value<T>(name: string, convert: (v: Value) => T | undefined): T | undefined {
    const arg = this.bound.args.get(name);
    if (!arg || arg.value.kind === 'none') return undefined;
    return convert(arg.value);
  }
}

/** A path as written in `file`, resolved to a host path (POSIX, same base as `file`). */
export function resolveAgainst(file: string, written: string): string {
  const normalised = written.replace(/\\/g, '/');
  if (normalised.startsWith('/')) return posix.normalize(normalised);
  return posix.normalize(posix.join(posix.dirname(file), normalised));
}

function nonEmpty(value: Located<string> | undefined): Located<string> | undefined {
  return value && value.value !== '' ? value : undefined;
}

/** `Path(p).parent`, on paths relative to the `.flyimg` file's directory. */
function parentOf(path: string): string {
  const normal = posix.normalize(path);
  return normal === '.' || normal === '..' || normal.endsWith('/..') ? posix.join(normal, '..') : posix.dirname(normal);
}

/** flyte-sdk: `+` becomes `-`, and a `v` is prefixed unless present. */
/** PEP 440 `Version(v).base_version`: the release part, without pre-, post-, dev- or local segments. */
function baseVersion(version: string): string {
  const match = /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)/i.exec(version);
  if (!match) return version;
  const release = match[2]!.split('.').map((n) => String(Number(n))).join('.');
  return match[1] && Number(match[1]) !== 0 ? `${Number(match[1])}!${release}` : release;
}

function normaliseFlyteVersion(version: string): string {
  const v = version.replace(/\+/g, '-');
  return v.startsWith('v') ? v : `v${v}`;
}

function describeValueForMessage(value: Value): string {
  switch (value.kind) {
    case 'str':
      return 'a string';
    case 'builtin':
      return `\`${value.name}\``;
    case 'secret':
      return 'a Secret';
    case 'path':
      return 'a Path';
    default:
      return `a ${value.kind}`;
  }
}
