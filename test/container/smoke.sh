#!/usr/bin/env bash
# Container smoke test: builds the project's Dockerfile with podman and proves the image works.
#
#   test/container/smoke.sh [build-context]      (default: the repository root; run by .ci/run)
#
# Steps (each prints PASS/FAIL/SKIP; the script exits non-zero on any FAIL):
#   tools      podman, runc and debootstrap (installed with apt-get when missing)
#   base       the stand-in docker.io/library/node:22-bookworm-slim (base-image.sh; cached)
#   build      the image, exactly from the Dockerfile users build elsewhere
#   image      its configuration: numeric non-root USER, tini entrypoint, `daemon` command,
#              HEALTHCHECK, /data volume
#   non-root   `id -u` inside is 10001
#   node       Node 22 inside; `--version` writes nothing to stderr (no AWS SDK Node warning)
#   prod-only  no dev dependencies (TypeScript, vitest, tsx, test fixtures) in the image
#   read-only  the root filesystem refuses writes
#   demo       `controlwatch demo` exits 0 with a read-only root, no network, evidence in /data, on 2 collection threads
#   verify     `verify` on the demo's store exits 0 ("chain intact")
#   daemon     `daemon --help` prints its usage; (when the build has it) `demo --serve` runs the daemon over the
#              demo estate; /readyz answers 200 after its first run; the image's HEALTHCHECK passes;
#              SIGTERM (`podman stop`) stops it with exit 0 within the grace period; verify passes.
#   deploy config  `--config … daemon` with deploy/controlwatch.yaml mounted as the deploy examples
#              mount it: /healthz 200, /readyz answers, SIGTERM exit 0.
#
# Podman settings for this kind of machine (../shared/CONTAINER.md): runc instead of crun, low
# ulimits, --network host for the build's package downloads, images named in full.
# Idempotent: the base image and the build's layers are cached; containers and volumes it creates
# are removed before and after.
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CONTEXT="${1:-$ROOT}"
IMAGE="${CONTROLWATCH_IMAGE:-localhost/controlwatch:test}"
GRACE="${SMOKE_STOP_GRACE:-30}"          # seconds `podman stop` waits before SIGKILL
READY_TIMEOUT="${SMOKE_READY_TIMEOUT:-180}"
PODMAN=(podman --runtime /usr/sbin/runc)
ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
# A hardened run: read-only root, no network (the demo's fakes are on loopback), no healthcheck
# timer (podman needs systemd for it; the daemon step runs the image's HEALTHCHECK by hand).
RUN=("${PODMAN[@]}" run --rm "${ULIMITS[@]}" --read-only --network none --no-healthcheck)
DEMO_VOLUME=controlwatch-smoke-demo
SERVE_VOLUME=controlwatch-smoke-serve
DEPLOY_VOLUME=controlwatch-smoke-deploy
SERVE_NAME=controlwatch-smoke-daemon
SERVE_TOKEN="smoke-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LOG_DIR="$(mktemp -d /tmp/controlwatch-smoke.XXXXXX)"

started=$SECONDS
failures=0
pass() { echo "PASS  $1"; }
fail() { echo "FAIL  $1"; failures=$((failures + 1)); }
skip() { echo "SKIP  $1"; }
# Prints a captured output file, indented, after a failure.
show() { sed 's/^/      | /' "$1" | tail -n "${2:-30}"; }

cleanup() {
  podman rm -f -t 0 "$SERVE_NAME" >/dev/null 2>&1
  podman volume rm -f "$DEMO_VOLUME" "$SERVE_VOLUME" "$DEPLOY_VOLUME" >/dev/null 2>&1
}

finish() {
  cleanup
  echo "---- container smoke test: $failures failure(s), ${SECONDS}s wall time (logs: $LOG_DIR)"
  [[ $failures -eq 0 ]] && exit 0 || exit 1
}

# ---- tools
if ! command -v podman >/dev/null || [[ ! -x /usr/sbin/runc ]] || ! command -v debootstrap >/dev/null; then
  echo "installing podman runc debootstrap"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=900 \
    podman runc debootstrap; } >"$LOG_DIR/apt.log" 2>&1; then
    fail "tools: apt-get install podman runc debootstrap"; show "$LOG_DIR/apt.log"; finish
  fi
fi
pass "tools: $(podman --version), runc, debootstrap"
cleanup

# ---- base
t=$SECONDS
if bash "$HERE/base-image.sh" >"$LOG_DIR/base.log" 2>&1; then
  pass "base: $(tail -n 1 "$LOG_DIR/base.log") ($((SECONDS - t))s)"
else
  fail "base: stand-in Node base image"; show "$LOG_DIR/base.log"; finish
fi

# ---- build (--format docker keeps HEALTHCHECK, which the OCI image format has no field for)
t=$SECONDS
if "${PODMAN[@]}" build --format docker --network host "${ULIMITS[@]}" -t "$IMAGE" "$CONTEXT" >"$LOG_DIR/build.log" 2>&1; then
  pass "build: $IMAGE from $CONTEXT/Dockerfile ($((SECONDS - t))s)"
else
  fail "build: podman build"; show "$LOG_DIR/build.log" 40; finish
fi

# ---- image configuration
config=$(podman image inspect --format 'user={{.Config.User}} entrypoint={{json .Config.Entrypoint}} cmd={{json .Config.Cmd}} healthcheck={{json .Config.Healthcheck.Test}} volumes={{json .Config.Volumes}}' "$IMAGE")
expect_config() {
  [[ "$config" == *"user=10001:10001 "* ]] \
    && [[ "$config" == *'entrypoint=["tini","--","controlwatch"]'* ]] \
    && [[ "$config" == *'cmd=["daemon"]'* ]] \
    && [[ "$config" == *'/healthz'* || "$config" == *'HEALTHCHECK_URL'* ]] \
    && [[ "$config" == *'"/data"'* ]]
}
if expect_config; then pass "image: $config"; else fail "image: $config"; fi

# ---- non-root
uid=$("${RUN[@]}" --entrypoint id "$IMAGE" -u 2>"$LOG_DIR/id.err")
if [[ "$uid" == "10001" ]]; then pass "non-root: id -u = $uid"; else fail "non-root: id -u = '$uid'"; show "$LOG_DIR/id.err"; fi

# ---- node version and a clean stderr
node_version=$("${RUN[@]}" --entrypoint node "$IMAGE" --version 2>/dev/null)
"${RUN[@]}" "$IMAGE" --version >"$LOG_DIR/version.out" 2>"$LOG_DIR/version.err"
rc=$?
if [[ "$node_version" == v22.* && $rc -eq 0 && ! -s "$LOG_DIR/version.err" ]]; then
  pass "node: $node_version; controlwatch --version = $(cat "$LOG_DIR/version.out"), empty stderr"
else
  fail "node: '$node_version', --version exit $rc, stderr:"; show "$LOG_DIR/version.err"
fi

# ---- production dependencies only
dev_found=$("${RUN[@]}" --entrypoint sh "$IMAGE" -c \
  'cd /app/node_modules && for d in typescript vitest tsx @vitest @octokit/fixtures @octokit/openapi @types; do [ -e "$d" ] && echo "$d"; done; true')
if [[ -z "$dev_found" ]]; then pass "prod-only: no dev dependencies in /app/node_modules"; else fail "prod-only: found $(echo $dev_found)"; fi

# ---- read-only root filesystem
if "${RUN[@]}" --entrypoint sh "$IMAGE" -c 'touch /app/x || touch /x' >"$LOG_DIR/ro.out" 2>&1; then
  fail "read-only: a write to the root filesystem succeeded"
else
  pass "read-only: writes to /app and / refused ($(head -n 1 "$LOG_DIR/ro.out"))"
fi

# ---- demo
t=$SECONDS
# At info level, so the log shows the demo's collection threads (collectionThreads: 2) started from the image's
# compiled code: a thread that could not start would leave "threads":1.
"${RUN[@]}" -v "$DEMO_VOLUME:/data" "$IMAGE" --log-level info demo >"$LOG_DIR/demo.out" 2>"$LOG_DIR/demo.err"
rc=$?
if [[ $rc -eq 0 ]] && grep -q 'controlwatch report — run 1' "$LOG_DIR/demo.out" && ! grep -q NodeVersionSupportWarning "$LOG_DIR/demo.err" \
  && grep -q '"threads":2,"msg":"collecting on threads"' "$LOG_DIR/demo.err"; then
  pass "demo: exit 0, report of run 1, collected on 2 threads, no Node version warning ($((SECONDS - t))s)"
else
  fail "demo: exit $rc"; show "$LOG_DIR/demo.out" 15; show "$LOG_DIR/demo.err" 15
fi

# ---- verify
"${RUN[@]}" -v "$DEMO_VOLUME:/data" "$IMAGE" --db /data/controlwatch-demo.db verify >"$LOG_DIR/verify.out" 2>&1
rc=$?
if [[ $rc -eq 0 ]] && grep -q 'chain intact' "$LOG_DIR/verify.out"; then
  pass "verify: exit 0, $(grep -m1 'chain intact' "$LOG_DIR/verify.out" | cut -c1-60)"
else
  fail "verify: exit $rc"; show "$LOG_DIR/verify.out"
fi

# ---- daemon: /readyz, HEALTHCHECK, SIGTERM
# Node's fetch inside the container: the daemon listens there, and the test needs no published port.
probe() { # probe <path> [jq-like node expression on the JSON body that must be true]: prints "<status> <body>", exits 0 on 200 (and the condition)
  podman exec "$SERVE_NAME" node -e "
    fetch('http://127.0.0.1:8080$1', { headers: { authorization: 'Bearer $SERVE_TOKEN' }, signal: AbortSignal.timeout(5000) })
      .then(async (r) => {
        const text = await r.text();
        console.log(r.status, text.slice(0, 300));
        const ok = r.status === 200 && (${2:-true});
        process.exit(ok ? 0 : 1);
      }, (e) => { console.log('no answer:', e.cause?.code ?? e.message); process.exit(1); })" 2>/dev/null
}

daemon_step() {
  # commander answers `<unknown> --help` with the root help and exit 0: look for the command's own usage.
  if "${RUN[@]}" "$IMAGE" daemon --help 2>/dev/null | grep -q '^Usage: controlwatch daemon'; then
    pass "daemon: \`controlwatch daemon --help\` prints its usage"
  else
    skip "daemon: this build has no \`controlwatch daemon\` yet (daemon --help is not its usage)"
  fi
  # The rest runs the daemon over the demo estate (`demo --serve`): the only configuration whose
  # first run succeeds without a cloud account.
  if ! "${RUN[@]}" "$IMAGE" demo --help 2>/dev/null | grep -q -- '--serve'; then
    skip "daemon: this build has no \`demo --serve\` yet: /readyz, HEALTHCHECK and SIGTERM not tested"
    return
  fi
  # The daemon over the demo estate and its fakes (the real scheduler: slot ledger, writer lock), in
  # its own store on its own volume, listening on all interfaces as in a deployment, so with a bearer
  # token (required off loopback). The probes and the image's HEALTHCHECK run inside the container.
  # The store is seeded with one plain demo run first: `demo --serve` then keeps it instead of writing
  # 90 days of history (minutes of runs on a CI machine; the history is not what this test is about).
  # Readiness must come from the daemon's own run, so the wait is for a sealed run after the seed's (id 1).
  "${RUN[@]}" -v "$SERVE_VOLUME:/data" "$IMAGE" --db /data/controlwatch-demo-serve.db demo >"$LOG_DIR/serve-seed.out" 2>&1 \
    || { fail "daemon: seeding the store with one demo run"; show "$LOG_DIR/serve-seed.out"; return; }
  # The healthcheck timer is left on (as users run it); podman's "no systemd" complaints are ignored.
  "${PODMAN[@]}" run -d --name "$SERVE_NAME" "${ULIMITS[@]}" --read-only --network none \
    -e CONTROLWATCH_SERVER_TOKEN="$SERVE_TOKEN" -v "$SERVE_VOLUME:/data" \
    "$IMAGE" --db /data/controlwatch-demo-serve.db demo --serve --listen 0.0.0.0:8080 --interval 5 \
    >/dev/null 2>"$LOG_DIR/serve-start.err" \
    || { fail "daemon: podman run demo --serve"; show "$LOG_DIR/serve-start.err"; return; }

  local t=$SECONDS answer=""
  until probe /api/runs 'JSON.parse(text).runs.some((run) => run.id > 1 && run.seal)' >/dev/null && answer=$(probe /readyz); do
    if [[ "$(podman inspect --format '{{.State.Running}}' "$SERVE_NAME")" != true ]]; then
      fail "daemon: exited before /readyz answered 200 (last: $answer)"; podman logs "$SERVE_NAME" >"$LOG_DIR/serve.log" 2>&1; show "$LOG_DIR/serve.log"; return
    fi
    if (( SECONDS - t > READY_TIMEOUT )); then
      fail "daemon: /readyz not 200 within ${READY_TIMEOUT}s (last: $answer)"; podman logs "$SERVE_NAME" >"$LOG_DIR/serve.log" 2>&1; show "$LOG_DIR/serve.log"; return
    fi
    sleep 2
  done
  pass "daemon: its first run sealed, then /readyz 200, after $((SECONDS - t))s ($(echo "$answer" | head -c 120))"

  if answer=$(probe /healthz); then pass "daemon: /healthz 200"; else fail "daemon: /healthz ($answer)"; fi
  if podman healthcheck run "$SERVE_NAME" >"$LOG_DIR/healthcheck.out" 2>&1; then
    pass "daemon: the image's HEALTHCHECK passes"
  else
    fail "daemon: podman healthcheck run"; show "$LOG_DIR/healthcheck.out"
  fi

  t=$SECONDS
  podman stop -t "$GRACE" "$SERVE_NAME" >/dev/null 2>"$LOG_DIR/stop.err"
  local took=$((SECONDS - t)) code
  code=$(podman inspect --format '{{.State.ExitCode}}' "$SERVE_NAME")
  podman logs "$SERVE_NAME" >"$LOG_DIR/serve.log" 2>&1
  # 0: the daemon handled SIGTERM (tini passes the signal on and returns Node's exit code);
  # 137 would mean podman gave up waiting and killed it.
  if [[ "$code" == 0 && $took -lt $GRACE ]]; then
    pass "daemon: SIGTERM stopped it in ${took}s (grace ${GRACE}s), exit 0; last log line: $(tail -n 1 "$LOG_DIR/serve.log" | cut -c1-100)"
  else
    fail "daemon: SIGTERM: exit $code after ${took}s (grace ${GRACE}s)"; show "$LOG_DIR/serve.log"
  fi
  podman rm -f "$SERVE_NAME" >/dev/null 2>&1

  # Every store the daemon left in /data (whatever its name) must verify.
  "${RUN[@]}" -v "$SERVE_VOLUME:/data" --entrypoint sh "$IMAGE" -c \
    'n=0; for f in /data/*.db; do [ -e "$f" ] || continue; n=$((n+1)); controlwatch --db "$f" verify || exit 1; done; [ $n -gt 0 ]' \
    >"$LOG_DIR/serve-verify.out" 2>&1
  local rc=$?
  if [[ $rc -eq 0 ]]; then pass "daemon: verify after the stop: exit 0"; else fail "daemon: verify after the stop: exit $rc"; show "$LOG_DIR/serve-verify.out"; fi
}
daemon_step

# ---- the deploy examples' configuration under the image's own command
# deploy/controlwatch.yaml mounted where compose and Kubernetes mount it, `--config … daemon` as they
# run it: the real daemon starts (no cloud here: nothing is due before the 06:00 slot and the network
# is off), /healthz answers 200, /readyz answers with its reason, SIGTERM stops it with exit 0.
deploy_step() {
  if ! "${RUN[@]}" "$IMAGE" daemon --help 2>/dev/null | grep -q '^Usage: controlwatch daemon'; then
    skip "deploy config: no \`controlwatch daemon\` in this build"; return
  fi
  "${PODMAN[@]}" run -d --name "$SERVE_NAME" "${ULIMITS[@]}" --read-only --network none \
    -e CONTROLWATCH_SERVER_TOKEN="$SERVE_TOKEN" -e GITHUB_TOKEN=smoke-not-a-token \
    -v "$DEPLOY_VOLUME:/data" -v "$ROOT/deploy/controlwatch.yaml:/etc/controlwatch/controlwatch.yaml:ro" \
    "$IMAGE" --config /etc/controlwatch/controlwatch.yaml daemon >/dev/null 2>"$LOG_DIR/deploy-start.err" \
    || { fail "deploy config: podman run … daemon"; show "$LOG_DIR/deploy-start.err"; return; }
  local t=$SECONDS answer=""
  until answer=$(probe /healthz); do
    if [[ "$(podman inspect --format '{{.State.Running}}' "$SERVE_NAME")" != true ]] || (( SECONDS - t > 60 )); then
      fail "deploy config: /healthz not 200 (last: $answer)"; podman logs "$SERVE_NAME" >"$LOG_DIR/deploy.log" 2>&1; show "$LOG_DIR/deploy.log"
      podman rm -f "$SERVE_NAME" >/dev/null 2>&1; return
    fi
    sleep 1
  done
  pass "deploy config: the daemon runs with deploy/controlwatch.yaml; /healthz 200 after $((SECONDS - t))s"
  answer=$(probe /readyz)
  if [[ "$answer" =~ ^[0-9]{3}\  ]]; then pass "deploy config: /readyz answers: $(echo "$answer" | head -c 140)"; else fail "deploy config: /readyz ($answer)"; fi
  # The deploy examples' stop grace (90 s): longer than schedule.shutdownGrace (60 s), in case a run
  # (a catch-up of today's slot, failing here for want of a network) is in progress.
  local grace=90
  t=$SECONDS
  podman stop -t "$grace" "$SERVE_NAME" >/dev/null 2>&1
  local took=$((SECONDS - t)) code
  code=$(podman inspect --format '{{.State.ExitCode}}' "$SERVE_NAME")
  podman logs "$SERVE_NAME" >"$LOG_DIR/deploy.log" 2>&1
  if [[ "$code" == 0 && $took -lt $grace ]]; then
    pass "deploy config: SIGTERM stopped it in ${took}s (grace ${grace}s), exit 0"
  else
    fail "deploy config: SIGTERM: exit $code after ${took}s (grace ${grace}s)"; show "$LOG_DIR/deploy.log"
  fi
  podman rm -f "$SERVE_NAME" >/dev/null 2>&1
}
deploy_step

finish
