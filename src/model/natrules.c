/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A line at a time, a word at a time: a rule is a verb (nft `masquerade`
 * or `snat`, iptables `-j MASQUERADE` or `-j SNAT`) and later its target
 * (`to :A-B`, `to ADDR:A-B`, `--to-ports A-B`, `--to-source ADDR:A-B`).
 * Quoted strings are skipped whole, so a comment cannot pose as a rule. */
#include "model/natrules.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define WORD_MAX 96

enum verb { VERB_NONE, VERB_MASQUERADE, VERB_SNAT };

struct line_state {
	enum verb verb;
	bool want_target;  /* the word before named the target next */
};

struct found {
	unsigned rules;
	unsigned lo, hi;
	enum verb verb;
};

/* "A" or "A-B", whole, 1 <= A <= B <= 65535. */
static bool parse_ports(const char *s, unsigned *lo, unsigned *hi)
{
	unsigned v[2] = { 0, 0 }, n = 0;
	bool digit = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			v[n] = v[n] * 10 + (unsigned)(*s - '0');
			if (v[n] > 65535)
				return false;
			digit = true;
		} else if (*s == '-' && n == 0 && digit) {
			n = 1;
			digit = false;
		} else {
			return false;
		}
	}
	if (!digit)
		return false;
	*lo = v[0];
	*hi = n ? v[1] : v[0];
	return *lo >= 1 && *lo <= *hi;
}

/* The ports of a target "ADDR:PORTS", ":PORTS" or "[V6]:PORTS"; an IPv6
 * address without brackets has no ports. */
static bool target_ports(const char *w, unsigned *lo, unsigned *hi)
{
	const char *colon = strrchr(w, ':');
	if (!colon)
		return false;
	const char *bracket = strchr(w, ']');
	if (bracket ? colon < bracket : strchr(w, ':') != colon)
		return false;
	return parse_ports(colon + 1, lo, hi);
}

static void take(struct found *f, enum verb verb, unsigned lo, unsigned hi)
{
	f->rules++;
	if (f->rules == 1 || hi - lo < f->hi - f->lo) {
		f->lo = lo;
		f->hi = hi;
		f->verb = verb;
	}
}

static void on_word(struct line_state *ls, const char *w, bool iptables_ports, struct found *f)
{
	unsigned lo, hi;
	if (ls->want_target) {
		ls->want_target = false;
		bool ok = iptables_ports ? parse_ports(w, &lo, &hi) : target_ports(w, &lo, &hi);
		if (ok && ls->verb != VERB_NONE) {
			take(f, ls->verb, lo, hi);
			ls->verb = VERB_NONE;
		}
		return;
	}
	if (!strcmp(w, "masquerade") || !strcmp(w, "MASQUERADE"))
		ls->verb = VERB_MASQUERADE;
	else if (!strcmp(w, "snat") || !strcmp(w, "SNAT"))
		ls->verb = VERB_SNAT;
	else if (ls->verb != VERB_NONE &&
		 (!strcmp(w, "to") || !strcmp(w, "--to-source") || !strcmp(w, "--to-ports")))
		ls->want_target = true;
}

/* One line: words split on blanks, quoted strings dropped. A word longer
 * than WORD_MAX is no word of a rule this parser reads. */
static void scan_line(const char *p, const char *end, struct found *f)
{
	struct line_state ls = { VERB_NONE, false };
	char w[WORD_MAX + 1];
	while (p < end) {
		if (*p == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
			p = q ? q + 1 : end;
			ls.want_target = false;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\0') {
			p++;
			continue;
		}
		size_t n = 0;
		bool fits = true;
		for (; p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\0' && *p != '"'; p++) {
			if (n < WORD_MAX)
				w[n++] = *p;
			else
				fits = false;
		}
		w[n] = '\0';
		bool iptables_ports = ls.want_target && ls.verb == VERB_MASQUERADE && strchr(w, ':') == NULL;
		if (fits)
			on_word(&ls, w, iptables_ports, f);
		else
			ls.want_target = false;
	}
}

unsigned nat_rules_parse(const char *text, size_t len, const char *tool, struct ct_nat_range *r)
{
	struct found f = { 0 };
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		scan_line(p, eol, &f);
		p = eol + 1;
	}
	if (f.rules == 0)
		return 0;
	memset(r, 0, sizeof *r);
	r->lo = (uint16_t)f.lo;
	r->hi = (uint16_t)f.hi;
	r->from_rules = true;
	const char *verb = f.verb == VERB_SNAT ? "snat" : "masquerade";
	int n = snprintf(r->origin, sizeof r->origin, "%s: %s to :%u-%u", tool, verb, f.lo, f.hi);
	if (f.rules > 1 && n > 0 && (size_t)n < sizeof r->origin)
		snprintf(r->origin + n, sizeof r->origin - (size_t)n, ", narrowest of %u", f.rules);
	return f.rules;
}
