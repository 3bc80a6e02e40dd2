/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A deadline for every connection of the HTTP server: libmicrohttpd
 * closes a connection only when it has been idle, so a client that sends
 * one byte every few seconds keeps its slot forever (slowloris). This
 * keeps each connection's socket and the time its current exchange
 * started, and a thread shuts down (shutdown(2), so the server sees the
 * end and closes it itself) every socket whose exchange has run past the
 * limit. */
#ifndef CTDASH_CONNWATCH_H
#define CTDASH_CONNWATCH_H

struct connwatch;
struct cw_slot;

/* Room for slots connections, each allowed limit_ms an exchange; with
 * sweep_ms > 0 a thread sweeps that often (0: only connwatch_sweep).
 * NULL when out of memory or no thread could be made. */
struct connwatch *connwatch_new(unsigned slots, double limit_ms, double sweep_ms);
/* Stop the thread and free everything (the sockets stay open). */
void connwatch_free(struct connwatch *w);
/* Watch the socket fd from now; NULL when every slot is taken. */
struct cw_slot *connwatch_add(struct connwatch *w, int fd);
/* An exchange finished: the next one has the whole limit again. */
void connwatch_restart(struct connwatch *w, struct cw_slot *s);
/* The connection closed: forget its socket. The server must call this
 * before it closes the socket, so no number reused by then is shut down. */
void connwatch_remove(struct connwatch *w, struct cw_slot *s);
/* Shut down every socket past the limit at now_ms (mono_ms()); how many. */
unsigned connwatch_sweep(struct connwatch *w, double now_ms);

#endif
