/** Every rule, in the order they run. Each keeps one invariant of the evaluated model. */
import type { RuleContext } from '../context.js';
import { builtImagesNamed } from './builtImagesNamed.js';
import { copyDestinationsUnique } from './copyDestinationsUnique.js';
import { dockerfileSourcesExist } from './dockerfileSourcesExist.js';
import { envVarsValid } from './envVarsValid.js';
import { flyteOnPath } from './flyteOnPath.js';
import { pythonVersionGiven } from './pythonVersionGiven.js';
import { filesExist } from './filesExist.js';
import { fileTypesRight } from './fileTypesRight.js';
import { imageReferencesValid } from './imageReferencesValid.js';
import { packagesValid } from './packagesValid.js';
import { pathsInsideProject } from './pathsInsideProject.js';
import { pathsValid } from './pathsValid.js';
import { platformsValid } from './platformsValid.js';
import { scriptMetadataValid } from './scriptMetadataValid.js';
import { secretsValid } from './secretsValid.js';
import { valuesEmittable } from './valuesEmittable.js';

export type Rule = (ctx: RuleContext) => void;

export const allRules: readonly Rule[] = [
  imageReferencesValid, // registries, names and bases are OCI references; unpinned bases warn
  builtImagesNamed, // every image flyimgc builds has a name
  platformsValid, // platforms BuildKit (and pixi) know
  packagesValid, // apt names and pip requirements
  envVarsValid, // ENV names
  secretsValid, // Secret(...) as flyte-sdk accepts it
  valuesEmittable, // nothing can break out of, extend or change its Dockerfile instruction (check/values.ts)
  pathsValid, // non-empty destinations and workdirs
  filesExist, // every file an image reads is there, before any build
  fileTypesRight, // .py scripts, pyproject.toml / pixi.toml manifests
  scriptMetadataValid, // uv scripts carry a valid PEP 723 header
  pathsInsideProject, // nothing copied from outside the project
  copyDestinationsUnique, // no copied file silently overwrites another
  dockerfileSourcesExist, // a user's Dockerfile copies only what its context holds
  pythonVersionGiven, // from_base/from_ref_name clones say which Python the base has
  flyteOnPath, // flyte installed where `python` on PATH can import it
];
