/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Standard output as a promise: a report that could not be written (a
 * full disk, a closed descriptor, a broken device) is a failure, said on
 * stderr with a non-zero exit, never a silent exit 0. */
#ifndef CTDASH_OUTPUT_H
#define CTDASH_OUTPUT_H

/* Before anything else: a closed stdin or stderr is put on /dev/null (so
 * that no socket or file opened later takes its number and receives
 * what was meant for it); a closed stdout is refused, as nothing could
 * be reported. 0, or -1 after saying so on stderr. */
int output_check_std(void);

/* At the end: flush and close stdout. Returns status, or 1 when status
 * was 0 and the output could not be written (said on stderr). */
int output_finish(int status);

#endif
