/* Strict parsing of numbers typed by a person: whole input or nothing. */
#ifndef CTDASH_PARSE_H
#define CTDASH_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Decimal digits only, no sign, no spaces, at most max. */
bool parse_uint(const char *s, uint64_t max, uint64_t *out);

#endif
