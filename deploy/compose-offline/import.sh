#!/bin/bash
# Tag the root filesystems make-bases.sh wrote as the images docker-compose.yml and the Dockerfile name.
set -euxo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=${COMPOSE_WORK:-${TMPDIR:-/tmp}/homegraph-compose}
. "$HERE/versions.sh"
export CONTAINERS_CONF=${CONTAINERS_CONF:-$HERE/containers.conf}
cd "$T/bases"
P=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
tar -C node -c . | podman import --change "ENV PATH=$P" --change "ENV NODE_VERSION=$NODE_VERSION" --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' --change 'CMD ["node"]' - docker.io/library/node:22-trixie-slim
tar -C redis -c . | podman import --change "ENV PATH=$P" --change 'WORKDIR /data' --change 'EXPOSE 6379' --change 'CMD ["redis-server","--protected-mode","no"]' - docker.io/library/redis:7-alpine
tar -C postgres -c . | podman import --change "ENV PATH=/usr/local/pgsql/bin:$P" --change 'ENV PGDATA=/var/lib/postgresql/data' --change 'VOLUME /var/lib/postgresql/data' --change 'EXPOSE 5432' --change 'STOPSIGNAL SIGINT' --change 'ENTRYPOINT ["docker-entrypoint.sh"]' - docker.io/library/postgres:16-alpine
tar -C mailpit -c . | podman import --change "ENV PATH=$P" --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' --change 'EXPOSE 1025' --change 'EXPOSE 8025' --change 'ENTRYPOINT ["/mailpit"]' - docker.io/axllent/mailpit:latest
