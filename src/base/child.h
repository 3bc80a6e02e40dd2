/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Child processes that talk to their parent through a pipe: the demo's
 * janitor and its `nft -f -`, and the fresh namespace that reads the
 * kernel's default timeouts. */
#ifndef CTDASH_CHILD_H
#define CTDASH_CHILD_H

#include <sys/types.h>

enum child_pipe {
	CHILD_READS,   /* the parent writes, the child reads */
	CHILD_WRITES,  /* the child writes, the parent reads */
};

/* fork() with a pipe (close-on-exec) between parent and child. Returns
 * the child's pid in the parent and 0 in the child; in each, *fd is its
 * own end and the other end is closed. -errno when the pipe or the fork
 * fails, and then nothing is left open. */
pid_t child_fork_pipe(enum child_pipe dir, int *fd);
/* waitpid(pid), again when a signal interrupts it. 0 (the status in
 * *status unless NULL) or -errno. */
int child_wait(pid_t pid, int *status);
/* In a child that must not write on ctdash's terminal: stdin, stdout
 * and stderr to /dev/null (left as they are when it cannot be opened). */
void child_quiet_stdio(void);

#endif
