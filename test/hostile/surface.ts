/**
 * Every string-valued parameter of every constructor and method (from the signature table, so a new one
 * cannot be forgotten), and the flyimg.toml keys: how to write a program in which that parameter holds a
 * given value. `v` is the value as it should appear; the program places it where the parameter goes.
 */
import { py } from './compileOne.js';

export interface Case {
  readonly source: string;
  readonly files?: Readonly<Record<string, string>>;
}

const CLONE = '.clone(name="app", python_version=(3, 12), registry="ghcr.io/acme", extendable=True)';
const BASE = `base = Image.from_base("python:3.12-slim")${CLONE}`;
const on = (body: string, files: Record<string, string> = {}): Case => ({ source: `${BASE}\napp = base${body}\n`, files });
const SCRIPT = '# /// script\n# dependencies = ["requests"]\n# ///\nprint(1)\n';
const PIXI = '[workspace]\nname = "p"\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n';
const secretCase = (secret: string): Case => on(`.with_commands(["echo hi"], secret_mounts=[${secret}])`);

/** `signature.param` → program. A value that must name a file gets a file of that name. */
export const SURFACE: Readonly<Record<string, (v: string) => Case>> = {
  'from_debian_base.flyte_version': (v) => ({ source: `app = Image.from_debian_base(python_version=(3, 12), flyte_version=${py(v)}, name="app", registry="ghcr.io/acme")\n` }),
  'from_debian_base.registry': (v) => ({ source: `app = Image.from_debian_base(python_version=(3, 12), name="app", registry=${py(v)})\n` }),
  'from_debian_base.registry_secret': (v) => ({ source: `app = Image.from_debian_base(python_version=(3, 12), name="app", registry="ghcr.io/acme", registry_secret=${py(v)})\n` }),
  'from_debian_base.name': (v) => ({ source: `app = Image.from_debian_base(python_version=(3, 12), name=${py(v)}, registry="ghcr.io/acme")\n` }),
  'from_base.image_uri': (v) => ({ source: `app = Image.from_base(${py(v)})${CLONE}.with_env_vars({"A": "1"})\n` }),
  'from_dockerfile.file': (v) => ({ source: `app = Image.from_dockerfile(${py(v)}, registry="ghcr.io/acme", name="app")\n`, files: { [v]: 'FROM scratch\n' } }),
  'from_dockerfile.registry': (v) => ({ source: `app = Image.from_dockerfile("Dockerfile", registry=${py(v)}, name="app")\n`, files: { Dockerfile: 'FROM scratch\n' } }),
  'from_dockerfile.context': (v) => ({ source: `app = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name="app", context=${py(v)})\n`, files: { Dockerfile: 'FROM scratch\nCOPY a.txt /\n', [`${v}/a.txt`]: '1\n' } }),
  'from_dockerfile.name': (v) => ({ source: `app = Image.from_dockerfile("Dockerfile", registry="ghcr.io/acme", name=${py(v)})\n`, files: { Dockerfile: 'FROM scratch\n' } }),
  'from_uv_script.script': (v) => ({ source: `app = Image.from_uv_script(${py(`${v}.py`)}, name="app", registry="ghcr.io/acme")\n`, files: { [`${v}.py`]: SCRIPT } }),
  'from_uv_script.name': (v) => ({ source: `app = Image.from_uv_script("s.py", name=${py(v)}, registry="ghcr.io/acme")\n`, files: { 's.py': SCRIPT } }),
  'from_uv_script.registry': (v) => ({ source: `app = Image.from_uv_script("s.py", name="app", registry=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_uv_script.registry_secret': (v) => ({ source: `app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme", registry_secret=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_uv_script.index_url': (v) => ({ source: `app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme", index_url=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_uv_script.extra_index_urls': (v) => ({ source: `app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme", extra_index_urls=[${py(v)}])\n`, files: { 's.py': SCRIPT } }),
  'from_uv_script.extra_args': (v) => ({ source: `app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme", extra_args=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_uv_script.secret_mounts': (v) => ({ source: `app = Image.from_uv_script("s.py", name="app", registry="ghcr.io/acme", secret_mounts=[${py(v)}])\n`, files: { 's.py': SCRIPT } }),
  'from_pixi_script.script': (v) => ({ source: `app = Image.from_pixi_script(${py(v)}, name="app")\n`, files: { [v]: SCRIPT } }),
  'from_pixi_script.name': (v) => ({ source: `app = Image.from_pixi_script("s.py", name=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_pixi_script.registry': (v) => ({ source: `app = Image.from_pixi_script("s.py", name="app", registry=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_pixi_script.registry_secret': (v) => ({ source: `app = Image.from_pixi_script("s.py", name="app", registry_secret=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_pixi_script.environment': (v) => ({ source: `app = Image.from_pixi_script("s.py", name="app", environment=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_pixi_script.extra_args': (v) => ({ source: `app = Image.from_pixi_script("s.py", name="app", extra_args=${py(v)})\n`, files: { 's.py': SCRIPT } }),
  'from_pixi_script.secret_mounts': (v) => ({ source: `app = Image.from_pixi_script("s.py", name="app", secret_mounts=[${py(v)}])\n`, files: { 's.py': SCRIPT } }),
  'from_ref_name.name': (v) => ({ source: `app = Image.from_ref_name(${py(v)})${CLONE}.with_env_vars({"A": "1"})\n`, files: { 'flyimg.toml': `[images]\n${py(v)} = "python:3.12-slim"\n` } }),
  'clone.registry': (v) => ({ source: `app = Image.from_base("python:3.12-slim").clone(name="app", python_version=(3, 12), registry=${py(v)}, extendable=True).with_env_vars({"A": "1"})\n` }),
  'clone.registry_secret': (v) => ({ source: `app = Image.from_base("python:3.12-slim").clone(name="app", python_version=(3, 12), registry="ghcr.io/acme", registry_secret=${py(v)}, extendable=True).with_env_vars({"A": "1"})\n` }),
  'clone.name': (v) => ({ source: `app = Image.from_base("python:3.12-slim").clone(name=${py(v)}, registry="ghcr.io/acme", extendable=True).with_env_vars({"A": "1"})\n` }),
  'clone.base_image': (v) => ({ source: `app = Image.from_base("python:3.12-slim").clone(name="app", python_version=(3, 12), registry="ghcr.io/acme", base_image=${py(v)}, extendable=True).with_env_vars({"A": "1"})\n` }),
  'with_apt_packages.packages': (v) => on(`.with_apt_packages(${py(v)})`),
  'with_apt_packages.secret_mounts': (v) => on(`.with_apt_packages("curl", secret_mounts=${py(v)})`),
  'with_pip_packages.packages': (v) => on(`.with_pip_packages(${py(v)})`),
  'with_pip_packages.index_url': (v) => on(`.with_pip_packages("numpy", index_url=${py(v)})`),
  'with_pip_packages.extra_index_urls': (v) => on(`.with_pip_packages("numpy", extra_index_urls=[${py(v)}])`),
  'with_pip_packages.extra_args': (v) => on(`.with_pip_packages("numpy", extra_args=${py(v)})`),
  'with_pip_packages.secret_mounts': (v) => on(`.with_pip_packages("numpy", secret_mounts=${py(v)})`),
  'with_requirements.file': (v) => on(`.with_requirements(${py(`${v}.txt`)})`, { [`${v}.txt`]: 'numpy\n' }),
  'with_requirements.index_url': (v) => on(`.with_requirements("r.txt", index_url=${py(v)})`, { 'r.txt': 'numpy\n' }),
  'with_requirements.extra_index_urls': (v) => on(`.with_requirements("r.txt", extra_index_urls=${py(v)})`, { 'r.txt': 'numpy\n' }),
  'with_requirements.extra_args': (v) => on(`.with_requirements("r.txt", extra_args=${py(v)})`, { 'r.txt': 'numpy\n' }),
  'with_requirements.secret_mounts': (v) => on(`.with_requirements("r.txt", secret_mounts=${py(v)})`, { 'r.txt': 'numpy\n' }),
  'with_uv_project.pyproject_file': (v) => on(`.with_uv_project(${py(`${v}/pyproject.toml`)})`, { [`${v}/pyproject.toml`]: '[project]\nname = "p"\nversion = "1"\n', [`${v}/uv.lock`]: 'version = 1\n' }),
  'with_uv_project.uvlock': (v) => on(`.with_uv_project("p/pyproject.toml", uvlock=${py(v)})`, { 'p/pyproject.toml': '[project]\nname = "p"\nversion = "1"\n', [v]: 'version = 1\n' }),
  'with_uv_project.index_url': (v) => on(`.with_uv_project("p/pyproject.toml", index_url=${py(v)})`, { 'p/pyproject.toml': '[project]\nname = "p"\nversion = "1"\n' }),
  'with_uv_project.extra_index_urls': (v) => on(`.with_uv_project("p/pyproject.toml", extra_index_urls=${py(v)})`, { 'p/pyproject.toml': '[project]\nname = "p"\nversion = "1"\n' }),
  'with_uv_project.extra_args': (v) => on(`.with_uv_project("p/pyproject.toml", extra_args=${py(v)})`, { 'p/pyproject.toml': '[project]\nname = "p"\nversion = "1"\n' }),
  'with_uv_project.secret_mounts': (v) => on(`.with_uv_project("p/pyproject.toml", secret_mounts=${py(v)})`, { 'p/pyproject.toml': '[project]\nname = "p"\nversion = "1"\n' }),
  'with_poetry_project.pyproject_file': (v) => on(`.with_poetry_project(${py(`${v}/pyproject.toml`)})`, { [`${v}/pyproject.toml`]: '[tool.poetry]\nname = "p"\n', [`${v}/poetry.lock`]: '' }),
  'with_poetry_project.poetry_lock': (v) => on(`.with_poetry_project("p/pyproject.toml", poetry_lock=${py(v)})`, { 'p/pyproject.toml': '[tool.poetry]\nname = "p"\n', [v]: '' }),
  'with_poetry_project.extra_args': (v) => on(`.with_poetry_project("p/pyproject.toml", extra_args=${py(v)})`, { 'p/pyproject.toml': '[tool.poetry]\nname = "p"\n', 'p/poetry.lock': '' }),
  'with_poetry_project.secret_mounts': (v) => on(`.with_poetry_project("p/pyproject.toml", secret_mounts=${py(v)})`, { 'p/pyproject.toml': '[tool.poetry]\nname = "p"\n', 'p/poetry.lock': '' }),
  'with_pixi_project.manifest_file': (v) => on(`.with_pixi_project(${py(`${v}/pixi.toml`)})`, { [`${v}/pixi.toml`]: PIXI, [`${v}/pixi.lock`]: '' }),
  'with_pixi_project.pixi_lock': (v) => on(`.with_pixi_project("p/pixi.toml", pixi_lock=${py(v)})`, { 'p/pixi.toml': PIXI, [v]: '' }),
  'with_pixi_project.environment': (v) => on(`.with_pixi_project("p/pixi.toml", environment=${py(v)})`, { 'p/pixi.toml': PIXI, 'p/pixi.lock': '' }),
  'with_pixi_project.extra_args': (v) => on(`.with_pixi_project("p/pixi.toml", extra_args=${py(v)})`, { 'p/pixi.toml': PIXI, 'p/pixi.lock': '' }),
  'with_pixi_project.secret_mounts': (v) => on(`.with_pixi_project("p/pixi.toml", secret_mounts=${py(v)})`, { 'p/pixi.toml': PIXI, 'p/pixi.lock': '' }),
  'with_source_folder.src': (v) => on(`.with_source_folder(${py(v)})`, { [`${v}/a.py`]: '1\n' }),
  'with_source_folder.dst': (v) => on(`.with_source_folder("src", dst=${py(v)})`, { 'src/a.py': '1\n' }),
  'with_source_file.src': (v) => on(`.with_source_file(${py(v)})`, { [v]: '1\n' }),
  'with_source_file.dst': (v) => on(`.with_source_file("f.txt", dst=${py(v)})`, { 'f.txt': '1\n' }),
  'with_dockerignore.path': (v) => on(`.with_dockerignore(${py(v)}).with_source_folder("src")`, { [v]: '*.pyc\n', 'src/a.py': '1\n' }),
  'with_code_bundle.dst': (v) => on(`.with_code_bundle(dst=${py(v)}).with_env_vars({"A": "1"})`),
  'with_commands.commands': (v) => on(`.with_commands([${py(v)}, "echo next"])`),
  'with_commands.secret_mounts': (v) => secretCase(py(v)),
  'with_env_vars.env_vars': (v) => on(`.with_env_vars({"A": ${py(v)}, "B": "next"})`),
  'with_env_vars.env_vars#key': (v) => on(`.with_env_vars({${py(v)}: "1"})`),
  'with_workdir.workdir': (v) => on(`.with_workdir(${py(v)}).with_env_vars({"NEXT": "1"})`),
  'Secret.key': (v) => secretCase(`Secret(key=${py(v)})`),
  'Secret.group': (v) => secretCase(`Secret(key="k", group=${py(v)})`),
  'Secret.mount': (v) => secretCase(`Secret(key="k", mount=${py(v)})`),
  'Secret.as_env_var': (v) => secretCase(`Secret(key="k", as_env_var=${py(v)})`),
  // flyimg.toml: every key whose value reaches a Dockerfile.
  'flyimg.toml images': (v) => ({ source: `app = Image.from_ref_name("b")${CLONE}.with_env_vars({"A": "1"})\n`, files: { 'flyimg.toml': `[images]\nb = ${py(v)}\n` } }),
  'flyimg.toml tools.uv': (v) => ({ ...on('.with_env_vars({"A": "1"})'), files: { 'flyimg.toml': `[tools]\nuv = ${py(`ghcr.io/astral-sh/uv:${v}`)}\n` } }),
  'flyimg.toml tools.pixi': (v) => ({ ...on('.with_pixi_project("p/pixi.toml")', { 'p/pixi.toml': PIXI }), files: { 'p/pixi.toml': PIXI, 'flyimg.toml': `[tools]\npixi = ${py(`ghcr.io/prefix-dev/pixi:${v}`)}\n` } }),
  'flyimg.toml build.registry': (v) => ({ source: 'app = Image.from_base("python:3.12-slim").clone(name="app", python_version=(3, 12), extendable=True).with_env_vars({"A": "1"})\n', files: { 'flyimg.toml': `[build]\nregistry = ${py(v)}\n` } }),
  'flyimg.toml mirrors (value)': (v) => ({ ...on('.with_env_vars({"A": "1"})'), files: { 'flyimg.toml': `[mirrors]\n"docker.io/library" = ${py(v)}\n` } }),
  'flyimg.toml mirrors (key)': (v) => ({ ...on('.with_env_vars({"A": "1"})'), files: { 'flyimg.toml': `[mirrors]\n${py(v)} = "mirror.example.com/lib"\n` } }),
  'flyimg.toml build.insecure_registries': (v) => ({ ...on('.with_env_vars({"A": "1"})'), files: { 'flyimg.toml': `[build]\ninsecure_registries = [${py(v)}]\n` } }),
};
