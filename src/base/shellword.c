/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/shellword.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"

static bool shell_plain(const char *s)
{
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:@+=,/", *s))
			return false;
	return true;
}

static bool has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* $'...' with \xNN for control bytes: a newline inside plain quotes
 * would split the command as the operator reads and copies it. */
static const char *ansi_c_word(const char *s, char *buf, size_t n)
{
	size_t o = 0;
	if (n < 4)
		return buf[0] = '\0', buf;
	buf[o++] = '$';
	buf[o++] = '\'';
	for (const unsigned char *p = (const unsigned char *)s; *p && o + 6 < n; p++) {
		if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", *p);
		else if (*p == '\'' || *p == '\\')
			o += (size_t)snprintf(buf + o, n - o, "\\%c", *p);
		else
			buf[o++] = (char)*p;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

const char *shell_word(const char *s, char *buf, size_t n)
{
	if (*s && shell_plain(s))
		return s;
	if (has_control(s))
		return ansi_c_word(s, buf, n);
	size_t o = 0;
	if (o + 1 < n)
		buf[o++] = '\'';
	for (; *s && o + 5 < n; s++) {
		if (*s == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *s;
		}
	}
	if (o + 1 < n)
		buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

char *ns_exec_prefix(const char *label, char *buf, size_t n)
{
	char word[SHELL_WORD_MAX];
	int pid;
	if (!label || !label[0])
		buf[0] = '\0';
	else if (parse_pid_label(label, &pid))
		snprintf(buf, n, "nsenter -t %d -n ", pid);
	else
		snprintf(buf, n, "ip netns exec %s ", shell_word(label, word, sizeof word));
	return buf;
}
