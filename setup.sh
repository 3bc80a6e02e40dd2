#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Set up ctdash on a fresh Debian or Ubuntu machine, as root:
#   ./setup.sh          install the build dependencies (debhelper among
#                       them, for dpkg-buildpackage), build into ./build
#   ./setup.sh check    the same and the test dependencies, then every
#                       test: a -Werror build with the test hooks running
#                       make check, make analyse, make distcheck (the
#                       tarball built and its unit tests run: every
#                       integration and dashboard test already ran in
#                       both full passes) and make fuzz, and a
#                       second build with AddressSanitizer and UBSan
#                       running make check
# The tests need root: they create network namespaces of their own. Run
# by hand as a user, make check skips those; here every one must run
# (CTDASH_REQUIRE_ROOT_TESTS=1).
set -eu
cd "$(dirname "$0")"

BUILD_DEPS="build-essential autoconf automake pkg-config libmnl-dev
	libnetfilter-conntrack-dev libncurses-dev libcmocka-dev libmicrohttpd-dev libsqlite3-dev
	zlib1g-dev debhelper"
TEST_DEPS="conntrack sqlite3 nftables iproute2 tmux jq python3-yaml time util-linux procps curl
	prometheus prometheus-node-exporter clang valgrind heaptrack cppcheck"

# install_deps PACKAGES…
install_deps() {
	if ! command -v apt-get >/dev/null; then
		echo "setup.sh: no apt-get here; install by hand: $*" >&2
		return 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "setup.sh: run as root to install packages (skipping apt-get)" >&2
		return 0
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# build DIR [configure arguments…]
build() {
	dir=$1; shift
	[ -x configure ] || ./autogen.sh >/dev/null
	mkdir -p "$dir"
	(cd "$dir" && ../configure --enable-werror "$@" >/dev/null && make -j"$(nproc)")
}

if [ "${1:-}" != check ]; then
	# shellcheck disable=SC2086
	install_deps $BUILD_DEPS
	build build
	exit 0
fi
# shellcheck disable=SC2086
install_deps $BUILD_DEPS $TEST_DEPS
export CTDASH_REQUIRE_ROOT_TESTS=1
build build --enable-test-hooks
(cd build && make check && make analyse && make distcheck TESTS='$(UNIT_TESTS) tests/layers.sh tests/licence.sh' &&
	make fuzz FUZZ_SECONDS=30)
build build-asan --enable-test-hooks CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
	LDFLAGS="-fsanitize=address,undefined"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 make check)
