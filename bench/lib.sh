# Shell functions shared by the benchmark scripts (sourced, not run).

bench_log() { echo "bench: $*" >&2; }

# stop PID: TERM, wait up to 5 s, then KILL.
bench_stop() {
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A port nothing listens on, from the ephemeral-free range 20000-59999.
bench_free_port() {
  local port i
  for i in $(seq 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# bench_wait_http URL PID: poll until URL answers 200 (30 s at most) while PID lives.
bench_wait_http() {
  local url="$1" pid="$2" i
  for i in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# bench_to_ms 1.23ms|850.00us|1.02s -> milliseconds with 2 decimals
bench_to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u != "ms") { print "?"; exit }
    printf "%.2f", n }'
}

# bench_wrk OUT_FILE wrk-args...: runs wrk --latency and sets WRK_RPS, WRK_P50_MS, WRK_P99_MS,
# WRK_NON2XX and WRK_SOCKET_ERRORS from its output. Returns 1 when wrk fails or its output
# cannot be read (the output is then on stderr).
bench_wrk() {
  local out="$1"
  shift
  wrk --latency "$@" >"$out" 2>&1 || { cat "$out" >&2; return 1; }
  local p50 p99
  WRK_RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(awk '/Latency Distribution/ { d = 1 } d && $1 == "50%" { print $2; exit }' "$out")
  p99=$(awk '/Latency Distribution/ { d = 1 } d && $1 == "99%" { print $2; exit }' "$out")
  WRK_NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  WRK_NON2XX=${WRK_NON2XX:-0}
  WRK_SOCKET_ERRORS=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out")
  WRK_SOCKET_ERRORS=${WRK_SOCKET_ERRORS:-0}
  if [ -z "$WRK_RPS" ] || [ -z "$p50" ] || [ -z "$p99" ]; then cat "$out" >&2; return 1; fi
  WRK_P50_MS=$(bench_to_ms "$p50")
  WRK_P99_MS=$(bench_to_ms "$p99")
}
