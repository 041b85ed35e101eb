#!/bin/sh
# Makes a self-contained deploy folder: the compiled API (dist/), its production dependencies only
# (node_modules/, no tsx, TypeScript or test tools), package.json, and start.sh. The Dockerfile's build step,
# CI's deploy test and docs/deploy.md all run this. Needs an installed checkout (pnpm install --frozen-lockfile).
#   usage: deploy/build.sh OUT_DIR
set -eu
out="${1:?usage: deploy/build.sh OUT_DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
pnpm --filter @sw-dialer/api build
rm -rf "$out"
# --legacy: pnpm 10 deploys "injected" workspace packages only; the API's one workspace import (shared-types)
# is bundled into dist/ by the build, so nothing from the workspace needs injecting (docs/adr/0062).
pnpm --filter @sw-dialer/api deploy --prod --legacy --prefer-offline "$out"
cp deploy/start.sh "$out/start.sh"
chmod 0755 "$out/start.sh"
echo "deploy folder ready: $out (start it with $out/start.sh)"
