/* SPDX-License-Identifier: GPL-2.0-or-later */
/* keylat: how long a terminal program takes to answer keys, measured on
 * the program's own output stream instead of through tmux's screen
 * polling (which adds 50 ms and more of its own).
 *
 *   keylat [options] -k KEYS [-e TEXT] [-k KEYS [-e TEXT]]... -- CMD [ARG]...
 *
 * CMD runs on a pseudo-terminal of the given size (forkpty). keylat waits
 * until its output holds the ready text (-r), then N times (-n) goes
 * through the steps: writes a step's KEYS, and times (CLOCK_MONOTONIC)
 * from the write until the output that came after it holds the step's
 * TEXT. A step without TEXT (it needs -q MS) times the first output byte
 * after the keys and the last one before the output stays quiet for MS.
 * The pty is read all the time, also between steps, so the program never
 * blocks on its output. Curses programs draw with escape sequences
 * between the characters: plain matching works for text drawn in one run;
 * -S strips CSI/OSC and other escape sequences before matching.
 *
 * Options:
 *   -s COLSxROWS  terminal size (default 160x45)
 *   -T TERM       TERM for the program (default xterm-256color)
 *   -r TEXT       ready text (default: the first output byte)
 *   -w SECONDS    how long to wait for the ready text (default 60)
 *   -t SECONDS    how long to wait for a step's text (default 10)
 *   -n N          rounds of the steps (default 10)
 *   -p MS         pause after each step, reading (default 100)
 *   -S            match on the output without escape sequences
 *   -q MS         first-byte and quiet timing for the steps without -e
 *   -H SECONDS    after the rounds, keep reading SECONDS and report the
 *                 program's CPU (user+sys, /proc/PID/stat) over them
 *   -i KEYS       keys written once after the ready text, before the rounds
 *   -I TEXT       the text to wait for after them (timed: "init ms=")
 *   -x KEYS       keys written at the end (e.g. q), then wait for the exit
 *   -o FILE       copy the output (stripped with -S), at most 4 MiB, to FILE
 * KEYS take C escapes: \e \n \r \t \\ \xHH, and \w waits 500 ms (reading).
 * Curses programs turn the keypad on: the arrows are then \eOA \eOB \eOC
 * \eOD (not \e[A), F1-F4 \eOP-\eOS, F5 \e[15~, F6 \e[17~ (xterm).
 * A key that changes nothing on the screen makes no output: its -q
 * figure is the next output, whatever caused it (say the next refresh).
 *
 * Output lines (name=value, for scripts):
 *   ready ms=...
 *   init ms=...
 *   key step=S round=R ms=... [first_ms=...]
 *   summary step=S keys=... n=... min=... median=... max=...
 *   hold s=... cpu_ms=...
 *   child exit=... user_s=... sys_s=... maxrss_kib=...
 * Exit status: 0; 1 when a wait timed out or the program failed to
 * start; 2 for a bad command line. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/tools/escstrip.h"

#define STEPS_MAX 16
#define WINDOW_MAX (1u << 20)  /* output kept for matching since the keys */
#define COPY_MAX (4u << 20)    /* -o cap */

struct step {
	char keys[256];
	size_t nkeys;
	const char *shown;     /* the -k argument, for the summary */
	const char *expect;    /* NULL in -q mode */
	double *ms;            /* one a round */
};

struct run {
	int fd;                /* the pty's master side */
	pid_t pid;
	bool strip;
	struct esc_strip es;
	char *win;             /* output since the last keys (for matching) */
	size_t nwin;
	FILE *copy;
	size_t copied;
	bool eof;
	bool shifted;          /* the window dropped its front since the last look */
	double last_byte_ms;   /* when output last came */
	double first_byte_ms;  /* first output after the mark, 0: none yet */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* C escapes into out; \w becomes the byte 0 (a pause). -1 on a bad one. */
static int unescape(const char *s, char *out, size_t cap, size_t *n)
{
	size_t o = 0;
	for (; *s; s++) {
		if (o + 1 >= cap)
			return -1;
		char c = *s;
		if (c == '\\') {
			c = *++s;
			switch (c) {
			case 'e': c = 0x1b; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'w': c = 0; break;
			case '\\': break;
			case 'x': {
				int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
				if (lo < 0 || (hi == 0 && lo == 0))
					return -1;
				c = (char)(hi * 16 + lo);
				s += 2;
				break;
			}
			default: return -1;
			}
		}
		out[o++] = c;
	}
	*n = o;
	return 0;
}

/* Forget the output so far: matching starts with what comes next. */
static void mark(struct run *r)
{
	r->nwin = 0;
	r->first_byte_ms = 0;
}

static void keep(struct run *r, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (r->first_byte_ms == 0)
		r->first_byte_ms = now_ms();
	if (r->copy && r->copied < COPY_MAX) {
		size_t take = n < COPY_MAX - r->copied ? n : COPY_MAX - r->copied;
		r->copied += fwrite(p, 1, take, r->copy);
	}
	if (n > WINDOW_MAX) {
		p += n - WINDOW_MAX;
		n = WINDOW_MAX;
	}
	if (r->nwin + n > WINDOW_MAX) { /* keep the newest half */
		size_t drop = r->nwin - WINDOW_MAX / 2;
		memmove(r->win, r->win + drop, r->nwin - drop);
		r->nwin -= drop;
		r->shifted = true;
		if (r->nwin + n > WINDOW_MAX)
			r->nwin = 0;
	}
	memcpy(r->win + r->nwin, p, n);
	r->nwin += n;
}

/* Read what is there, waiting up to wait_ms for something. Returns the
 * bytes read (0: nothing in time or the end). */
static size_t pump(struct run *r, int wait_ms)
{
	if (r->eof)
		return 0;
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	int ready = poll(&p, 1, wait_ms < 0 ? 0 : wait_ms);
	if (ready <= 0)
		return 0;
	char buf[65536];
	ssize_t got = read(r->fd, buf, sizeof buf);
	if (got <= 0) {
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			return 0;
		r->eof = true; /* EIO: the program's side is closed */
		return 0;
	}
	r->last_byte_ms = now_ms();
	size_t n = (size_t)got;
	if (r->strip)
		n = esc_strip(&r->es, buf, n, buf);
	keep(r, buf, n);
	return (size_t)got;
}

/* Read for ms milliseconds whatever comes. */
static void drain_for(struct run *r, double ms)
{
	double end = now_ms() + ms;
	for (double t = now_ms(); t < end && !r->eof; t = now_ms())
		pump(r, (int)(end - t) + 1);
}

/* Wait until the output since the mark holds text; its time, or -1. */
static double wait_text(struct run *r, const char *text, double t0, double limit_ms)
{
	size_t len = strlen(text), from = 0;
	for (;;) {
		if (r->nwin >= len && memmem(r->win + from, r->nwin - from, text, len))
			return now_ms() - t0;
		from = r->nwin >= len ? r->nwin - len + 1 : 0;
		double left = t0 + limit_ms - now_ms();
		if (left <= 0 || r->eof)
			return -1;
		r->shifted = false;
		pump(r, (int)left + 1);
		if (r->shifted || r->nwin < from)
			from = 0; /* the front was dropped: look at all that is left */
	}
}

/* Wait for the first byte, then until quiet_ms pass without output: the
 * last byte's time, or -1 when nothing came in limit_ms. */
static double wait_quiet(struct run *r, double t0, double quiet_ms, double limit_ms,
			 double *first)
{
	while (r->first_byte_ms == 0) {
		double left = t0 + limit_ms - now_ms();
		if (left <= 0 || r->eof)
			return -1;
		pump(r, (int)left + 1);
	}
	*first = r->first_byte_ms - t0;
	while (!r->eof && now_ms() - r->last_byte_ms < quiet_ms)
		pump(r, (int)(quiet_ms - (now_ms() - r->last_byte_ms)) + 1);
	return r->last_byte_ms - t0;
}

static int write_keys(struct run *r, const char *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (keys[i] == 0) {
			drain_for(r, 500);
			continue;
		}
		size_t j = i;
		while (j < n && keys[j] != 0)
			j++;
		if (write(r->fd, keys + i, j - i) != (ssize_t)(j - i))
			return -1;
		i = j - 1;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void summary(int s, const struct step *st, unsigned n)
{
	if (n == 0)
		return;
	double *v = malloc(n * sizeof *v);
	if (!v)
		return;
	memcpy(v, st->ms, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("summary step=%d keys=%s n=%u min=%.1f median=%.1f max=%.1f\n", s + 1, st->shown, n,
	       v[0], med, v[n - 1]);
	free(v);
}

/* user+sys of pid in ms, from /proc/PID/stat; -1 when unreadable */
static double proc_cpu_ms(pid_t pid)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')'); /* the name may hold spaces */
	unsigned long long ut, stt;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &stt) != 2)
		return -1;
	return (double)(ut + stt) * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

static void finish_child(struct run *r, bool wait_long)
{
	double end = now_ms() + (wait_long ? 10000 : 0);
	int status = 0;
	struct rusage ru;
	pid_t got = 0;
	for (;;) {
		got = wait4(r->pid, &status, WNOHANG, &ru);
		if (got != 0 || now_ms() >= end)
			break;
		pump(r, 20);
	}
	if (got == 0) {
		kill(r->pid, SIGTERM);
		drain_for(r, 200);
		got = wait4(r->pid, &status, WNOHANG, &ru);
		if (got == 0) {
			kill(r->pid, SIGKILL);
			got = wait4(r->pid, &status, 0, &ru);
		}
		printf("child did not exit: signalled\n");
	}
	if (got != r->pid)
		return;
	printf("child exit=%d user_s=%.3f sys_s=%.3f maxrss_kib=%ld\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss);
}

struct opts {
	unsigned short cols, rows;
	const char *term, *ready, *copy;
	double ready_s, wait_s, pause_ms, quiet_ms, hold_s;
	unsigned rounds;
	bool strip;
	struct step steps[STEPS_MAX];
	int nsteps;
	char exit_keys[256], init_keys[256];
	size_t nexit, ninit;
	const char *init_text;
};

static int usage(void)
{
	fprintf(stderr, "usage: keylat [-s COLSxROWS] [-T TERM] [-r TEXT] [-w S] [-t S] [-n N] "
		"[-p MS] [-S] [-q MS] [-H S] [-i KEYS [-I TEXT]] [-x KEYS] [-o FILE] [-k KEYS [-e TEXT]]... "
		"-- CMD [ARG]...\n");
	return 2;
}

static bool num(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static int parse(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){ .cols = 160, .rows = 45, .term = "xterm-256color", .ready_s = 60,
			    .wait_s = 10, .pause_ms = 100, .rounds = 10 };
	int c;
	double v;
	unsigned w, h;
	while ((c = getopt(argc, argv, "+s:T:r:w:t:n:p:Sq:H:i:I:x:o:k:e:")) != -1) {
		switch (c) {
		case 's':
			if (sscanf(optarg, "%ux%u", &w, &h) != 2 || w < 10 || h < 5 || w > 1000 || h > 1000)
				return usage();
			o->cols = (unsigned short)w;
			o->rows = (unsigned short)h;
			break;
		case 'T': o->term = optarg; break;
		case 'r': o->ready = optarg; break;
		case 'o': o->copy = optarg; break;
		case 'S': o->strip = true; break;
		case 'w': if (!num(optarg, 0.1, 3600, &o->ready_s)) return usage(); break;
		case 't': if (!num(optarg, 0.1, 3600, &o->wait_s)) return usage(); break;
		case 'p': if (!num(optarg, 0, 600000, &o->pause_ms)) return usage(); break;
		case 'q': if (!num(optarg, 1, 60000, &o->quiet_ms)) return usage(); break;
		case 'H': if (!num(optarg, 0, 86400, &o->hold_s)) return usage(); break;
		case 'n':
			if (!num(optarg, 1, 100000, &v))
				return usage();
			o->rounds = (unsigned)v;
			break;
		case 'x':
			if (unescape(optarg, o->exit_keys, sizeof o->exit_keys, &o->nexit) < 0)
				return usage();
			break;
		case 'i':
			if (unescape(optarg, o->init_keys, sizeof o->init_keys, &o->ninit) < 0)
				return usage();
			break;
		case 'I': o->init_text = optarg; break;
		case 'k': {
			if (o->nsteps == STEPS_MAX)
				return usage();
			struct step *s = &o->steps[o->nsteps++];
			if (unescape(optarg, s->keys, sizeof s->keys, &s->nkeys) < 0 || s->nkeys == 0)
				return usage();
			s->shown = optarg;
			break;
		}
		case 'e':
			if (o->nsteps == 0 || o->steps[o->nsteps - 1].expect || !*optarg)
				return usage();
			o->steps[o->nsteps - 1].expect = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind >= argc || (o->init_text && !o->ninit))
		return usage();
	for (int i = 0; i < o->nsteps; i++)
		if (!o->steps[i].expect && o->quiet_ms <= 0)
			return usage(); /* a step without a text needs -q */
	return 0;
}

static int start(struct run *r, const struct opts *o, char **cmd)
{
	struct winsize ws = { .ws_row = o->rows, .ws_col = o->cols };
	fflush(stdout);
	r->pid = forkpty(&r->fd, NULL, NULL, &ws);
	if (r->pid < 0) {
		perror("keylat: forkpty");
		return -1;
	}
	if (r->pid == 0) {
		setenv("TERM", o->term, 1);
		unsetenv("TMUX");
		execvp(cmd[0], cmd);
		fprintf(stderr, "keylat: cannot run %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	return 0;
}

/* The keys written once before the rounds, and the wait for their text. */
static bool init(struct run *r, const struct opts *o)
{
	if (!o->ninit)
		return true;
	mark(r);
	double t0 = now_ms();
	if (write_keys(r, o->init_keys, o->ninit) < 0)
		return false;
	if (o->init_text) {
		double ms = wait_text(r, o->init_text, t0, o->wait_s * 1e3);
		if (ms < 0) {
			fprintf(stderr, "keylat: %s not seen in %.1f s after the first keys\n",
				o->init_text, o->wait_s);
			return false;
		}
		printf("init ms=%.1f\n", ms);
	}
	drain_for(r, o->pause_ms);
	return true;
}

/* The rounds of steps; false when a wait ran out. */
static bool rounds(struct run *r, struct opts *o)
{
	for (unsigned k = 0; k < o->rounds; k++) {
		for (int s = 0; s < o->nsteps; s++) {
			struct step *st = &o->steps[s];
			mark(r);
			double t0 = now_ms(), first = -1, ms;
			if (write_keys(r, st->keys, st->nkeys) < 0)
				return false;
			if (st->expect)
				ms = wait_text(r, st->expect, t0, o->wait_s * 1e3);
			else
				ms = wait_quiet(r, t0, o->quiet_ms, o->wait_s * 1e3, &first);
			if (ms < 0) {
				fprintf(stderr, "keylat: step %d (%s) round %u: %s not seen in %.1f s\n",
					s + 1, st->shown, k + 1, st->expect ? st->expect : "output",
					o->wait_s);
				summary(s, st, k);
				return false;
			}
			st->ms[k] = ms;
			if (first >= 0)
				printf("key step=%d round=%u ms=%.1f first_ms=%.1f\n", s + 1, k + 1, ms, first);
			else
				printf("key step=%d round=%u ms=%.1f\n", s + 1, k + 1, ms);
			fflush(stdout);
			drain_for(r, o->pause_ms);
		}
	}
	for (int s = 0; s < o->nsteps; s++)
		summary(s, &o->steps[s], o->rounds);
	return true;
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse(argc, argv, &o) != 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	struct run r = { .strip = o.strip };
	esc_strip_init(&r.es);
	r.win = malloc(WINDOW_MAX);
	for (int s = 0; s < o.nsteps; s++)
		o.steps[s].ms = calloc(o.rounds, sizeof(double));
	if (!r.win || (o.nsteps && !o.steps[o.nsteps - 1].ms)) {
		fprintf(stderr, "keylat: out of memory\n");
		return 1;
	}
	if (o.copy && !(r.copy = fopen(o.copy, "w"))) {
		perror(o.copy);
		return 1;
	}
	if (start(&r, &o, argv + optind) < 0)
		return 1;
	bool ok = true;
	double t0 = now_ms();
	double ready, first = -1;
	if (o.ready) {
		ready = wait_text(&r, o.ready, t0, o.ready_s * 1e3);
	} else {
		ready = wait_quiet(&r, t0, 1, o.ready_s * 1e3, &first);
		ready = ready < 0 ? ready : first;
	}
	if (ready < 0) {
		fprintf(stderr, "keylat: the ready text %s not seen in %.1f s\n",
			o.ready ? o.ready : "(any output)", o.ready_s);
		ok = false;
	} else {
		printf("ready ms=%.1f\n", ready);
		drain_for(&r, o.pause_ms);
		ok = init(&r, &o) && rounds(&r, &o);
	}
	if (ok && o.hold_s > 0) {
		double c0 = proc_cpu_ms(r.pid), h0 = now_ms();
		drain_for(&r, o.hold_s * 1e3);
		double c1 = proc_cpu_ms(r.pid), h1 = now_ms();
		printf("hold s=%.3f cpu_ms=%.0f\n", (h1 - h0) / 1e3, c0 >= 0 && c1 >= 0 ? c1 - c0 : -1);
	}
	if (o.nexit && write_keys(&r, o.exit_keys, o.nexit) < 0)
		ok = false;
	finish_child(&r, o.nexit > 0);
	if (r.copy)
		fclose(r.copy);
	/* freed, so a leak check of the tests' tools (the ASan build) is quiet */
	free(r.win);
	for (int s = 0; s < o.nsteps; s++)
		free(o.steps[s].ms);
	return ok ? 0 : 1;
}
