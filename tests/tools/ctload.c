/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctload: the loopback load generator (src/loadgen.c) for shell scripts.
 * Run it inside the network namespace to fill, e.g.
 *   ip netns exec NS ctload udp --src 127.0.0.2 --dst 127.0.0.1 --ports 20000-20999
 * `ctload nft-ruleset` prints the ruleset that makes conntrack track all
 * flows (the demo's own), for tests/lib/lib.sh.
 * Exit status: 0 done, 1 the traffic could not be made, 2 bad command line
 * (a non-loopback address among them). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "demo/demo_nft.h"
#include "demo/loadgen.h"
#include "base/parse.h"
#include "ctnat.h"

#define DEFAULT_HOLD_SECONDS 3600

struct args {
	const char *cmd;
	struct lg_addr src, dst;
	bool have_src, have_dst;
	uint16_t port_lo, port_hi;
	bool have_ports;
	unsigned sockets;
	uint64_t count;
	bool have_count;
	struct lg_addr first_src;
	unsigned nsrc;
	unsigned hold_seconds;
	uint64_t rate;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: ctload COMMAND [OPTION]...\n"
		"Make loopback traffic in the current network namespace, so that conntrack\n"
		"holds known entries. Only 127.0.0.0/8 and ::1 are accepted as addresses.\n"
		"\n"
		"  udp          --src A --dst B --ports LO-HI [--sockets N]\n"
		"               one datagram per (source port, destination port): UNREPLIED flows\n"
		"  udp6         --ports LO-HI [--sockets N]    the same from ::1 to ::1\n"
		"  tcp-timewait --count N [--src A] [--dst B]  connections left in TIME_WAIT\n"
		"               (up to about 14,000 entries per source address)\n"
		"  tcp-hold     --count N [--src A] [--dst B] [--seconds S]\n"
		"               ESTABLISHED connections; prints \"ready\" and holds them until\n"
		"               killed, or S seconds (default %d)\n"
		"  ping         --count N [--dst A]            echo requests, A may be ::1\n"
		"  fill         --count N --sources A-B [--dst B]\n"
		"               N UDP flows spread over the IPv4 sources A to B (big tables)\n"
		"  nat-fill     --count N --sources A-B\n"
		"               N UDP entries both SNATed and DNATed, made over ctnetlink\n"
		"               (to 127.0.0.253:53, backends 127.0.0.100-103, translated\n"
		"               sources 127.0.0.200-215; 127.0.0.103 never replied)\n"
		"  nft-ruleset  print the nft ruleset that makes conntrack track every flow\n"
		"               (the demo's; tests load it with `ctload nft-ruleset | nft -f -`)\n"
		"  churn        --rate R --seconds S [--src A] [--dst B]\n"
		"               R new UDP flows a second for S seconds, evenly paced\n"
		"\n"
		"Defaults: --src and --dst 127.0.0.1 (::1 for udp6), --sockets 1.\n",
		DEFAULT_HOLD_SECONDS);
}

/* A bad command line: say why, show the usage, return -1. */
__attribute__((format(printf, 1, 2)))
static int bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "ctload: ");
	vfprintf(stderr, fmt, ap);
	fputs("\n\n", stderr);
	va_end(ap);
	usage(stderr);
	return -1;
}

/* A command without what it needs: exit status 2. */
static int needs(const char *cmd, const char *what)
{
	fprintf(stderr, "ctload %s: needs %s\n\n", cmd, what);
	usage(stderr);
	return 2;
}

static int take_addr(const char *text, struct lg_addr *a)
{
	int ret = lg_addr_parse(text, a);
	if (ret == -EPERM) {
		fprintf(stderr, "ctload: refusing %s: not a loopback address "
			"(only 127.0.0.0/8 and ::1 are allowed)\n", text);
		return -1;
	}
	return ret < 0 ? bad("'%s' is not an IP address", text) : 0;
}

/* Split "LO-HI" at its dash; false when there is none or a part would
 * not fit in len bytes. */
static bool split_range(const char *text, char *lo, char *hi, size_t len)
{
	const char *dash = strchr(text, '-');
	if (!dash || (size_t)(dash - text) >= len || strlen(dash + 1) >= len)
		return false;
	memcpy(lo, text, (size_t)(dash - text));
	lo[dash - text] = '\0';
	strcpy(hi, dash + 1);
	return true;
}

static int take_ports(const char *text, struct args *a)
{
	char lo[16], hi[16];
	uint64_t l, h;
	if (!split_range(text, lo, hi, sizeof lo) || !parse_uint(lo, 65535, &l) ||
	    !parse_uint(hi, 65535, &h) || l == 0 || l > h)
		return bad("bad port range '%s': expected LO-HI within 1-65535", text);
	a->port_lo = (uint16_t)l;
	a->port_hi = (uint16_t)h;
	a->have_ports = true;
	return 0;
}

static int take_sources(const char *text, struct args *a)
{
	char lo[INET6_ADDRSTRLEN], hi[INET6_ADDRSTRLEN];
	struct lg_addr last;
	if (!split_range(text, lo, hi, sizeof lo))
		return bad("bad source range '%s': expected A-B, e.g. 127.0.1.1-127.0.1.8", text);
	if (take_addr(lo, &a->first_src) < 0 || take_addr(hi, &last) < 0)
		return -1;
	uint32_t first = ntohl(a->first_src.v4.s_addr), end = ntohl(last.v4.s_addr);
	if (a->first_src.family != AF_INET || last.family != AF_INET || end < first)
		return bad("bad source range '%s': expected two IPv4 addresses, lowest first", text);
	a->nsrc = end - first + 1;
	return 0;
}

static int take_uint(const char *text, uint64_t max, uint64_t *v, const char *opt)
{
	if (parse_uint(text, max, v))
		return 0;
	fprintf(stderr, "ctload: invalid value '%s' for %s: expected a whole number up to %llu\n\n",
		text, opt, (unsigned long long)max);
	usage(stderr);
	return -1;
}

static const struct option longopts[] = {
	{ "src", required_argument, NULL, 's' },
	{ "dst", required_argument, NULL, 'd' },
	{ "ports", required_argument, NULL, 'p' },
	{ "sockets", required_argument, NULL, 'k' },
	{ "count", required_argument, NULL, 'c' },
	{ "sources", required_argument, NULL, 'S' },
	{ "seconds", required_argument, NULL, 't' },
	{ "rate", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int take_option(int c, const char *arg, struct args *a)
{
	uint64_t v;
	switch (c) {
	case 's':
		a->have_src = true;
		return take_addr(arg, &a->src);
	case 'd':
		a->have_dst = true;
		return take_addr(arg, &a->dst);
	case 'p':
		return take_ports(arg, a);
	case 'k':
		if (take_uint(arg, 65536, &v, "--sockets") < 0)
			return -1;
		a->sockets = (unsigned)v;
		return 0;
	case 'c':
		a->have_count = true;
		return take_uint(arg, UINT32_MAX, &a->count, "--count");
	case 'S':
		return take_sources(arg, a);
	case 't':
		if (take_uint(arg, 86400, &v, "--seconds") < 0)
			return -1;
		a->hold_seconds = (unsigned)v;
		return 0;
	case 'r':
		return take_uint(arg, 1000000, &a->rate, "--rate");
	case ':':
		return bad("option '%s' needs a value", arg);
	default:
		return bad("unknown option '%s'", arg);
	}
}

static int parse_args(int argc, char **argv, struct args *a)
{
	*a = (struct args){ .hold_seconds = DEFAULT_HOLD_SECONDS };
	if (argc < 2)
		return bad("no command given");
	a->cmd = argv[1];
	if (strcmp(a->cmd, "--help") == 0 || strcmp(a->cmd, "-h") == 0)
		return 1;
	int c;
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h')
			return 1;
		if (take_option(c, c == ':' || c == '?' ? argv[optind - 1] : optarg, a) < 0)
			return -1;
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Fill in the defaults; both ends must be of one family. */
static int settle_addrs(struct args *a, int family)
{
	const char *dflt = family == AF_INET6 ? "::1" : "127.0.0.1";
	if (!a->have_dst)
		lg_addr_parse(dflt, &a->dst);
	if (!a->have_src)
		lg_addr_parse(a->dst.family == AF_INET6 ? "::1" : "127.0.0.1", &a->src);
	if (family && a->dst.family != family)
		return bad("%s takes only IPv%d addresses", a->cmd, family == AF_INET ? 4 : 6);
	if (a->src.family != a->dst.family)
		return bad("--src and --dst must be of the same family");
	return 0;
}

static int report(const char *cmd, int ret)
{
	if (ret == 0)
		return 0;
	fprintf(stderr, "ctload %s: %s\n", cmd,
		ret == -EPERM ? "refused: not a loopback address" : strerror(-ret));
	return 1;
}

static int run_udp(struct args *a, int family)
{
	if (!a->have_ports)
		return needs(a->cmd, "--ports LO-HI");
	if (settle_addrs(a, family) < 0)
		return 2;
	struct lg_udp_flows f = {
		.src = a->src, .dst = a->dst,
		.port_lo = a->port_lo, .port_hi = a->port_hi,
		.sockets = a->sockets,
	};
	uint64_t sent;
	double t0 = mono_ms() / 1e3;
	int ret = lg_udp_send(&f, &sent);
	printf("%s: %llu flows in %.2f s\n", a->cmd, (unsigned long long)sent, mono_ms() / 1e3 - t0);
	return report(a->cmd, ret);
}

static int run_fill(struct args *a)
{
	if (!a->have_count || !a->nsrc)
		return needs(a->cmd, "--count N and --sources A-B");
	if (settle_addrs(a, AF_INET) < 0)
		return 2;
	uint64_t sent;
	double t0 = mono_ms() / 1e3;
	int ret = lg_udp_fill(&a->first_src, a->nsrc, &a->dst, a->count, &sent);
	printf("fill: %llu flows from %u sources in %.2f s\n", (unsigned long long)sent,
	       a->nsrc, mono_ms() / 1e3 - t0);
	return report(a->cmd, ret);
}

static int run_nat_fill(struct args *a)
{
	if (!a->have_count || !a->nsrc)
		return needs(a->cmd, "--count N and --sources A-B");
	uint64_t made;
	double t0 = mono_ms() / 1e3;
	int ret = ctnat_fill(&a->first_src, a->nsrc, a->count, &made);
	printf("nat-fill: %llu entries from %u sources in %.2f s\n", (unsigned long long)made,
	       a->nsrc, mono_ms() / 1e3 - t0);
	return report(a->cmd, ret);
}

/* Known churn: every 10 ms the flows due so far, each call from a fresh
 * socket (a new source port) to consecutive destination ports, so every
 * datagram is a new entry. */
static int run_churn(struct args *a)
{
	if (!a->rate || a->hold_seconds == DEFAULT_HOLD_SECONDS)
		return needs(a->cmd, "--rate R and --seconds S");
	if (settle_addrs(a, 0) < 0)
		return 2;
	double t0 = mono_ms() / 1e3, end = t0 + a->hold_seconds;
	uint64_t sent = 0;
	for (double now = t0; now < end; now = mono_ms() / 1e3) {
		uint64_t due = (uint64_t)((now - t0) * (double)a->rate);
		while (sent < due) {
			uint64_t n = due - sent > 20000 ? 20000 : due - sent;
			struct lg_udp_flows f = {
				.src = a->src, .dst = a->dst, .sockets = 1,
				.port_lo = 20000, .port_hi = (uint16_t)(20000 + n - 1),
			};
			uint64_t got = 0;
			int ret = lg_udp_send(&f, &got);
			sent += got;
			if (ret < 0)
				return report(a->cmd, ret);
		}
		sleep_ms(10);
	}
	printf("churn: %llu flows in %.2f s\n", (unsigned long long)sent, mono_ms() / 1e3 - t0);
	return 0;
}

static int run_timewait(struct args *a)
{
	if (!a->have_count)
		return needs(a->cmd, "--count N");
	if (settle_addrs(a, 0) < 0)
		return 2;
	unsigned done;
	int ret = lg_tcp_timewait(&a->src, &a->dst, (unsigned)a->count, &done);
	printf("tcp-timewait: %u connections closed\n", done);
	return report(a->cmd, ret);
}

/* Two descriptors per connection: make sure the soft limit allows it. */
static void raise_fd_limit(uint64_t connections)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rlim_t want = (rlim_t)(2 * connections + 64);
		rl.rlim_cur = want < rl.rlim_max ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void on_alarm(int sig)
{
	(void)sig; /* only here to make pause() return */
}

static int run_hold(struct args *a)
{
	if (!a->have_count)
		return needs(a->cmd, "--count N");
	if (settle_addrs(a, 0) < 0)
		return 2;
	raise_fd_limit(a->count);
	struct lg_tcp_held h;
	int ret = lg_tcp_hold(&a->src, &a->dst, (unsigned)a->count, &h);
	if (ret < 0) {
		fprintf(stderr, "ctload tcp-hold: %u of %llu connections opened\n", h.n,
			(unsigned long long)a->count);
		lg_tcp_release(&h);
		return report(a->cmd, ret);
	}
	printf("ready\n");
	fflush(stdout);
	/* SIGTERM or SIGINT ends the hold by their default action; the alarm
	 * ends it quietly, so a forgotten holder does not live on. */
	signal(SIGALRM, on_alarm);
	alarm(a->hold_seconds);
	pause();
	lg_tcp_release(&h);
	return 0;
}

static int run_ping(struct args *a)
{
	if (!a->have_count)
		return needs(a->cmd, "--count N");
	if (settle_addrs(a, 0) < 0)
		return 2;
	unsigned replies;
	int ret = lg_ping(&a->dst, (unsigned)a->count, &replies);
	printf("ping: %llu echo requests, %u replies\n", (unsigned long long)a->count, replies);
	if (ret == 0 && replies != a->count) {
		fprintf(stderr, "ctload ping: some echo requests were not answered\n");
		return 1;
	}
	return report(a->cmd, ret);
}

int main(int argc, char **argv)
{
	struct args a;
	int ret = parse_args(argc, argv, &a);
	if (ret != 0) {
		if (ret > 0)
			usage(stdout);
		return ret > 0 ? 0 : 2;
	}
	if (strcmp(a.cmd, "udp") == 0)
		return run_udp(&a, AF_INET);
	if (strcmp(a.cmd, "udp6") == 0)
		return run_udp(&a, AF_INET6);
	if (strcmp(a.cmd, "fill") == 0)
		return run_fill(&a);
	if (strcmp(a.cmd, "nat-fill") == 0)
		return run_nat_fill(&a);
	if (strcmp(a.cmd, "churn") == 0)
		return run_churn(&a);
	if (strcmp(a.cmd, "tcp-timewait") == 0)
		return run_timewait(&a);
	if (strcmp(a.cmd, "tcp-hold") == 0)
		return run_hold(&a);
	if (strcmp(a.cmd, "ping") == 0)
		return run_ping(&a);
	if (strcmp(a.cmd, "nft-ruleset") == 0)
		return fputs(demo_nft_ruleset, stdout) < 0 || fflush(stdout) != 0;
	bad("unknown command '%s'", a.cmd);
	return 2;
}
