/** Every rule, in the order they run. Each keeps one invariant of the evaluated model. */
import type { RuleContext } from '../context.js';
import { codeBundlesBakeable } from './codeBundlesBakeable.js';
import { compilable } from './compilable.js';
import { contextFilesUsable } from './contextFilesUsable.js';
import { contextIgnoreRespected } from './contextIgnoreRespected.js';
import { ignoreFilesReadable } from './ignoreFilesReadable.js';
import { dockerignoreValid } from './dockerignoreValid.js';
import { extraArgsValid } from './extraArgsValid.js';
import { outputNamesUnique } from './outputNamesUnique.js';
import { refNamesMapped } from './refNamesMapped.js';
import { builtImagesNamed } from './builtImagesNamed.js';
import { copyDestinationsUnique } from './copyDestinationsUnique.js';
import { dockerfileSourcesExist } from './dockerfileSourcesExist.js';
import { envVarsValid } from './envVarsValid.js';
import { flyteOnPath } from './flyteOnPath.js';
import { flyteTagsReproducible } from './flyteTagsReproducible.js';
import { mirroredReferencesValid } from './mirroredReferencesValid.js';
import { pythonVersionGiven } from './pythonVersionGiven.js';
import { filesExist } from './filesExist.js';
import { fileTypesRight } from './fileTypesRight.js';
import { imageReferencesValid } from './imageReferencesValid.js';
import { packagesValid } from './packagesValid.js';
import { pathsInsideProject } from './pathsInsideProject.js';
import { pathsValid } from './pathsValid.js';
import { pixiScriptValid } from './pixiScriptValid.js';
import { platformsValid } from './platformsValid.js';
import { scriptMetadataValid } from './scriptMetadataValid.js';
import { secretsValid } from './secretsValid.js';
import { uvLockEditablesValid } from './uvLockEditablesValid.js';
import { valuesEmittable } from './valuesEmittable.js';

export type Rule = (ctx: RuleContext) => void;

export const allRules: readonly Rule[] = [
  imageReferencesValid, // registries, names and bases are OCI references; unpinned bases warn
  mirroredReferencesValid, // `[mirrors]` leave every base and tool image a reference
  builtImagesNamed, // every image flyimgc builds has a name
  platformsValid, // platforms BuildKit (and pixi) know
  packagesValid, // apt names and pip requirements
  envVarsValid, // ENV names
  secretsValid, // Secret(...) as flyte-sdk accepts it
  valuesEmittable, // nothing can break out of, extend or change its Dockerfile instruction (check/values.ts)
  pathsValid, // non-empty destinations and workdirs
  filesExist, // every file an image reads is there, before any build
  fileTypesRight, // .py scripts, pyproject.toml / pixi.toml manifests
  scriptMetadataValid, // uv and pixi scripts carry a valid PEP 723 header
  pixiScriptValid, // a pixi script's header lowers to a pixi manifest for the image's platforms
  uvLockEditablesValid, // the editable path dependencies a uv.lock lists can be mounted
  codeBundlesBakeable, // the code bundles a deploy bakes in can be read (root_dir, entry modules)
  pathsInsideProject, // nothing copied from outside the project
  copyDestinationsUnique, // no copied file silently overwrites another
  dockerfileSourcesExist, // a user's Dockerfile copies only what its context holds
  pythonVersionGiven, // from_base/from_ref_name clones say which Python the base has
  flyteOnPath, // flyte installed where `python` on PATH can import it
  extraArgsValid, // `extra_args` splits into shell words
  refNamesMapped, // extended `from_ref_name` images have a mapping to build on
  outputNamesUnique, // one output directory per built image
  dockerignoreValid, // .dockerignore patterns Docker can read
  contextFilesUsable, // every file of a copied folder can be copied
  compilable, // nothing flyimgc cannot generate yet
  flyteTagsReproducible, // with `--hash flyte`, flyte-sdk's tag can be computed offline
  ignoreFilesReadable, // every .dockerignore an image is built with can be read
  contextIgnoreRespected, // the context root's .dockerignore leaves in every file the build needs
];
