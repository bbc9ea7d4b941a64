#!/usr/bin/env bash
# Creates the secrets docker-compose.yml reads, with fresh random values, in deploy/compose/secrets/
# (ignored by git; the directory is readable by its owner only). Existing files are kept, so
# running it again changes nothing: delete a file to make a new one (and recreate the database
# volume for the database passwords, which PostgreSQL stores at its first start).
#   deploy/compose/make-secrets.sh && docker compose up --build
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
mkdir -p "$DIR"
chmod 700 "$DIR"

for name in db_superuser_password db_migration_password db_runtime_password \
  kafka_admin_password kafka_orchestrator_password; do
  file="$DIR/$name"
  if [[ ! -f "$file" ]]; then
    # Readable inside the containers, whose users differ from yours; the directory guards them here.
    (umask 022 && head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '\n=' > "$file")
    echo "created $file"
  fi
done
