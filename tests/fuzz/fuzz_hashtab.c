/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer: the keyed hash tables (issue 16 item 7) driven by any bytes
 * and checked against plain references. Each record of the input is an
 * operation byte and a key:
 *   0: ctindex insert of id (2 bytes: 65,536 ids, so runs collide and
 *      wrap), 1: ctindex remove, 2: topsrc add of an IPv4 or IPv6 source,
 *   3: keytab slot of a key (the family and address from the input).
 * After every operation the index agrees with a presence bitmap, topsrc's
 * distinct count with a reference count, and every key given a keytab slot
 * is found in it again. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/ctindex.h"
#include "collect/keytab.h"
#include "collect/topsrc.h"

#define IDS 65536
#define KEYS_KEPT 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
	struct ctindex ix;
	struct topsrc ts;
	struct keytab kt;
	uint8_t present[IDS / 8];
	uint64_t live;
	struct ct_key kept[KEYS_KEPT];
	uint32_t kept_slot[KEYS_KEPT];
	unsigned nkept;
};

static bool has(const struct state *st, uint32_t id)
{
	return st->present[id / 8] & (1u << (id % 8));
}

static void index_op(struct state *st, bool insert, uint32_t id)
{
	struct ct_rec *r = ctindex_find(&st->ix, id);
	if ((r != NULL) != has(st, id))
		abort();
	if (insert) {
		bool made;
		r = ctindex_insert(&st->ix, id, &made);
		if (!r || r->id != id || made == has(st, id))
			abort();
		st->live += made;
		st->present[id / 8] |= (uint8_t)(1u << (id % 8));
	} else if (r) {
		ctindex_remove(&st->ix, r);
		st->live--;
		st->present[id / 8] &= (uint8_t)~(1u << (id % 8));
		if (ctindex_find(&st->ix, id))
			abort();
	}
	if (st->ix.used != st->live)
		abort();
}

static void keytab_op(struct state *st, const uint8_t *k, size_t n)
{
	struct ct_key key = { .family = (k[0] & 1) ? AF_INET6 : AF_INET };
	memcpy(key.addr, k + 1, n - 1 < sizeof key.addr ? n - 1 : sizeof key.addr);
	uint32_t slot = keytab_slot(&st->kt, &key);
	if (slot == CTR_NO_SLOT || keytab_find(&st->kt, &key) != slot)
		abort();
	if (st->nkept < KEYS_KEPT) {
		st->kept[st->nkept] = key;
		st->kept_slot[st->nkept++] = slot;
	}
	for (unsigned i = 0; i < st->nkept; i++)
		if (keytab_find(&st->kt, &st->kept[i]) != st->kept_slot[i])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct state st;
	memset(&st, 0, sizeof st);
	ctindex_init(&st.ix);
	topsrc_init(&st.ts);
	keytab_init(&st.kt, 0);
	uint64_t v4 = 0, v6 = 0; /* reference distinct counts: sources only grow */
	static uint8_t seen4[IDS / 8], seen6[IDS / 8];
	memset(seen4, 0, sizeof seen4);
	memset(seen6, 0, sizeof seen6);
	for (size_t i = 0; i + 3 <= size; i += 3) {
		uint8_t op = data[i] & 3;
		uint32_t id = (uint32_t)data[i + 1] << 8 | data[i + 2];
		if (op <= 1) {
			index_op(&st, op == 0, id);
		} else if (op == 2) {
			/* a 16-bit key spread into an address, so sources repeat */
			bool six = data[i] & 4;
			uint8_t addr[16] = { 10, 0, 0, 0 };
			addr[six ? 14 : 2] = data[i + 1];
			addr[six ? 15 : 3] = data[i + 2];
			if (six)
				addr[0] = 0x20;
			uint8_t *seen = six ? seen6 : seen4;
			if (!(seen[id / 8] & (1u << (id % 8)))) {
				seen[id / 8] |= (uint8_t)(1u << (id % 8));
				*(six ? &v6 : &v4) += 1;
			}
			if (topsrc_add(&st.ts, six ? AF_INET6 : AF_INET, addr) < 0 ||
			    topsrc_distinct(&st.ts) != v4 + v6)
				abort();
		} else {
			keytab_op(&st, data + i, 3);
		}
	}
	ctindex_free(&st.ix);
	topsrc_free(&st.ts);
	keytab_free(&st.kt);
	return 0;
}
