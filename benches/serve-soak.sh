#!/usr/bin/env bash
# Soak of `newsgraph serve` under mixed hostile load (tests/serve.rs,
# serve_soak_mixed_hostile_load): good queries, 10 MB queries, queries nested 10,000 deep,
# products stopped by --timeout, connections that drip their headers and writes with and
# without the token, while a simple query is asked every 50 ms. Prints the simple query's
# p50/p99/max, the count of each kind of request and the server's resident memory at rest after
# each timed-out query; fails if the server dies, the p99 passes 100 ms or that memory is more
# than 10 % over its warm level (the median of the first third of the measurements).
#
#   benches/serve-soak.sh [SECONDS]      (default 600: ten minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
NEWSGRAPH_SOAK_SECONDS="${1:-600}" cargo test --release --test serve serve_soak_mixed_hostile_load \
  -- --exact --nocapture 2>&1 | grep -E "^soak|panicked|test result"
