# Sourced by .ci/run: Homegraph needs Node 22 LTS (package.json engines). When the machine's node is
# older, Node 22 comes from the npm registry (the official binaries, packaged as node-linux-<arch>;
# nodejs.org may be unreachable) into a cache folder reused by later runs, and goes first on PATH.
# npm_config_nodedir points node-gyp at the same folder's headers, so a native addon rebuilt by
# `npm ci` needs no download either.
HOMEGRAPH_NODE22_VERSION="${HOMEGRAPH_NODE22_VERSION:-22.23.5}"
node_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)"
if [ -z "$node_major" ] || [ "$node_major" -lt 22 ]; then
  case "$(uname -m)" in
    x86_64) node_arch=x64 ;;
    aarch64 | arm64) node_arch=arm64 ;;
    *) echo "no Node 22 package for $(uname -m): install Node 22 yourself" >&2; exit 1 ;;
  esac
  node_dir="${HOMEGRAPH_NODE22_DIR:-$HOME/.cache/homegraph-node22}/$HOMEGRAPH_NODE22_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    echo "node $(node --version 2>/dev/null || echo missing) is older than 22: fetching node-linux-$node_arch@$HOMEGRAPH_NODE22_VERSION from the npm registry into $node_dir"
    node_tmp="$(mktemp -d)"
    (cd "$node_tmp" && npm pack --silent "node-linux-$node_arch@$HOMEGRAPH_NODE22_VERSION" >/dev/null)
    mkdir -p "$node_dir.partial"
    tar -xzf "$node_tmp"/node-linux-*.tgz -C "$node_dir.partial" --strip-components=1
    rm -rf "$node_tmp" "$node_dir"
    mv "$node_dir.partial" "$node_dir"
  fi
  export PATH="$node_dir/bin:$PATH"
  export npm_config_nodedir="$node_dir"
fi
echo "node $(node --version), npm $(npm --version)"
