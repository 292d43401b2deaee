#!/usr/bin/env bash
# The browser tests of the inbox page: installs Debian's chromium (packages.txt) when it is
# missing, the pinned npm packages of tests/ui and of tests/contract (whose server and
# receiver helpers the tests import) when node_modules does not match the lockfile, then runs
# node --test on tests/ui/*.test.mjs headless against build/socialite. Arguments go to
# node --test (reporters, --test-name-pattern, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash ../../docker/install-deps.sh packages.txt

npm_ci_if_stale() {
  local lock_hash stamp="$1/node_modules/.socialite-lock-sha256"
  lock_hash="$(sha256sum "$1/package-lock.json" | cut -d' ' -f1)"
  [ "$(cat "$stamp" 2>/dev/null || true)" = "$lock_hash" ] && return 0
  (cd "$1" && npm ci --no-audit --no-fund) && echo "$lock_hash" >"$stamp"
}
npm_ci_if_stale ../contract
npm_ci_if_stale .

node --test --test-concurrency=1 --test-timeout=120000 "$@" ./*.test.mjs
