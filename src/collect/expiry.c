/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect/expiry.h"

#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "model/model.h"

bool expiry_ages(unsigned tcp_state)
{
	return tcp_state == CT_TCP_TIME_WAIT || tcp_state == CT_TCP_CLOSE ||
	       tcp_state == CT_TCP_LAST_ACK;
}

void expiry_init(struct expiry_heap *h)
{
	memset(h, 0, sizeof *h);
}

void expiry_free(struct expiry_heap *h)
{
	free(h->item);
	expiry_init(h);
}

void expiry_clear(struct expiry_heap *h)
{
	h->n = 0;
}

static void swap(struct expiry_item *a, struct expiry_item *b)
{
	struct expiry_item t = *a;
	*a = *b;
	*b = t;
}

int expiry_push(struct expiry_heap *h, uint32_t when, uint32_t id, uint8_t state)
{
	struct expiry_item *grown = grow_array(h->item, &h->cap, h->n + 1, sizeof *grown, 64);
	if (!grown)
		return -1;
	h->item = grown;
	size_t i = h->n++;
	h->item[i] = (struct expiry_item){ .when = when, .id = id, .state = state };
	while (i > 0 && h->item[(i - 1) / 2].when > h->item[i].when) {
		swap(&h->item[(i - 1) / 2], &h->item[i]);
		i = (i - 1) / 2;
	}
	return 0;
}

bool expiry_pop_due(struct expiry_heap *h, uint32_t now, struct expiry_item *out)
{
	if (!h->n || h->item[0].when > now)
		return false;
	*out = h->item[0];
	h->item[0] = h->item[--h->n];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->item[l].when < h->item[m].when)
			m = l;
		if (r < h->n && h->item[r].when < h->item[m].when)
			m = r;
		if (m == i)
			break;
		swap(&h->item[i], &h->item[m]);
		i = m;
	}
	return true;
}

uint64_t expiry_bytes(const struct expiry_heap *h)
{
	return h->cap * sizeof *h->item;
}
