/* Whole-buffer writes: write(2) may take less than asked, or be
 * interrupted; a journal record or an exported file must go in whole. */
#ifndef CTDASH_FDIO_H
#define CTDASH_FDIO_H

#include <stddef.h>

/* Write all len bytes of buf to fd. 0 or a negative errno. */
int write_all(int fd, const char *buf, size_t len);

#endif
