/* Advice: what the figures suggest doing, following the diagnosis steps
 * in the notes ctdash grew from. Pure: it reads a snapshot, nothing else. */
#ifndef CTDASH_ADVICE_H
#define CTDASH_ADVICE_H

#include "model/model.h"

enum advice_level { ADVICE_INFO, ADVICE_WARN, ADVICE_CRIT };

#define ADVICE_MAX 12
#define ADVICE_TEXT 160

struct advice {
	enum advice_level level;
	char id[24];             /* stable key, e.g. "time_wait" */
	char text[ADVICE_TEXT];  /* one sentence, under 160 characters */
	/* a sysctl change that would act on it, or name "" */
	char sysctl[CT_SYSCTL_NAME_MAX];
	long suggested;
};

/* Fill out[] with what applies, most urgent first; returns how many. */
unsigned advise(const struct ct_snapshot *s, struct advice *out, unsigned max);
const char *advice_level_name(enum advice_level l);

#endif
