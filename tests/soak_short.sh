#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The soak's short version for make check: 60 s on 20,000 entries with
# churn, samples every 10 s after a 20 s warm-up (tests/soak.sh says what
# is checked; `make soak` runs the long one).
export SOAK_SECONDS=${SOAK_SECONDS:-60} SOAK_WARMUP=${SOAK_WARMUP:-20} SOAK_EVERY=${SOAK_EVERY:-10}
export SOAK_CHURN=${SOAK_CHURN:-20} SOAK_CPU_RATIO=${SOAK_CPU_RATIO:-3}
exec bash "$(dirname "$0")/soak.sh" 1 20000
