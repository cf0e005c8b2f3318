# Versions of the stand-in images' contents (sourced by fetch-packs.sh, make-bases.sh, import.sh).
NODE_VERSION=22.23.5
NPM_VERSION=10.9.9
EMBEDDED_POSTGRES_VERSION=16.14.0-beta.17
MAILDEV_VERSION=3
