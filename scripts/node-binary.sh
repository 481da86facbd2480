#!/usr/bin/env bash
# Prints the path of a Node binary of the given major (22, 24…), fetched once from the npm
# registry's node-linux-<arch> package (the official binary) into .cache/node-binaries/<major>
# (outside node_modules, which npm ci empties), where the unit tests look for it too.
set -euo pipefail
major="${1:?usage: scripts/node-binary.sh MAJOR}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "No node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
dir="$(cd "$(dirname "$0")/.." && pwd)/.cache/node-binaries/$major"
node="$dir/node_modules/node-linux-$arch/bin/node"
if [ ! -x "$node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
    "node-linux-$arch@$major" >&2
fi
echo "$node"
