/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "base/bufprintf.h"

#include <stdio.h>
#include <string.h>

char *buf_vprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	if (n > 0)
		vsnprintf(buf, n, fmt, ap);
	return buf;
}

char *buf_printf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(buf, n, fmt, ap);
	va_end(ap);
	return buf;
}

char *buf_appendf(char *buf, size_t n, const char *fmt, ...)
{
	size_t len = strnlen(buf, n);
	if (len + 2 >= n)
		return buf;
	if (len > 0)
		buf[len++] = ' ';
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
	return buf;
}
