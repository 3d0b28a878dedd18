#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) from the npm registry on a machine without other network,
# for scripts/screenshot-vscode.mjs (not used in CI). A plain `npm install code-server` fails offline: its
# @vscode/ripgrep downloads a binary from GitHub. So: install without scripts, take ripgrep from Debian,
# then run the native builds and the post-install steps code-server's postinstall.sh would run.
# Usage: bash scripts/install-code-server.sh [PREFIX]   (default /tmp/code-server; prints the binary's path)
set -euo pipefail
prefix="${1:-/tmp/code-server}"
export DEBIAN_FRONTEND=noninteractive npm_config_yes=true npm_config_unsafe_perm=true
apt-get install -y -qq ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev >/dev/null
npm install --prefix "$prefix" --ignore-scripts --no-audit --no-fund code-server@4 >/dev/null
(cd "$prefix" && npm rebuild argon2 >/dev/null)
cs="$prefix/node_modules/code-server"
(
  cd "$cs/lib/vscode"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
  # @vscode/ripgrep's post-install does nothing when bin/ exists.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm rebuild >/dev/null
  ln -sfn node_modules node_modules.asar
  ln -sf code-linux.sh bin/remote-cli/code-server
  ln -sf browser-linux.sh bin/helpers/browser.sh
  cd extensions && npm install --omit=dev --no-audit --no-fund >/dev/null
)
echo "$prefix/node_modules/.bin/code-server"
