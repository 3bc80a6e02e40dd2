/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "write/journal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/bufprintf.h"
#include "base/fdio.h"
#include "base/grow.h"
#include "base/parse.h"
#include "write/journal_file.h"

#define JOURNAL_HEADER "# ctdash journal v1: time kind txid reverts nsid ns name old new\n"

static const char *const kind_names[] = {
	[JOURNAL_APPLY] = "apply",
	[JOURNAL_UNDO] = "undo",
	[JOURNAL_ACTUAL] = "actual",
	[JOURNAL_KEEP] = "keep",
};

#define JOURNAL_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *journal_kind_name(enum journal_kind k)
{
	return (unsigned)k < JOURNAL_KINDS ? kind_names[k] : "?";
}

static bool id_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-';
}

static bool valid_id(const char *s)
{
	if (!*s || strlen(s) >= JOURNAL_ID_MAX || strcmp(s, "-") == 0)
		return false;
	for (; *s; s++)
		if (!id_char(*s))
			return false;
	return true;
}

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) >= CT_SYSCTL_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static bool plain_ns_char(char c)
{
	return isalnum((unsigned char)c) || strchr("._:@+=,-", c);
}

/* "" becomes "-"; a lone "-" and every byte outside the plain set %XX. */
static int encode_ns(const char *ns, char *out, size_t n)
{
	if (!*ns)
		return snprintf(out, n, "-") < (int)n ? 0 : -EINVAL;
	size_t o = 0;
	for (const char *p = ns; *p; p++) {
		bool plain = plain_ns_char(*p) && !(strcmp(ns, "-") == 0);
		if (o + (plain ? 1 : 3) >= n)
			return -EINVAL;
		if (plain)
			out[o++] = *p;
		else
			o += (size_t)sprintf(out + o, "%%%02X", (unsigned char)*p);
	}
	out[o] = '\0';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static const char *decode_ns(const char *in, char *out, size_t n)
{
	if (strcmp(in, "-") == 0) {
		out[0] = '\0';
		return NULL;
	}
	size_t o = 0;
	for (const char *p = in; *p; p++) {
		if (o + 1 >= n)
			return "namespace name too long";
		if (*p == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			if (lo < 0 || (hi == 0 && lo == 0))
				return "bad %XX escape in the namespace name";
			out[o++] = (char)(hi * 16 + lo);
			p += 2;
		} else if (plain_ns_char(*p)) {
			out[o++] = *p;
		} else {
			return "unexpected character in the namespace name";
		}
	}
	out[o] = '\0';
	return NULL;
}

/* The time as ISO 8601 in UTC: "YYYY-MM-DDTHH:MM:SSZ", the year with at
 * least four digits and a '-' before it when negative (a clock set to
 * year 10000 or before 1000 must still give a line the reader takes). */
static void format_time(const struct tm *tm, char *buf, size_t n)
{
	long long year = (long long)tm->tm_year + 1900;
	snprintf(buf, n, "%s%04lld-%02d-%02dT%02d:%02d:%02dZ", year < 0 ? "-" : "",
		 year < 0 ? -year : year, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour,
		 tm->tm_min, tm->tm_sec);
}

int journal_format(const struct journal_rec *r, char *buf, size_t n)
{
	char ns[JOURNAL_NS_MAX * 3 + 2];
	if ((unsigned)r->kind >= JOURNAL_KINDS || !valid_id(r->txid) || !valid_name(r->name) ||
	    (r->kind == JOURNAL_UNDO) != (r->reverts[0] != '\0') ||
	    (r->reverts[0] && !valid_id(r->reverts)) || encode_ns(r->ns, ns, sizeof ns) < 0)
		return -EINVAL;
	time_t t = (time_t)r->when;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return -EINVAL;
	char when[48];
	format_time(&tm, when, sizeof when);
	int len = snprintf(buf, n, "%s %s %s %s %" PRIu64 " %s %s %" PRIu64 " %" PRIu64 "\n",
			   when, kind_names[r->kind], r->txid, r->reverts[0] ? r->reverts : "-",
			   r->nsid, ns, r->name, r->old_value, r->new_value);
	if (len < 0 || (size_t)len >= n)
		return -EINVAL;
	return len;
}

/* What format_time writes, exactly. */
static const char *parse_time(const char *s, int64_t *out)
{
	static const char bad[] = "the time is not YYYY-MM-DDTHH:MM:SSZ";
	static const char shape[] = "-dd-ddTdd:dd:ddZ"; /* after the year */
	bool negative = *s == '-';
	const char *p = s + negative;
	size_t digits = strspn(p, "0123456789");
	if (digits < 4 || digits > 10 || strlen(p + digits) != sizeof shape - 1)
		return bad;
	for (unsigned i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)p[digits + i]) : p[digits + i] != shape[i])
			return bad;
	long long year = 0;
	for (size_t i = 0; i < digits; i++)
		year = year * 10 + (p[i] - '0');
	if (negative)
		year = -year;
	struct tm tm = { 0 };
	sscanf(p + digits, "-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	       &tm.tm_min, &tm.tm_sec);
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 ||
	    year - 1900 < INT_MIN || year - 1900 > INT_MAX)
		return "the time is out of range";
	tm.tm_year = (int)(year - 1900);
	tm.tm_mon -= 1;
	errno = 0;
	time_t t = timegm(&tm);
	if (t == (time_t)-1 && errno == EOVERFLOW)
		return "the time is out of range";
	*out = (int64_t)t;
	return NULL;
}

#define NFIELDS 9

/* The line (its newline dropped) into buf, cut at the spaces into
 * exactly NFIELDS fields, none empty; NULL, or what is wrong. */
static const char *split_fields(const char *line, char (*buf)[JOURNAL_LINE_MAX],
				char *f[NFIELDS])
{
	size_t len = strlen(line);
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len == 0)
		return "empty line";
	if (len >= sizeof *buf)
		return "line too long";
	memcpy(*buf, line, len);
	(*buf)[len] = '\0';
	unsigned nf = 0;
	char *p = *buf;
	for (;;) {
		if (nf == NFIELDS)
			return "more than 9 fields";
		f[nf++] = p;
		char *sp = strchr(p, ' ');
		if (sp == p || (!sp && !*p))
			return "an empty field (two spaces in a row, or one at an end)";
		if (!sp)
			break;
		*sp = '\0';
		p = sp + 1;
	}
	return nf == NFIELDS ? NULL : "fewer than 9 fields (a record cut short?)";
}

/* The kind, the transaction and the one an undo reverts (fields 1-3). */
static const char *parse_transaction(char *const f[NFIELDS], struct journal_rec *r)
{
	unsigned k;
	for (k = 0; k < JOURNAL_KINDS && strcmp(f[1], kind_names[k]) != 0; k++)
		;
	if (k == JOURNAL_KINDS)
		return "unknown kind (expected apply, undo, actual or keep)";
	r->kind = (enum journal_kind)k;
	if (!valid_id(f[2]))
		return "bad transaction id";
	snprintf(r->txid, sizeof r->txid, "%s", f[2]);
	if (r->kind == JOURNAL_UNDO) {
		if (!valid_id(f[3]))
			return "an undo record must name the transaction it reverts";
		snprintf(r->reverts, sizeof r->reverts, "%s", f[3]);
	} else if (strcmp(f[3], "-") != 0) {
		return "only an undo record reverts a transaction";
	}
	return NULL;
}

/* The namespace, the setting and its two values (fields 4-8). */
static const char *parse_change(char *const f[NFIELDS], struct journal_rec *r)
{
	if (!parse_uint(f[4], UINT64_MAX, &r->nsid))
		return "the namespace id is not a number";
	const char *why = decode_ns(f[5], r->ns, sizeof r->ns);
	if (why)
		return why;
	if (!valid_name(f[6]))
		return "bad sysctl name";
	snprintf(r->name, sizeof r->name, "%s", f[6]);
	if (!parse_uint(f[7], UINT64_MAX, &r->old_value))
		return "the old value is not a number";
	if (!parse_uint(f[8], UINT64_MAX, &r->new_value))
		return "the new value is not a number";
	return NULL;
}

const char *journal_parse_line(const char *line, struct journal_rec *r)
{
	char buf[JOURNAL_LINE_MAX];
	char *f[NFIELDS];
	const char *why = split_fields(line, &buf, f);
	if (why)
		return why;
	memset(r, 0, sizeof *r);
	why = parse_time(f[0], &r->when);
	if (!why)
		why = parse_transaction(f, r);
	if (!why)
		why = parse_change(f, r);
	return why;
}

void journal_new_txid(char *buf, size_t n)
{
	static unsigned seq;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, n, "%llx-%x-%u", (unsigned long long)ts.tv_sec, (unsigned)getpid(), ++seq);
}

/* mkdir -p for the directories above path, each new one 0700. */
static int make_parents(const char *path, char *err, size_t errlen)
{
	char dir[512];
	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return -ENAMETOOLONG;
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		bool last = *p == '\0';
		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			snprintf(err, errlen, "cannot create the journal directory %s: %s", dir, strerror(e));
			return -e;
		}
		if (last)
			break;
		*p = '/';
	}
	return 0;
}

int journal_open(struct journal *j, const char *path, char *err, size_t errlen)
{
	j->fd = -1;
	j->why[0] = '\0';
	snprintf(j->path, sizeof j->path, "%s", path);
	int ret = make_parents(path, err, errlen);
	if (ret < 0)
		return ret;
	bool created = false;
	int fd = journal_file_open(path, JOURNAL_FILE_APPEND, &created, err, errlen);
	if (fd < 0)
		return fd;
	/* 0600 whatever the umask: the journal shows what was changed where */
	if (created && (fchmod(fd, 0600) < 0 || write_all(fd, JOURNAL_HEADER, strlen(JOURNAL_HEADER)) < 0 ||
			fsync(fd) < 0)) {
		int e = errno;
		close(fd);
		/* not left empty or half a header (a full disk): the next try
		 * creates it afresh */
		(void)unlink(path);
		snprintf(err, errlen, "cannot set up the journal %s: %s", path, strerror(e));
		return -e;
	}
	j->fd = fd;
	return 0;
}

/* Whether the file ends in the middle of a line (a record torn by a
 * crash): the next record must not be glued to it. 1, 0 or -errno. */
static int ends_torn(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size == 0)
		return 0;
	char last;
	ssize_t got = pread(fd, &last, 1, st.st_size - 1);
	if (got < 0)
		return -errno;
	return got == 1 && last != '\n';
}

/* The journal was removed under us (its directory deleted): appending
 * to the unlinked file would lose every record, so make it again. */
static int reopen_if_removed(struct journal *j)
{
	struct stat st;
	if (fstat(j->fd, &st) < 0)
		return -errno;
	if (st.st_nlink > 0)
		return 0;
	int ret;
	char path[sizeof j->path], err[sizeof j->why];
	snprintf(path, sizeof path, "%s", j->path);
	journal_close(j);
	ret = journal_open(j, path, err, sizeof err);
	if (ret < 0)
		buf_printf(j->why, sizeof j->why, "the journal was removed and cannot be made "
			   "again: %s", err);
	return ret;
}

/* Append the len bytes at line + mark (line has mark bytes of room in
 * front for the torn-line mark) and fsync them. */
static int append_line(struct journal *j, char *line, size_t mark, int len)
{
	j->why[0] = '\0';
	if (j->fd < 0)
		return -EBADF;
	int ret = reopen_if_removed(j);
	if (ret < 0)
		return ret;
	/* another ctdash may append at the same time: one whole line each */
	while (flock(j->fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -errno;
	struct stat before;
	int torn = fstat(j->fd, &before) < 0 ? -errno : ends_torn(j->fd);
	ret = torn < 0 ? torn : 0;
	if (ret == 0) {
		const char *from = line + mark;
		if (torn) {
			memcpy(line, JOURNAL_TORN_MARK, mark);
			from = line;
			len += (int)mark;
		}
		ret = write_all(j->fd, from, (size_t)len);
	}
	if (ret == 0 && fsync(j->fd) < 0)
		ret = -errno;
	/* a full disk takes part of a line: a record that failed is not
	 * left behind, torn or whole (the caller changes nothing) */
	if (ret < 0 && torn >= 0 && ftruncate(j->fd, before.st_size) == 0)
		(void)fsync(j->fd);
	flock(j->fd, LOCK_UN);
	return ret;
}

int journal_append(struct journal *j, const struct journal_rec *r)
{
	/* room for the torn-line mark before the record */
	char line[JOURNAL_LINE_MAX + sizeof JOURNAL_TORN_MARK];
	size_t mark = strlen(JOURNAL_TORN_MARK);
	int len = journal_format(r, line + mark, sizeof line - mark);
	if (len < 0)
		return len;
	return append_line(j, line, mark, len);
}

int journal_append_note(struct journal *j, int64_t when, uint64_t nsid, const char *ns,
			const char *what)
{
	size_t mark = strlen(JOURNAL_TORN_MARK);
	char ens[JOURNAL_NS_MAX * 3 + 2], stamp[32];
	time_t t = (time_t)when;
	struct tm tm;
	size_t whatlen = strlen(what);
	if (whatlen > JOURNAL_NOTE_MAX)
		return -E2BIG;
	if (encode_ns(ns, ens, sizeof ens) < 0 || !gmtime_r(&t, &tm))
		return -EINVAL;
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* whole, however long: every byte may become %XX */
	size_t size = mark + sizeof stamp + sizeof ens + 64 + 3 * whatlen;
	char *line = malloc(size);
	if (!line)
		return -ENOMEM;
	int len = snprintf(line + mark, size - mark, "# %s note %" PRIu64 " %s ", stamp, nsid, ens);
	/* the note stays one line: control bytes and % as %XX */
	for (const char *p = what; *p; p++) {
		bool plain = (unsigned char)*p >= 0x20 && *p != 0x7f && *p != '%';
		if (plain)
			line[mark + (size_t)len++] = *p;
		else
			len += sprintf(line + mark + len, "%%%02X", (unsigned char)*p);
	}
	line[mark + (size_t)len++] = '\n';
	int ret = append_line(j, line, mark, len);
	free(line);
	return ret;
}

void journal_close(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
}

static void note_problem(struct journal_log *log, unsigned line, const char *why)
{
	if (log->nproblems < JOURNAL_PROBLEMS_KEPT) {
		struct journal_problem *p = &log->problem[log->nproblems];
		p->line = line;
		snprintf(p->why, sizeof p->why, "%s", why);
	}
	log->nproblems++;
}

static int add_record(struct journal_log *log, const struct journal_rec *r)
{
	struct journal_rec *v = grow_array(log->rec, &log->cap, log->n + 1, sizeof *v, 64);
	if (!v)
		return -ENOMEM;
	log->rec = v;
	log->rec[log->n++] = *r;
	return 0;
}

/* A line the writer closed with JOURNAL_TORN_MARK. */
static bool is_torn_line(const char *line, size_t len)
{
	size_t n = strlen(JOURNAL_TORN_MARK);
	return len >= n && memcmp(line + len - n, JOURNAL_TORN_MARK, n) == 0;
}

int journal_read_stream(FILE *in, struct journal_log *log)
{
	memset(log, 0, sizeof *log);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	int ret = 0;
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (line[0] == '#' || strcmp(line, "\n") == 0)
			continue;
		if (line[len - 1] != '\n') {
			note_problem(log, lineno, "the last line has no end: a record cut short by a crash");
			break;
		}
		if (is_torn_line(line, (size_t)len)) {
			note_problem(log, lineno, "a record cut short by a crash (the next append "
				     "started a fresh line)");
			continue;
		}
		if (memchr(line, '\0', (size_t)len)) {
			note_problem(log, lineno, "a NUL byte in the line");
			continue;
		}
		struct journal_rec r;
		const char *why = journal_parse_line(line, &r);
		if (why) {
			note_problem(log, lineno, why);
			continue;
		}
		r.line = lineno;
		ret = add_record(log, &r);
		if (ret < 0)
			break;
	}
	free(line);
	if (ret == 0 && ferror(in))
		ret = -EIO;
	return ret;
}

int journal_read(const char *path, struct journal_log *log)
{
	memset(log, 0, sizeof *log);
	char why[sizeof log->why];
	int fd = journal_file_open(path, JOURNAL_FILE_READ, NULL, why, sizeof why);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0) {
		snprintf(log->why, sizeof log->why, "%s", why);
		return fd;
	}
	FILE *in = fdopen(fd, "r");
	if (!in) {
		int e = errno;
		close(fd);
		return -e;
	}
	int ret = journal_read_stream(in, log);
	fclose(in);
	return ret;
}

void journal_log_free(struct journal_log *log)
{
	free(log->rec);
	memset(log, 0, sizeof *log);
}
