# Shared by the benchmark scripts (sourced, not run): messages, the Debian tools they need,
# stopping the servers they start, and the sandbox org's token and API usage.

say() { printf '\n==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# need_tools: GNU time, curl and python3, installed through apt when missing.
need_tools() {
  if [ ! -x /usr/bin/time ] || ! command -v curl >/dev/null || ! command -v python3 >/dev/null; then
    say "installing Debian packages: time curl python3"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time curl python3
  fi
}

# Servers started by a script: add each pid to `pids`; they are stopped on exit.
pids=()
stop_servers() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_servers EXIT

# wait_url LOG PATTERN: the URL a server printed after PATTERN.
wait_url() {
  local url=""
  for _ in $(seq 200); do
    url="$(grep -Eo "$2 http://127\.0\.0\.1:[0-9]+" "$1" 2>/dev/null | head -1 | awk '{print $NF}' || true)"
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.1
  done
  echo "no server in $1:" >&2; cat "$1" >&2; exit 1
}

token() { # token ORG_URL: an access token of the sandbox org's default admin
  curl -sf "$1/services/oauth2/token" -d grant_type=password -d client_id=sandbox \
    -d client_secret=sandbox-secret -d username=admin@sandbox.local -d password=sandbox |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

usage() { # usage ORG_URL: the org's API requests so far, this request included
  curl -sf -D - -o /dev/null "$1/services/data/v62.0/limits" -H "Authorization: Bearer $(token "$1")" |
    tr -d '\r' | awk -F'[=/]' 'tolower($0) ~ /^sforce-limit-info:/ {print $2; exit}'
}

count_records() { # count_records ORG_URL OBJECT: how many records the object holds
  curl -sf -G "$1/services/data/v62.0/query" -H "Authorization: Bearer $(token "$1")" \
    --data-urlencode "q=SELECT COUNT() FROM $2" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["totalSize"])'
}
