/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The workload table: each workload written once, its id in the rows of
 * every picture that names it (top, namespace). Its parts are '' when
 * unknown, not NULL, so the table's UNIQUE sees two alike as one. */
#include <string.h>

#include "model/workload.h"
#include "record/store_int.h"

/* What names a workload, as the cache's key: its parts, each ended. */
static size_t workload_key(const struct workload *w, const char *netns, char *key, size_t n)
{
	const char *parts[] = { workload_kind_name(w->kind), w->namespace, w->name, w->container_id,
				w->pod_uid, netns };
	size_t len = 0;
	for (unsigned i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		size_t k = strnlen(parts[i], n - len - 1);
		memcpy(key + len, parts[i], k);
		len += k;
		key[len++] = '\0';
	}
	return len;
}

static void bind_parts(sqlite3_stmt *q, int first, const struct workload *w, const char *netns)
{
	sqlite3_bind_text(q, first, workload_kind_name(w->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, first + 1, w->namespace, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, first + 2, w->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, first + 3, w->container_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, first + 4, w->pod_uid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, first + 5, netns, -1, SQLITE_TRANSIENT);
}

/* Write it if new, then read its id. */
static sqlite3_int64 ask_file(struct rec_store *st, const struct workload *w, const char *netns)
{
	char label[WL_NAME_MAX * 2 + 16];
	sqlite3_stmt *add = st->stmt[ST_WL_ADD], *id = st->stmt[ST_WL_ID];
	sqlite3_reset(add);
	sqlite3_bind_text(add, 1, workload_label(w, label, sizeof label), -1, SQLITE_TRANSIENT);
	bind_parts(add, 2, w, netns);
	int rc = sqlite3_step(add);
	if (rc != SQLITE_DONE)
		return -rc;
	sqlite3_reset(id);
	bind_parts(id, 1, w, netns);
	rc = sqlite3_step(id);
	sqlite3_int64 found = rc == SQLITE_ROW ? sqlite3_column_int64(id, 0) : 0;
	sqlite3_reset(id);
	return found > 0 ? found : -(rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
}

sqlite3_int64 store_workload_id(struct rec_store *st, const struct workload *w, const char *netns)
{
	char key[WL_NAME_MAX * 3 + WL_ID_MAX + WL_UID_MAX + 300];
	size_t len = workload_key(w, netns, key, sizeof key);
	uint64_t h = siphash24(&st->wl_key, key, len);
	struct wl_id_slot *slot = &st->wl_ids[h % STORE_WL_CACHE];
	if (slot->id && slot->hash == h)
		return slot->id;
	sqlite3_int64 id = ask_file(st, w, netns);
	if (id > 0)
		*slot = (struct wl_id_slot){ h, id };
	return id;
}
