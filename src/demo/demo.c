#include "demo/demo.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demo/loadgen.h"
#include "collect/sysctl.h"

/* Shared between ctdash and the generator: ctdash sets the rate, the
 * generator reports what it made. */
struct demo_shared {
	atomic_uint rate;
	atomic_uint_least64_t tcp, udp, ping;
	atomic_int last_error;
};

#define TICK_MS 100
#define UDP_PORT_LO 20000
#define UDP_PORT_HI 60000
#define DEMO_SOURCES 8 /* 127.0.0.2 … 127.0.0.9 */

/* Every demo's table tracks all of its traffic, as a stateful firewall
 * would; the rule is the only thing loaded into the namespace. */
static const char nft_rules[] =
	"table inet ctdash_demo {\n"
	"	chain out {\n"
	"		type filter hook output priority 0; policy accept;\n"
	"		ct state new,established,related accept\n"
	"	}\n"
	"	chain in {\n"
	"		type filter hook input priority 0; policy accept;\n"
	"		ct state new,established,related accept\n"
	"	}\n"
	"}\n";

static const unsigned rate_steps[] = { 0, 10, 20, 50, 100, 200, 500, 1000, 2000 };
#define NSTEPS (sizeof rate_steps / sizeof rate_steps[0])

/* The demo a signal handler or exit() must clean up. */
static struct demo *volatile live_demo;
static bool exit_hook_set;
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Unmounting and unlinking are plain system calls: safe in a signal
 * handler and in the janitor. */
static void remove_netns(const char *path)
{
	umount2(path, MNT_DETACH);
	unlink(path);
}

static void quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* --- the janitor ------------------------------------------------------ */

/* Waits for ctdash to close the pipe, which happens however ctdash ends,
 * then removes the namespace if ctdash had not. It ignores the terminal's signals so a
 * Ctrl-C or a hang-up to the whole process group cannot stop it first. */
static void __attribute__((noreturn)) janitor_main(int rfd, const char *path)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	prctl(PR_SET_NAME, "ctdash-janitor");
	quiet_stdio();
	bool armed = false;
	for (;;) {
		char c;
		ssize_t r = read(rfd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		armed = c == 'a';
	}
	if (armed)
		remove_netns(path);
	_exit(0);
}

/* 'a': the namespace is ours, remove it when the pipe closes; 'd': it is
 * gone already. Before 'a', a name that existed is never touched. */
static void tell_janitor(struct demo *d, char c)
{
	if (d->janitor_fd >= 0)
		while (write(d->janitor_fd, &c, 1) < 0 && errno == EINTR)
			;
}

static int start_janitor(struct demo *d)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	if (pid == 0) {
		close(fds[1]);
		janitor_main(fds[0], d->path);
	}
	close(fds[0]);
	d->janitor = pid;
	d->janitor_fd = fds[1];
	return 0;
}

/* --- the namespace ------------------------------------------------------ */

/* As ip-netns(8) does: /run/netns is a shared mount point, so a namespace
 * bound there is seen from every mount namespace. */
static int prepare_netns_dir(void)
{
	if (mkdir(DEMO_NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mount("", DEMO_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) == 0)
		return 0;
	if (errno != EINVAL)
		return -errno;
	if (mount(DEMO_NETNS_DIR, DEMO_NETNS_DIR, "none", MS_BIND | MS_REC, NULL) < 0)
		return -errno;
	return mount("", DEMO_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) < 0 ? -errno : 0;
}

/* Unshare into a new network namespace and bind it at d->path. On
 * failure ctdash is back in the namespace it came from. */
static int create_netns(struct demo *d, char *err, size_t errlen)
{
	int ret = prepare_netns_dir();
	if (ret < 0) {
		snprintf(err, errlen, "cannot prepare %s: %s", DEMO_NETNS_DIR, strerror(-ret));
		return ret;
	}
	int fd = open(d->path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot create %s: %s", d->path, strerror(errno));
		return ret;
	}
	close(fd);
	int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0 || unshare(CLONE_NEWNET) < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot make a network namespace: %s", strerror(errno));
	} else if (mount("/proc/thread-self/ns/net", d->path, "none", MS_BIND, NULL) < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot bind the namespace at %s: %s", d->path, strerror(errno));
		setns(home, CLONE_NEWNET);
	}
	if (home >= 0)
		close(home);
	if (ret < 0)
		unlink(d->path);
	return ret;
}

static int loopback_up(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	int ret = 0;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		ret = -errno;
	ifr.ifr_flags |= IFF_UP;
	if (ret == 0 && ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int write_all_ignoring_sigpipe(int fd, const char *buf, size_t len)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigaction(SIGPIPE, &ign, &old);
	int ret = 0;
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			ret = -errno;
			break;
		}
		buf += w;
		len -= (size_t)w;
	}
	sigaction(SIGPIPE, &old, NULL);
	return ret;
}

/* `nft -f -` in the current namespace with the demo's rule on stdin. */
static int load_nft_rule(char *err, size_t errlen)
{
	int in[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(in[0]);
		close(in[1]);
		return -e;
	}
	if (pid == 0) {
		dup2(in[0], 0);
		execlp("nft", "nft", "-f", "-", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	write_all_ignoring_sigpipe(in[1], nft_rules, strlen(nft_rules));
	close(in[1]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(err, errlen, "nft (nftables) is not installed: --demo needs it to make "
			 "conntrack track the demo's traffic");
	else
		snprintf(err, errlen, "nft could not load the demo's `ct state` rule");
	return -ENOEXEC;
}

/* --- the generator ------------------------------------------------------ */

static void note_error(struct demo_shared *sh, int ret)
{
	if (ret < 0)
		atomic_store(&sh->last_error, ret);
}

/* Each tick: short TCP connections that end in TIME_WAIT (most of the
 * table, as behind a busy web front), one-way UDP flows, and pings. */
static void one_tick(struct demo_shared *sh, unsigned flows, unsigned round, uint16_t *port)
{
	struct lg_addr dst, src;
	char text[16];
	lg_addr_parse("127.0.0.1", &dst);
	snprintf(text, sizeof text, "127.0.0.%u", 2 + round % DEMO_SOURCES);
	lg_addr_parse(text, &src);
	unsigned ntcp = flows * 7 / 10, nping = flows / 20, nudp = flows - ntcp - nping;
	if (ntcp) {
		unsigned done = 0;
		note_error(sh, lg_tcp_timewait(&src, &dst, ntcp, &done));
		atomic_fetch_add(&sh->tcp, done);
	}
	if (nudp) {
		if (*port + nudp > UDP_PORT_HI)
			*port = UDP_PORT_LO;
		struct lg_udp_flows f = {
			.src = src, .dst = dst,
			.port_lo = *port, .port_hi = (uint16_t)(*port + nudp - 1),
			.sockets = 1, .limit = nudp,
		};
		uint64_t sent = 0;
		note_error(sh, lg_udp_send(&f, &sent));
		atomic_fetch_add(&sh->udp, sent);
		*port = (uint16_t)(*port + nudp);
	}
	if (nping) {
		unsigned replies = 0;
		note_error(sh, lg_ping(&dst, nping, &replies));
		atomic_fetch_add(&sh->ping, nping);
	}
}

static void __attribute__((noreturn)) generator_main(struct demo_shared *sh, pid_t parent)
{
	/* a SIGKILLed ctdash takes the generator with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	prctl(PR_SET_NAME, "ctdash-loadgen");
	quiet_stdio();
	double carry = 0;
	uint16_t port = UDP_PORT_LO;
	for (unsigned round = 0;; round++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		carry += atomic_load(&sh->rate) * (TICK_MS / 1000.0);
		unsigned flows = (unsigned)carry;
		carry -= flows;
		one_tick(sh, flows, round, &port);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long spent = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (spent < TICK_MS)
			sleep_ms(TICK_MS - spent);
	}
}

static int start_generator(struct demo *d)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(d->janitor_fd); /* only ctdash may hold it open */
		generator_main(d->shared, parent);
	}
	d->generator = pid;
	return 0;
}

/* --- the ways out ------------------------------------------------------- */

static void on_fatal_signal(int sig)
{
	struct demo *d = live_demo;
	if (d) {
		if (d->generator > 0)
			kill(d->generator, SIGKILL);
		remove_netns(d->path);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void at_exit(void)
{
	if (live_demo)
		demo_stop(live_demo);
}

/* Only signals still at their default: the dashboard installs its own
 * handlers later, which end in demo_stop through a normal return. */
static void catch_fatal_signals(void)
{
	for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
		struct sigaction old, sa = { .sa_handler = on_fatal_signal };
		sigemptyset(&sa.sa_mask);
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(fatal_signals[i], &sa, NULL);
	}
	if (!exit_hook_set)
		exit_hook_set = atexit(at_exit) == 0;
}

static void release_fatal_signals(void)
{
	for (unsigned i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
		struct sigaction cur;
		if (sigaction(fatal_signals[i], NULL, &cur) == 0 && cur.sa_handler == on_fatal_signal)
			signal(fatal_signals[i], SIG_DFL);
	}
}

int demo_start(struct demo *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	d->janitor_fd = -1;
	snprintf(d->name, sizeof d->name, DEMO_NAME_PREFIX "%d", (int)getpid());
	snprintf(d->path, sizeof d->path, DEMO_NETNS_DIR "/%s", d->name);
	d->shared = mmap(NULL, sizeof *d->shared, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (d->shared == MAP_FAILED) {
		d->shared = NULL;
		snprintf(err, errlen, "cannot map memory for the demo: %s", strerror(errno));
		return -ENOMEM;
	}
	atomic_store(&d->shared->rate, DEMO_RATE_DEFAULT);

	int ret = start_janitor(d);
	if (ret < 0) {
		snprintf(err, errlen, "cannot start the demo's janitor: %s", strerror(-ret));
		demo_stop(d);
		return ret;
	}
	ret = create_netns(d, err, errlen);
	if (ret < 0) {
		if (ret == -EPERM)
			snprintf(err, errlen, "--demo needs root: it creates a network namespace");
		demo_stop(d);
		return ret;
	}
	d->active = true;
	tell_janitor(d, 'a');
	live_demo = d;
	catch_fatal_signals();
	ret = loopback_up();
	if (ret < 0)
		snprintf(err, errlen, "cannot bring up lo in the demo namespace: %s", strerror(-ret));
	if (ret == 0)
		ret = load_nft_rule(err, errlen);
	if (ret == 0) {
		ret = start_generator(d);
		if (ret < 0)
			snprintf(err, errlen, "cannot start the load generator: %s", strerror(-ret));
	}
	if (ret < 0)
		demo_stop(d);
	return ret;
}

void demo_stop(struct demo *d)
{
	if (d->generator > 0) {
		kill(d->generator, SIGKILL);
		while (waitpid(d->generator, NULL, 0) < 0 && errno == EINTR)
			;
		d->generator = 0;
	}
	if (d->active) {
		remove_netns(d->path);
		tell_janitor(d, 'd');
	}
	d->active = false;
	if (live_demo == d) {
		live_demo = NULL;
		release_fatal_signals();
	}
	if (d->janitor_fd >= 0) {
		close(d->janitor_fd);
		d->janitor_fd = -1;
	}
	if (d->janitor > 0) {
		while (waitpid(d->janitor, NULL, 0) < 0 && errno == EINTR)
			;
		d->janitor = 0;
	}
	if (d->shared) {
		munmap(d->shared, sizeof *d->shared);
		d->shared = NULL;
	}
}

struct demo *demo_active(void)
{
	return live_demo;
}

unsigned demo_rate(const struct demo *d)
{
	return d->shared ? atomic_load(&d->shared->rate) : 0;
}

unsigned demo_set_rate(struct demo *d, unsigned per_second)
{
	if (per_second > DEMO_RATE_MAX)
		per_second = DEMO_RATE_MAX;
	if (d->shared)
		atomic_store(&d->shared->rate, per_second);
	return demo_rate(d);
}

unsigned demo_rate_up(struct demo *d)
{
	unsigned cur = demo_rate(d);
	for (unsigned i = 0; i < NSTEPS; i++)
		if (rate_steps[i] > cur)
			return demo_set_rate(d, rate_steps[i]);
	return cur;
}

unsigned demo_rate_down(struct demo *d)
{
	unsigned cur = demo_rate(d);
	for (unsigned i = NSTEPS; i-- > 0;)
		if (rate_steps[i] < cur)
			return demo_set_rate(d, rate_steps[i]);
	return cur;
}

void demo_counts(const struct demo *d, struct demo_counts *c)
{
	memset(c, 0, sizeof *c);
	if (!d->shared)
		return;
	c->tcp = atomic_load(&d->shared->tcp);
	c->udp = atomic_load(&d->shared->udp);
	c->ping = atomic_load(&d->shared->ping);
	c->last_error = atomic_load(&d->shared->last_error);
}

int64_t demo_wait_for_entries(uint64_t min, unsigned timeout_ms)
{
	uint64_t count = 0;
	for (unsigned waited = 0;; waited += 50) {
		int ret = sysctl_read_u64("nf_conntrack_count", &count);
		if (ret < 0)
			return ret;
		if (count >= min || waited >= timeout_ms)
			return (int64_t)count;
		sleep_ms(50);
	}
}
