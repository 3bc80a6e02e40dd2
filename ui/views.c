/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "views.h"
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every full-width view, one line each: its module defines the class. */
static const struct view_class *const registry[] = {
	&timeouts_view,
	&journal_view,
	&advice_view,
	&churn_view,
	&nat_view,
	&list_view,
	&netns_view,
};
#define NVIEWS (sizeof registry / sizeof registry[0])
_Static_assert(NVIEWS <= VIEWS_MAX, "raise VIEWS_MAX");

static int index_of(const struct view_class *vc)
{
	for (unsigned i = 0; i < NVIEWS; i++)
		if (registry[i] == vc)
			return (int)i;
	return -1;
}

int views_init(struct views *v)
{
	memset(v, 0, sizeof *v);
	for (unsigned i = 0; i < NVIEWS; i++) {
		v->state[i] = calloc(1, registry[i]->size);
		if (!v->state[i]) {
			views_free(v);
			return -1;
		}
		v->n = i + 1;
		if (registry[i]->init)
			registry[i]->init(v->state[i]);
	}
	return 0;
}

void views_free(struct views *v)
{
	for (unsigned i = 0; i < v->n; i++) {
		if (registry[i]->free)
			registry[i]->free(v->state[i]);
		free(v->state[i]);
		v->state[i] = NULL;
	}
	v->n = 0;
	v->shown = v->back = NULL;
}

const struct view_class *views_by_arg(const char *arg)
{
	for (unsigned i = 0; arg && i < NVIEWS; i++)
		if (registry[i]->arg && strcmp(registry[i]->arg, arg) == 0)
			return registry[i];
	return NULL;
}

int ui_check_view(const char *arg, char *err, size_t n)
{
	if (views_by_arg(arg))
		return 0;
	size_t len = (size_t)snprintf(err, n, "invalid value '%s' for --view: expected", arg);
	for (unsigned i = 0; i < NVIEWS && len < n; i++)
		len += (size_t)snprintf(err + len, n - len, "%s %s", i ? (i + 1 < NVIEWS ? "," : " or") : "",
					 registry[i]->arg);
	return -1;
}

const struct view_class *views_by_action(enum ui_action a)
{
	for (unsigned i = 0; i < NVIEWS; i++)
		if (a != ACT_NONE && registry[i]->toggle == a)
			return registry[i];
	return NULL;
}

void *views_state(const struct views *v, const struct view_class *vc)
{
	int i = index_of(vc);
	return i >= 0 && (unsigned)i < v->n ? v->state[i] : NULL;
}

bool views_showing(const struct views *v, const struct view_class *vc)
{
	return v->shown == vc;
}

void views_toggle(struct views *v, const struct view_class *vc, const struct view_ctx *c)
{
	if (v->shown == vc) {
		v->shown = v->back;
		v->back = NULL;
		return;
	}
	v->back = v->shown;
	v->shown = vc;
	if (vc->opened)
		vc->opened(views_state(v, vc), c);
}

void views_close(struct views *v)
{
	v->shown = v->back = NULL;
}

void views_update(struct views *v, const struct view_ctx *c)
{
	for (unsigned i = 0; i < v->n; i++)
		if (registry[i]->update)
			registry[i]->update(v->state[i], c);
}

void views_wrote(struct views *v, const struct view_ctx *c)
{
	for (unsigned i = 0; i < v->n; i++)
		if (registry[i]->wrote)
			registry[i]->wrote(v->state[i], c, v->shown == registry[i]);
}

struct panel *views_panel(struct views *v)
{
	return v->shown ? v->shown->panel(views_state(v, v->shown)) : NULL;
}

const char *views_name(const struct views *v)
{
	return v->shown ? v->shown->name : "the panes";
}

const struct key_hint *views_hints(const struct views *v)
{
	return v->shown ? v->shown->hints : NULL;
}

bool views_key(struct views *v, int key, enum ui_action a)
{
	if (!v->shown || !v->shown->key)
		return false;
	return v->shown->key(views_state(v, v->shown), key, a);
}

void views_draw(struct views *v, struct rect r)
{
	if (v->shown)
		v->shown->draw(views_state(v, v->shown), r);
}

bool views_status(struct views *v, struct rect r)
{
	if (!v->shown || !v->shown->status)
		return false;
	return v->shown->status(views_state(v, v->shown), r);
}
