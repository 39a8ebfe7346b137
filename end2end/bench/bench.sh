#!/usr/bin/env bash
# Rapport's measured figures. Run through `./dev bench` (which installs what this needs).
# Prints: warm time of the two README commands' build step and start-up, wasm size raw and brotli
# of the release build, and the time from navigation to a 1,000-card board from the cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PORT=${RAPPORT_BENCH_PORT:-3190}
CARDS=${RAPPORT_BENCH_CARDS:-1000}

secs() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(secs)" 'BEGIN { printf "%.1f s", b - a }'; }

echo "== warm README commands (everything installed and built once already)"
t=$(secs); ./dev setup >/dev/null 2>&1; echo "set-up check (both commands): $(elapsed "$t")"
t=$(secs); cargo leptos build >/dev/null 2>&1; echo "run: warm build: $(elapsed "$t")"

data=$(mktemp -d /tmp/rapport-bench-XXXX)
start_server() {
  RAPPORT_DATA_DIR="$data" RAPPORT_PORT=$PORT RAPPORT_DEMO_SIZE=$CARDS "$1" >"$data.log" 2>&1 &
  server_pid=$!
  until curl -sf "http://127.0.0.1:$PORT/" >/dev/null; do
    kill -0 $server_pid 2>/dev/null || { cat "$data.log"; exit 1; }
    sleep 0.1
  done
}
stop_server() { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
trap 'stop_server; rm -rf "$data" "$data.log"' EXIT

t=$(secs); start_server target/debug/server
echo "run: start-up to first answer, new database with $CARDS demo cards: $(elapsed "$t")"
stop_server
t=$(secs); start_server target/debug/server
echo "run: start-up to first answer, existing database: $(elapsed "$t")"
stop_server

echo "== release build (wasm-release profile, wasm-opt from npm binaryen)"
t=$(secs); cargo leptos build --release >/dev/null 2>&1; echo "release build: $(elapsed "$t")"
node end2end/bench/wasm-size.mjs target/site/pkg/rapport.wasm target/site/pkg/rapport.js target/site/pkg/rapport.css

echo "== board from the browser cache, $CARDS cards (release build)"
rm -rf "$data"; mkdir -p "$data"
start_server target/release/server
(cd end2end && node bench/board-from-cache.mjs "http://127.0.0.1:$PORT/" "$CARDS" 7)
