/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/nschurn.h"

#include <stdlib.h>

#include "collect/nsscan.h"

const char *nschurn_state_name(enum churn_state s)
{
	switch (s) {
	case CHURN_MEASURED: return "measured";
	case CHURN_QUIET: return "quiet";
	case CHURN_NOT_WATCHED: return "not_watched";
	case CHURN_MEASURING: return "measuring";
	case CHURN_UNREADABLE: return "unreadable";
	case CHURN_NONE: break;
	}
	return "none";
}

/* Why a namespace is worth watching, most first. */
enum tier { T_SELECTED, T_DROPPING, T_GROWING, T_IN_TURN, T_NOT };

struct cand {
	const struct ns_info *ns;
	enum tier tier;
	double turn;   /* T_IN_TURN: when last watched */
};

static enum tier tier_of(const struct ns_info *ns, uint64_t selected)
{
	if (ns->inode == selected)
		return T_SELECTED;
	if (ns->err)
		return T_NOT;
	if (ns->st.have_rate && ns->st.drop_rate > 0)
		return T_DROPPING;
	if (ns->st.have_rate && ns->st.growth_rate > 0)
		return T_GROWING;
	return ns->count > 0 ? T_IN_TURN : T_NOT;
}

static int by_worth(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	double kx = 0, ky = 0;
	if (x->tier == T_DROPPING) {
		kx = -x->ns->st.drop_rate;
		ky = -y->ns->st.drop_rate;
	} else if (x->tier == T_GROWING) {
		kx = -x->ns->st.growth_rate;
		ky = -y->ns->st.growth_rate;
	} else if (x->tier == T_IN_TURN) {
		kx = x->turn;
		ky = y->turn;
	}
	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->ns->count != y->ns->count)
		return x->ns->count > y->ns->count ? -1 : 1;
	return x->ns->inode < y->ns->inode ? -1 : x->ns->inode > y->ns->inode;
}

unsigned nschurn_choose(const struct ns_table *t, uint64_t selected, nschurn_turn_fn turn,
			void *turn_arg, uint64_t *out, unsigned max)
{
	if (max > NSCHURN_WATCH_MAX)
		max = NSCHURN_WATCH_MAX;
	struct cand *c = malloc(sizeof *c * (t->n ? t->n : 1));
	if (!c)
		return 0;
	unsigned n = 0;
	for (unsigned i = 0; i < t->n; i++) {
		enum tier tr = tier_of(&t->ns[i], selected);
		if (tr == T_NOT)
			continue;
		c[n++] = (struct cand){ &t->ns[i], tr,
					tr == T_IN_TURN && turn ? turn(turn_arg, t->ns[i].inode) : 0 };
	}
	qsort(c, n, sizeof *c, by_worth);
	unsigned got = n < max ? n : max;
	for (unsigned i = 0; i < got; i++)
		out[i] = c[i].ns->inode;
	free(c);
	return got;
}
