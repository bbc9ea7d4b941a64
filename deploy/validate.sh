#!/usr/bin/env bash
# Validates the deployment files offline: docker-compose.yml with docker-compose 1.29 (apt),
# deploy/k8s/*.yaml against the Kubernetes schemas of the npm package kubernetes-models, and
# deploy/observability (dashboard and alert rules: structure, and every metric they name is one
# Slipway exports, per metrics.txt; the rules also with promtool, from the apt package prometheus).
# Installs what it needs (apt package, npm packages into a temporary directory). Run from anywhere:
#   deploy/validate.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBERNETES_MODELS_VERSION="5.1.0"
YAML_VERSION="2.9.1"

if ! command -v docker-compose > /dev/null; then
  # Without --no-install-recommends apt would pull in a whole Docker engine.
  apt-get install -y --no-install-recommends docker-compose > /dev/null \
    || { apt-get update > /dev/null && apt-get install -y --no-install-recommends docker-compose > /dev/null; }
fi
docker-compose -f "$ROOT/docker-compose.yml" config -q
echo "ok   docker-compose.yml"

modules="$(mktemp -d)"
trap 'rm -rf "$modules"' EXIT
(cd "$modules" && npm init -y > /dev/null \
  && npm install --silent --no-audit --no-fund \
       "kubernetes-models@$KUBERNETES_MODELS_VERSION" "yaml@$YAML_VERSION" > /dev/null)
node "$ROOT/deploy/validate.mjs" "$modules"

if ! command -v promtool > /dev/null; then
  apt-get install -y --no-install-recommends prometheus > /dev/null \
    || { apt-get update > /dev/null && apt-get install -y --no-install-recommends prometheus > /dev/null; }
fi
promtool check rules "$ROOT/deploy/observability/alerts.yaml"
