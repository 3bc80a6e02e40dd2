/* SPDX-License-Identifier: GPL-2.0-or-later */
/* recsynth: a recording made up at speed, for the size bound's test and
 * the recorder's figures: pictures STEP seconds apart over SECONDS of
 * made-up time (ending now), each with 10 busy sources, destinations,
 * ports and makers of new entries (--top's default), 4 CPUs' counters and, with
 * NAMESPACES N, N namespaces each a pod owning one busy address; an incident (drops) in
 * the middle with --incident. Written through the recorder's own store,
 * so thinning, bounds and incidents run as they do live. Prints the
 * pictures written, the file's bytes and the CPU seconds it took. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "base/parse.h"
#include "record/store.h"

#define TOP_N 10
#define SYNTH_CPUS 4

struct synth {
	const char *path;
	uint64_t seconds, step, namespaces, max_bytes, incident;
};

static int usage(void)
{
	fprintf(stderr, "usage: recsynth FILE SECONDS STEP NAMESPACES MAX-BYTES [INCIDENT(0/1)]\n");
	return 2;
}

static void fill_snapshot(struct ct_snapshot *s, double t, uint64_t i, bool dropping)
{
	s->taken_at = t;
	s->max = 262144;
	s->count = 100000 + (i * 37) % 50000 + (dropping ? 150000 : 0);
	s->buckets = 65536;
	s->an.fill = (double)s->count / (double)s->max;
	s->tally.entries = s->count;
	s->tally.ipv4 = s->count;
	s->tally.l4[6] = s->count * 3 / 4;
	s->tally.l4[17] = s->count / 4;
	s->tally.tcp[CT_TCP_ESTABLISHED] = s->count / 2;
	s->tally.tcp[CT_TCP_TIME_WAIT] = s->count / 4;
	s->stat_present = 0x3fe;
	for (unsigned k = 1; k < 10; k++)
		s->stat_total[k] = i * k;
	/* --top's default: the sampler keeps that many */
	s->ntop = s->ntop_dst = s->ntop_dport = TOP_N;
	for (unsigned k = 0; k < TOP_N; k++) {
		s->top[k] = (struct ct_source){ .family = AF_INET, .addr = { 10, 200, (uint8_t)(k >> 8),
			(uint8_t)(k + i % 7) }, .count = 5000 - k * 40 + i % 13 };
		s->top_dst[k] = s->top[k];
		s->top_dport[k] = (struct ct_port_count){ .proto = 6, .port = (uint16_t)(1000 + k),
			.count = 3000 - k * 20 };
	}
	s->n_new_src = TOP_N;
	for (unsigned k = 0; k < TOP_N; k++)
		s->top_new_src[k] = (struct ct_churn){ .family = AF_INET,
			.addr = { 10, 200, 1, (uint8_t)k }, .per_s = 100.0 / (k + 1) + (double)(i % 5) };
	s->rates = (struct ct_rates){ .valid = true, .new_known = true, .new_per_s = 120,
		.destroy_per_s = 118, .growth_per_s = 2, .window_s = 10, .seconds_to_full = -1 };
	snprintf(s->netns, sizeof s->netns, "synth");
}

static void fill_ns(struct ns_table *t, uint64_t n, uint64_t i)
{
	t->n = (unsigned)n;
	t->max = 262144;
	for (uint64_t k = 0; k < n; k++) {
		struct ns_info *ns = &t->ns[k];
		memset(ns, 0, sizeof *ns);
		ns->inode = 4026531840u + k;
		snprintf(ns->name, sizeof ns->name, "pod-%llu", (unsigned long long)k);
		ns->count = 1000 + (k * 97 + i) % 5000;
		ns->nholders = 3;
		snprintf(ns->comm, sizeof ns->comm, "pause");
		/* a pod, as on a Kubernetes node: its names, ids and address
		 * (10.200.0.k, so the busy addresses have owners) */
		struct workload *w = &ns->workload;
		w->kind = WL_POD;
		snprintf(w->namespace, sizeof w->namespace, "shop");
		snprintf(w->name, sizeof w->name, "cart-%llu-7d9f8c6b5-x2k4q", (unsigned long long)k);
		for (unsigned c = 0; c < 64; c++)
			w->container_id[c] = "0123456789abcdef"[(k * 7 + c * 13) % 16];
		snprintf(w->pod_uid, sizeof w->pod_uid, "8e6f5d1c-2b3a-4c5d-9e8f-%012u", (unsigned)(k % 1000000));
		snprintf(ns->container, sizeof ns->container, "kubepods:%.12s", w->container_id);
		ns->naddrs = 1;
		ns->addrs[0] = (struct ns_addr){ .family = AF_INET, .addr = { 10, 200, 0, (uint8_t)k } };
	}
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int run(const struct synth *y)
{
	char why[512];
	struct rec_limits lim = { .max_age_s = 7 * 86400.0, .max_bytes = y->max_bytes, .top_rows = TOP_N };
	struct rec_store *st = store_open(y->path, &lim, why, sizeof why);
	if (!st) {
		fprintf(stderr, "recsynth: %s\n", why);
		return 1;
	}
	struct rec_picture p = { .has_ns = y->namespaces > 0 };
	/* a few CPUs' counters, as the kernel gives them */
	struct ct_cpu_stats cpus[SYNTH_CPUS];
	p.snap.cpu = cpus;
	p.ns.ns = calloc(y->namespaces + 1, sizeof *p.ns.ns);
	double end = (double)time(NULL), start = end - (double)y->seconds;
	uint64_t n = y->seconds / y->step, written = 0;
	for (uint64_t i = 0; i < n; i++) {
		double t = start + (double)(i * y->step);
		bool dropping = y->incident && i >= n / 2 && i < n / 2 + 60 / y->step + 1;
		fill_snapshot(&p.snap, t, i, dropping);
		p.snap.ncpu = SYNTH_CPUS;
		for (unsigned c = 0; c < SYNTH_CPUS; c++) {
			cpus[c] = (struct ct_cpu_stats){ .cpu = c, .present = 0x3fe };
			for (unsigned k = 1; k < 10; k++)
				cpus[c].v[k] = k % 3 ? 0 : i * k + c;
		}
		double since = start + (double)(n / 2 * y->step);
		uint64_t run = dropping ? 500 * (i - n / 2 + 1) : 0;
		p.rates = (struct advice_rates){ .known = true, .seconds = (double)y->step,
			.rose = { [AC_DROP] = dropping ? 500 : 0 }, .last_drop_at = dropping ? t : 0,
			.dropping_since = dropping ? since : 0, .run_drops = run,
			.run_rate = dropping ? 500.0 / (double)y->step : 0, .newest_at = t };
		if (p.has_ns)
			fill_ns(&p.ns, y->namespaces, i);
		if (store_add(st, &p, why, sizeof why) < 0) {
			fprintf(stderr, "recsynth: picture %llu: %s\n", (unsigned long long)i, why);
			break;
		}
		written++;
	}
	store_close(st);
	free(p.ns.ns);
	struct stat sb, wal;
	char walpath[4200];
	snprintf(walpath, sizeof walpath, "%s-wal", y->path);
	off_t wal_bytes = stat(walpath, &wal) == 0 ? wal.st_size : 0;
	if (stat(y->path, &sb) < 0)
		return 1;
	printf("pictures %llu bytes %lld wal %lld cpu_s %.2f\n", (unsigned long long)written,
	       (long long)sb.st_size, (long long)wal_bytes, cpu_s());
	return written == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct synth y = { .path = argv[1] };
	if (argc < 6 || !parse_uint(argv[2], UINT32_MAX, &y.seconds) ||
	    !parse_uint(argv[3], 86400, &y.step) || y.step == 0 ||
	    !parse_uint(argv[4], 10000, &y.namespaces) ||
	    !parse_uint(argv[5], UINT64_MAX, &y.max_bytes) ||
	    (argc > 6 && !parse_uint(argv[6], 1, &y.incident)))
		return usage();
	return run(&y);
}
