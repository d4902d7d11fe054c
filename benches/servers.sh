# Shared by the benchmarks that start servers (sourced, not run): checks of the tools, a work
# folder (a temp one removed at exit unless --work was given), servers stopped at exit, free
# ports, and waiting for a server to answer.

# need_tools BIN: the newsgraph binary and the oxigraph CLI, or exit 2 saying what is missing.
need_tools() {
  [ -x "$1" ] || { echo "no newsgraph binary at $1: cargo build --release, or pass --bin" >&2; exit 2; }
  command -v oxigraph >/dev/null || { echo "the oxigraph CLI is missing: pip install oxigraph" >&2; exit 2; }
  command -v curl >/dev/null || { echo "curl is missing" >&2; exit 2; }
}

# use_work DIR: sets $work (DIR, or a new temp folder removed at exit); servers whose pids are
# added to $pids are stopped at exit.
use_work() {
  temp=""
  work="$1"
  if [ -z "$work" ]; then work="$(mktemp -d)"; temp="$work"; fi
  mkdir -p "$work"
  pids=()
  trap '_stop_servers' EXIT
}

_stop_servers() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -n "$temp" ] && rm -rf "$temp"
  return 0
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_up URL: until the server answers (30 s at most).
wait_up() {
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "the server at $1 did not come up" >&2; exit 1
}
