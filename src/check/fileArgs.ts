/** Every path an image reads, with what it must be; shared by the file rules and lowering. */
import type { FileArg, ImageValue, LayerValue } from './model.js';

export interface NeededFile {
  readonly arg: FileArg;
  readonly kind: 'file' | 'directory';
  /** For messages: "the requirements file", "the source folder"... */
  readonly what: string;
  /** Lock files get their own diagnostic. */
  readonly lockOf?: string;
}

export function filesOfLayer(layer: LayerValue): NeededFile[] {
  switch (layer.kind) {
    case 'requirements':
      return [{ arg: layer.file, kind: 'file', what: 'the requirements file' }];
    case 'uv_project':
      return [{ arg: layer.pyproject, kind: 'file', what: 'the project file' }, ...(layer.lock ? [{ arg: layer.lock, kind: 'file' as const, what: 'the lock file', lockOf: 'uv' }] : [])];
    case 'poetry_project':
      return [
        { arg: layer.pyproject, kind: 'file', what: 'the project file' },
        { arg: layer.lock, kind: 'file', what: 'the lock file', lockOf: 'poetry' },
      ];
    case 'pixi_project':
      return [{ arg: layer.manifest, kind: 'file', what: 'the pixi manifest' }, ...(layer.lock ? [{ arg: layer.lock, kind: 'file' as const, what: 'the lock file', lockOf: 'pixi' }] : [])];
    case 'uv_script':
      return [{ arg: layer.script, kind: 'file', what: 'the script' }];
    case 'source_folder':
      return [{ arg: layer.src, kind: 'directory', what: 'the source folder' }];
    case 'source_file':
      return [{ arg: layer.src, kind: 'file', what: 'the source file' }];
    case 'dockerignore':
      return [{ arg: layer.file, kind: 'file', what: 'the .dockerignore file' }];
    default:
      return [];
  }
}

export function filesOfImage(image: ImageValue): NeededFile[] {
  return [
    ...(image.dockerfile ? [{ arg: image.dockerfile, kind: 'file' as const, what: 'the Dockerfile' }] : []),
    ...(image.dockerContext ? [{ arg: image.dockerContext, kind: 'directory' as const, what: 'the build context' }] : []),
  ];
}
