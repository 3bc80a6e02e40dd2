/* Whether this process may change the conntrack settings it shows. */
#ifndef CTDASH_PRIVILEGE_H
#define CTDASH_PRIVILEGE_H

#include <stdbool.h>

/* True when the current namespace's conntrack timeout sysctls can be
 * written: the kernel grants that to root and to CAP_NET_ADMIN in the
 * namespace's owner, and refuses it on a read-only /proc/sys. */
bool sysctls_writable(void);

#endif
