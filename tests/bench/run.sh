#!/usr/bin/env bash
# Measures the real app and prints figures: start-up, idle memory, and the affiliates table with
# 10,000 affiliates loaded (load time, scrolling frame times, sorting), the 10,000 × 500 and the
# 50,000 × 2,000 visibility matrix (load, memory, scrolling). Runs in the same headless
# session as the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E_PROGRAM="$(pwd)/tests/bench/app-metrics.mjs" exec bash tests/e2e/run.sh
