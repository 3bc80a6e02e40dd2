/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The snapshot: everything ctdash knows about one conntrack table at one
 * moment. src/ fills it, reports and the UI only read it. Plain data, no
 * pointers into kernel buffers, so a snapshot can be copied between threads.
 */
#ifndef CTDASH_MODEL_H
#define CTDASH_MODEL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/entry.h"
#include "model/filter.h"
#include "model/nat.h"

/* Where the kernel keeps conntrack's settings: read by collect/, written
 * by write/, named in the advice's commands. */
#define CT_SYSCTL_DIR "/proc/sys/net/netfilter"
#define CT_HASHSIZE_PATH "/sys/module/nf_conntrack/parameters/hashsize"
#define CT_ACCT_PARAM_PATH "/sys/module/nf_conntrack/parameters/acct"

/* TCP conntrack states as the kernel numbers them (nf_conntrack_tcp.h).
 * SYN_SENT2 shares its number with the obsolete LISTEN. */
enum ct_tcp_state {
	CT_TCP_NONE = 0,
	CT_TCP_SYN_SENT,
	CT_TCP_SYN_RECV,
	CT_TCP_ESTABLISHED,
	CT_TCP_FIN_WAIT,
	CT_TCP_CLOSE_WAIT,
	CT_TCP_LAST_ACK,
	CT_TCP_TIME_WAIT,
	CT_TCP_CLOSE,
	CT_TCP_SYN_SENT2,
	CT_TCP_NSTATES
};

/* Seconds-left histogram: bin 0 holds 0 s, bin k holds [2^(k-1), 2^k);
 * the last bin is open-ended. 2^21 s is 24 days, past every default. */
#define CT_HIST_BINS 23

/* Top sources kept in a snapshot; --top asks for at most this many. */
#define CT_TOP_MAX 100

/* ctnetlink per-CPU counter attributes are numbered from 1; numbers past
 * the ones this build knows are kept so a newer kernel's counters show. */
#define CT_STAT_SLOTS 32

/* Timeout sysctls discovered under /proc/sys/net/netfilter. */
#define CT_TIMEOUT_MAX 64
#define CT_SYSCTL_NAME_MAX 64
/* A namespace's name as ip-netns keeps it (a file name: up to NAME_MAX
 * bytes), or "pid:N": held whole, or GONE detection and writes would
 * follow a truncated name. */
#define CT_NETNS_NAME_MAX (NAME_MAX + 1)

struct ct_timeout {
	char name[CT_SYSCTL_NAME_MAX]; /* e.g. "nf_conntrack_tcp_timeout_time_wait" */
	long value;                    /* seconds */
};

struct ct_cpu_stats {
	unsigned cpu;
	uint32_t present; /* bit n set: attribute n was sent */
	uint64_t v[CT_STAT_SLOTS];
};

struct ct_source {
	int family;       /* AF_INET or AF_INET6 */
	uint8_t addr[16]; /* network order; IPv4 in the first 4 bytes */
	uint64_t count;
};

/* Entries to one destination port of one L4 protocol. */
struct ct_port_count {
	uint8_t proto;    /* IP protocol number */
	uint16_t port;    /* host order */
	uint64_t count;
};

/* What the streaming dump adds up; nothing in here grows with entries. */
struct ct_tally {
	uint64_t entries;
	uint64_t ipv4, ipv6, l3_other;
	uint64_t l4[256];                 /* by IP protocol number */
	uint64_t tcp[CT_TCP_NSTATES];
	uint64_t assured, unreplied;
	uint64_t loopback;                /* original source 127.0.0.0/8 or ::1 */
	/* what the kernel can free itself when full (model/evict.h) */
	uint64_t evictable;               /* early_drop on insert */
	uint64_t gc_evictable;            /* the collector's near-full pass */
	uint64_t pinned;                  /* neither: ASSURED and open */
	/* UDP, UDP-Lite, ICMP and ICMPv6 entries never answered: they hold a
	 * slot without traffic (with TCP's TIME_WAIT, CLOSE and LAST_ACK) */
	uint64_t unreplied_datagram;
	uint64_t tcp_hist[CT_TCP_NSTATES][CT_HIST_BINS];
	uint64_t l4_hist[256][CT_HIST_BINS];
	uint64_t malformed;               /* messages that failed to parse */
};

/* Figures derived from the raw numbers (analysis.c). */
struct ct_analysis {
	double fill;                     /* count / max */
	double load_factor;              /* λ = count / buckets */
	double nonempty_fraction;        /* 1 − e^−λ */
	double mean_chain;               /* entries per non-empty bucket */
	uint64_t memory_now, memory_at_max;  /* bytes */
	uint64_t default_max, default_buckets;
	bool max_is_default, buckets_is_default;
};

/* Where the figures come from (issue 9): a dump per refresh, or events
 * between dumps (a resync dump now and then). */
enum ct_source_kind {
	CT_SOURCE_DUMP = 0,
	CT_SOURCE_EVENTS,
};

/* New, destroyed and net growth of entries per second, over window_s. */
struct ct_rates {
	bool valid;              /* two samples at least */
	bool new_known;          /* new and destroyed known, not only growth (dump
				    mode on a kernel that no longer counts inserts) */
	double new_per_s, destroy_per_s, growth_per_s;
	/* timers run out a second (the event engine ages entries itself):
	 * beside destroy_per_s, the kernel's reaping, it says whether the
	 * kernel's collector keeps up; 0 in dump mode */
	double expire_per_s;
	double window_s;
	double seconds_to_full;  /* at growth_per_s; < 0 when not growing */
};

/* A key ranked by new entries per second: a source or destination
 * address (family AF_INET/AF_INET6), or a destination port (family 0,
 * proto and port). */
struct ct_churn {
	int family;
	uint8_t addr[16];        /* network order */
	uint8_t proto;
	uint16_t port;           /* host order */
	double per_s;            /* over the ranking window */
	double per_s_10, per_s_60;
};

#define CT_CHURN_MAX 20

/* The event engine's own state, for the title, the JSON and the
 * exporter's self-metrics. */
struct ct_events_info {
	enum ct_source_kind source;  /* what these figures come from */
	char why_dump[96];           /* when source is DUMP by choice or need */
	uint64_t new_total, update_total, destroy_total; /* events applied */
	/* entries whose timer ran out that the kernel has not reaped yet
	 * (no DESTROY): in nf_conntrack_count, not in the breakdown; and how
	 * many expired so since the start (collect/expiry.h) */
	uint64_t expired_unreaped, expired_total;
	uint64_t lost;               /* overruns: times the kernel dropped events (ENOBUFS) */
	uint64_t resyncs;            /* full dumps taken to resynchronise */
	uint64_t foreign;            /* datagrams not from the kernel, dropped */
	uint64_t malformed;          /* event messages that failed to parse */
	double lag_ms;               /* how long the newest events waited to be applied */
	double dump_age_s;           /* age of the last dump (the seconds-left histogram) */
	bool resynced;               /* this snapshot's figures are a fresh dump's */
	int rcvbuf;                  /* event socket receive buffer, bytes */
	uint64_t index_entries, index_bytes;
	/* issue 21: 1 when every event is heard; k when NEW alone is heard
	 * 1/k of the time (churn tops and rates scaled by k, states and
	 * holders the last dump's, dump_age_s old) */
	unsigned sample_1_in;
	double listened_share;       /* the time NEW was heard, measured */
	/* what an event message costs the host, microseconds: ctdash's
	 * part (timed) and the kernel's (measured from the host's busy
	 * time while sampling, model/kshare.h, else assumed) */
	double own_us, kernel_us;
	bool kernel_measured;
	char why_events[160];        /* what --source auto chose and why */
};

/* Which parts of a snapshot could be read; a missing part has a reason. */
enum ct_part {
	CT_PART_SYSCTL,   /* /proc/sys/net/netfilter */
	CT_PART_DUMP,     /* entry table over ctnetlink */
	CT_PART_STATS,    /* per-CPU and global counters over ctnetlink */
	CT_PART_SLAB,     /* object size from /proc/slabinfo */
	CT_PART_COUNT
};

/* The list view's rows (issue 8): filled only while the list is asked for
 * (sampler_set_list), by a dump of whole entries after the snapshot's. */
#define CT_LIST_FILTER_MAX (FILTER_LEN_MAX + 1) /* a whole filter */
struct ct_list {
	bool on;                  /* the list was asked for this snapshot */
	char filter[CT_LIST_FILTER_MAX]; /* what it was asked with */
	struct ct_entry *rows;    /* owned; n rows in the asked order */
	unsigned n;
	uint64_t matched, total;  /* entries the filter matched, entries read */
	int err;                  /* 0, or the errno that stopped the dump */
	double ms;                /* how long the list's dump took */
};

/* What the kernel keeps outside the main table (collect/outside.h). */
struct ct_outside {
	bool lists_known;          /* the dying and unconfirmed lists were read */
	uint64_t dying, unconfirmed; /* in nf_conntrack_count, never in a dump */
	bool expect_known;         /* the expectation table and its limit were read */
	uint64_t expectations, expect_max;
};

struct ct_snapshot {
	/* sysctls and module parameters */
	uint64_t count, max, buckets, hashsize;
	struct ct_timeout timeouts[CT_TIMEOUT_MAX];
	unsigned ntimeouts;
	/* nf_conntrack_acct here, and the module's acct= that a new namespace
	 * starts with: what a boot export must keep when they differ */
	bool acct, acct_default;
	bool acct_read;           /* acct was read: else nothing is said of it */

	/* host */
	uint32_t entry_size;      /* bytes per struct nf_conn */
	bool entry_size_measured; /* read from slabinfo, not assumed */
	uint64_t ram_bytes;
	unsigned word_bits;
	char kernel[65];
	char hostname[65];
	char netns[CT_NETNS_NAME_MAX]; /* "" for the caller's own namespace */
	/* net.ipv4.tcp_keepalive_*, read in the namespace; 0 unknown */
	long tcp_keepalive_time, tcp_keepalive_intvl, tcp_keepalive_probes;
	bool netns_gone;          /* that name or process no longer names it */

	/* ctnetlink counters */
	struct ct_cpu_stats *cpu; /* owned; ncpu entries */
	unsigned ncpu;
	uint64_t stat_total[CT_STAT_SLOTS];
	uint32_t stat_present;
	uint64_t global_entries, global_max;
	bool have_global;
	struct ct_outside outside;

	/* the dump */
	struct ct_tally tally;
	struct ct_source top[CT_TOP_MAX];
	unsigned ntop;
	uint64_t distinct_sources;
	struct ct_source top_dst[CT_TOP_MAX];   /* original destinations */
	unsigned ntop_dst;
	uint64_t distinct_destinations;
	struct ct_port_count top_dport[CT_TOP_MAX]; /* original destination ports */
	unsigned ntop_dport;
	uint64_t distinct_dports;
	struct ct_nat nat;        /* translated entries (issue 19) */
	bool complete;            /* dump finished without loss or interruption */
	unsigned dump_attempts;
	double dump_ms;
	double dump_cpu_ms;     /* the CPU it cost ctdash, the kernel's walk
				   included (a paced dump takes longer) */

	struct ct_analysis an;

	struct ct_list list;

	/* churn (issue 9) */
	struct ct_rates rates;
	struct ct_events_info events;
	struct ct_churn top_new_src[CT_CHURN_MAX], top_new_dst[CT_CHURN_MAX],
		top_new_dport[CT_CHURN_MAX];
	unsigned n_new_src, n_new_dst, n_new_dport;

	/* per part: 0 when read, else the errno that stopped it */
	int part_err[CT_PART_COUNT];
	double taken_at;          /* CLOCK_REALTIME seconds */
	/* A partial refresh, published while a long dump runs: the sysctls,
	 * counters and host read at taken_at, everything else (the
	 * breakdowns, tops, events, rates) as of breakdown_at. */
	bool partial;
	double breakdown_at;      /* CLOCK_REALTIME seconds; taken_at unless partial */
};

#endif
