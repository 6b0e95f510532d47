#!/usr/bin/env bash
# Brings the platform up under docker compose (v1 `docker-compose`, or `docker compose`) with the
# offline base images, calls a Deno function and a container function through the gateway, takes
# it down and checks that nothing is left. Usage: bash scripts/compose_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COMPOSE=(docker-compose)
command -v docker-compose >/dev/null || COMPOSE=(docker compose)
PROJECT=denofn-check
PORT=${DENOFN_CHECK_PORT:-18080}
export DENOFN_PORT=$PORT DENOFN_BASE_IMAGE=denofn/base-deno DENOFN_DOCKER_CLI_IMAGE=denofn/docker-cli
export DENOFN_DENO_DIR_IMAGE=denofn/deno-deps DENOFN_BASE_IMAGES=auto
# Its own owner labels and network, so other platforms or tests on this engine are neither
# removed nor counted.
export DENOFN_DOCKER_OWNER=compose-check DENOFN_COMPOSE_NETWORK=denofn-compose-check
export DENOFN_ADMIN_TOKEN=compose-check-token-0123456789
down() { "${COMPOSE[@]}" -p "$PROJECT" down -v --remove-orphans >/dev/null 2>&1 || true; }
trap down EXIT
echo "== base images"; deno task images
echo "== config"; "${COMPOSE[@]}" -p "$PROJECT" config -q
# The optional observe profile (Prometheus, Grafana): its images are not pulled here, but its
# compose entries and Prometheus config must be valid.
echo "== observe profile config"; "${COMPOSE[@]}" -p "$PROJECT" --profile observe config -q
if command -v promtool >/dev/null; then
  (cd src/observe/compose && promtool check config prometheus.yml >/dev/null) || { echo "FAIL prometheus.yml"; exit 1; }
fi
echo "== up"; "${COMPOSE[@]}" -p "$PROJECT" up -d --build 2>&1 | grep -E 'Successfully tagged|done|ERROR' || true
gw=$("${COMPOSE[@]}" -p "$PROJECT" ps -q gateway)
for _ in $(seq 1 90); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$gw")" = healthy ] && break
  sleep 1
done
[ "$(docker inspect -f '{{.State.Health.Status}}' "$gw")" = healthy ] || { "${COMPOSE[@]}" -p "$PROJECT" logs --tail 40; exit 1; }
call() { # path expected-substring
  local body
  for _ in $(seq 1 60); do
    body=$(curl -s -m 30 "http://127.0.0.1:$PORT$1" || true)
    case $body in *"$2"*) echo "ok   $1 -> $body"; return 0 ;; esac
    sleep 2
  done
  echo "FAIL $1 -> $body"; "${COMPOSE[@]}" -p "$PROJECT" logs --tail 40; return 1
}
call "/fn/hello?name=compose" "Hello, compose!"
call "/fn/py-hello?name=compose" "Hello, compose from Python!"
call "/readyz" '"ready"'
echo "== cli"
listed=$(deno run --allow-net --allow-read --allow-write --allow-env src/cli/main.ts \
  --url "http://127.0.0.1:$PORT" --token "$DENOFN_ADMIN_TOKEN" ls)
echo "$listed"
case $listed in *hello*) ;; *) echo "FAIL denofn ls"; exit 1 ;; esac
metrics=$(curl -sf "http://127.0.0.1:$PORT/metrics")
case $metrics in *denofn_*) echo "ok   /metrics" ;; *) echo "FAIL /metrics"; exit 1 ;; esac
echo "== down"; down; trap - EXIT
left=$(for o in compose-check-registry compose-check-gateway; do docker ps -aq --filter "label=denofn.owner=$o"; done
  docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")
[ -z "$left" ] || { echo "containers left: $left"; exit 1; }
! docker network inspect denofn-compose-check >/dev/null 2>&1 || { echo "network denofn-compose-check left"; exit 1; }
echo "compose check passed: up, Deno and container functions answered, down, nothing left"
