/* The four panes under the meters and what each shows. */
#ifndef CTDASH_PANES_H
#define CTDASH_PANES_H

#include "countlist.h"
#include "cpupane.h"
#include "layout.h"
#include "model/model.h"
#include "panel.h"

struct panes {
	struct count_list protocols; /* L3, L4 and the ASSURED/UNREPLIED flags */
	struct count_list tcp;       /* TCP states with their timeouts */
	struct count_list sources;   /* top source addresses */
	struct cpu_pane cpu;
};

void panes_init(struct panes *ps);
void panes_free(struct panes *ps);
/* Rebuild every pane from s; selections stay on their rows. -1 when out
 * of memory (the panes then show fewer rows). */
int panes_update(struct panes *ps, const struct ct_snapshot *s);
struct panel *panes_panel(struct panes *ps, enum pane_id id);
/* Tell each pane how many rows its rectangle holds. */
void panes_fit(struct panes *ps, const struct layout *l);
void panes_draw(struct panes *ps, const struct layout *l, enum pane_id focus);
/* "TCP states", … for messages. */
const char *pane_name(enum pane_id id);

#endif
