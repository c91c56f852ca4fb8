# Helpers of .ci/run (sourced). Every server started here is stopped by stop_all; logs
# go to $LOGS.

started=()

step() { printf '\n==> %s\n' "$*"; }
fail() {
  printf '\nCI FAILED: %s\n' "$*" >&2
  exit 1
}

# A copy of this checkout as a clone has it: no installed packages, builds or tmp/.
fresh_copy() {
  mkdir -p "$1"
  tar --exclude=./node_modules --exclude=./tmp --exclude=./build --exclude=./.adonisjs -cf - . |
    tar -xf - -C "$1"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until the URL answers 200, for at most $2 seconds (default 90).
wait_for_url() {
  local url="$1" limit="${2:-90}"
  for _ in $(seq 1 $((limit * 2))); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

# Starts "$@" in a process group of its own, output to $log; sets $pid.
start_group() {
  setsid "$@" >"$log" 2>&1 &
  pid=$!
  started+=("$pid")
}

# Stops a process group with a signal (SIGINT: `node ace serve` ignores SIGTERM) and
# waits up to 30 s for it to end.
stop_group() {
  local group="$1" signal="${2:-INT}"
  kill "-$signal" -- "-$group" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    kill -0 -- "-$group" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$group" 2>/dev/null || true
}

stop_all() {
  for group in "${started[@]}"; do stop_group "$group" INT; done
}

# /health says ok and the sign-in page is served, at the base URL $1.
check_served() {
  local base="$1" health page
  health="$(curl -fsS "$base/health")" || fail "$base/health did not answer 200"
  [ "$health" = '{"status":"ok","database":"ok"}' ] || fail "$base/health said $health"
  page="$(curl -fsS "$base/login")" || fail "$base/login did not answer 200"
  grep -q 'name="password"' <<<"$page" || fail "$base/login is not the sign-in page"
  echo "served at $base: /health ok, sign-in page"
}

# `npm run dev` in checkout $1: it prints the address it listens on, serves the sign-in
# page there, and a mail it writes links to that same address.
dev_server_check() {
  local dir="$1" port address email mail
  port="$(free_port)"
  log="$LOGS/dev-$(basename "$dir").log"
  start_group env -C "$dir" PORT="$port" npm run dev
  local group="$pid"
  for _ in $(seq 1 180); do
    address="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -o 'Server address: http://[^ ]*' | cut -d' ' -f3)" || true
    [ -n "$address" ] && break
    kill -0 "$group" 2>/dev/null || { cat "$log"; fail "npm run dev stopped"; }
    sleep 0.5
  done
  [ -n "$address" ] || { cat "$log"; fail "npm run dev printed no address"; }
  [ "$address" = "http://localhost:$port" ] || fail "npm run dev printed $address, not http://localhost:$port"
  wait_for_url "$address/health" 60 || { cat "$log"; fail "$address/health never answered"; }
  check_served "$address"
  email="ci-$RANDOM@example.com"
  curl -fsS -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"a long enough passphrase\"}" "$address/api/auth/register" ||
    fail "registration through the API failed"
  curl -fsS -o /dev/null -H 'content-type: application/json' -d "{\"email\":\"$email\"}" \
    "$address/api/auth/password-reset" || fail "the password reset ask failed"
  for _ in $(seq 1 20); do
    mail="$(grep -l "^To: $email" "$dir"/tmp/mails/*.txt 2>/dev/null | head -n 1)" || true
    [ -n "$mail" ] && break
    sleep 0.5
  done
  [ -n "$mail" ] || fail "no reset mail was written under tmp/mails"
  grep -q "^$address/password/reset/" "$mail" || fail "the mailed link does not point at $address"
  echo "the mailed link points at $address"
  stop_group "$group" INT
}

# A throwaway embedded PostgreSQL run from checkout $1 (it needs the development
# packages); sets $database_url.
start_throwaway_database() {
  log="$LOGS/database.log"
  start_group env -C "$1" ./node_modules/.bin/node .ci/throwaway_database.ts
  database_group="$pid"
  for _ in $(seq 1 120); do
    grep -q '^postgres://' "$log" 2>/dev/null && break
    sleep 0.5
  done
  database_url="$(grep -m 1 '^postgres://' "$log")" ||
    { cat "$log" >&2; fail "the throwaway database did not start"; }
}

stop_throwaway_database() { stop_group "$database_group" INT; }

# In deploy checkout $1, after its build: the production packages only, the migrations
# applied to database $2 (twice: the second finds nothing to do), `npm start`, served.
production_server_check() {
  local dir="$1" url="$2" port
  port="$(free_port)"
  (
    cd "$dir"
    export NODE_ENV=production DATABASE_URL="$url"
    npm prune --omit=dev --no-audit --no-fund
    [ ! -e node_modules/@poppinss/ts-exec ] || fail "npm prune left the development packages"
    npm run migrate
    npm run migrate
  ) || fail "the production migrations failed"
  log="$LOGS/start.log"
  start_group env -C "$dir" NODE_ENV=production DATABASE_URL="$url" PORT="$port" HOST=127.0.0.1 \
    APP_KEY="$(openssl rand -base64 48)" JWT_SECRET="$(openssl rand -base64 48)" \
    CORS_ORIGINS="http://127.0.0.1:$port" npm start
  local group="$pid"
  wait_for_url "http://127.0.0.1:$port/health" 60 || { cat "$log"; fail "npm start never served /health"; }
  check_served "http://127.0.0.1:$port"
  stop_group "$group" TERM
}
