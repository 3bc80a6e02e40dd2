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

const char *shell_word(const char *s, char *buf, size_t n)
{
	if (*s && shell_plain(s))
		return s;
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
	char word[300];
	int pid;
	if (!label || !label[0])
		buf[0] = '\0';
	else if (parse_pid_label(label, &pid))
		snprintf(buf, n, "nsenter -t %d -n ", pid);
	else
		snprintf(buf, n, "ip netns exec %s ", shell_word(label, word, sizeof word));
	return buf;
}
