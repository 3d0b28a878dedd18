// The generated program of the scaling benches (check-scaling.mjs `images`, compile-many.mjs).
/** N images of 10 layers each (11 lines per image): the program both scaling benches measure. */
export function manyImagesSource(images) {
  const lines = [];
  for (let i = 0; i < images; i++) {
    lines.push(
      `img_${i} = (Image.from_debian_base(python_version=(3, 12), registry="ghcr.io/acme", name="img-${i}")`,
      `    .with_apt_packages("curl", "git", "pkg-${i}")`,
      `    .with_pip_packages("numpy==2.0.${i % 10}", "pandas", pre=True)`,
      `    .with_env_vars({"IMAGE": "${i}", "MODE": "prod"})`,
      `    .with_commands(["echo ${i}", "true"])`,
      `    .with_workdir("/srv/${i}")`,
      `    .with_apt_packages("vim")`,
      `    .with_pip_packages("requests==2.32.${i % 5}")`,
      `    .with_env_vars({"B": "2"})`,
      `    .with_commands("make build-${i}")`,
      `    .with_workdir("/app"))`,
    );
  }
  return `${lines.join('\n')}\n`;
}
