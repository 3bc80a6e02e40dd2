/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --list rows: the header, every column present ("-" where a field does
 * not apply) so column N is the same field whatever the protocol, the
 * flags as conntrack names them, NAT seen from the reply tuple, and the
 * JSON object with null for what is absent. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cli/list_rows.h"

#define IPS_SEEN_REPLY (1u << 1)
#define IPS_ASSURED (1u << 2)

static void set_addr(uint8_t family, uint8_t *dst, const char *text)
{
	assert_int_equal(inet_pton(family, text, dst), 1);
}

/* TCP 10.0.0.1:40000 -> 10.0.0.2:80, reply unchanged (no NAT). */
static struct ct_entry tcp_entry(void)
{
	struct ct_entry e = {
		.family = AF_INET, .l4proto = 6, .tcp_state = 3, .has_tcp_state = true,
		.has_timeout = true, .has_src = true, .has_reply = true, .has_id = true,
		.status = IPS_SEEN_REPLY | IPS_ASSURED, .timeout = 431999, .id = 12345,
		.mark = 7, .has_mark = true,
	};
	const unsigned all = CT_TUPLE_SRC | CT_TUPLE_DST | CT_TUPLE_PROTO | CT_TUPLE_PORTS;
	set_addr(AF_INET, e.orig.src, "10.0.0.1");
	set_addr(AF_INET, e.orig.dst, "10.0.0.2");
	e.orig.sport = 40000;
	e.orig.dport = 80;
	e.orig.l4proto = 6;
	e.orig.has = all;
	set_addr(AF_INET, e.reply.src, "10.0.0.2");
	set_addr(AF_INET, e.reply.dst, "10.0.0.1");
	e.reply.sport = 80;
	e.reply.dport = 40000;
	e.reply.l4proto = 6;
	e.reply.has = all;
	return e;
}

/* ICMPv6 echo ::1 -> ::1, no reply seen yet, in zone 3. */
static struct ct_entry icmp6_entry(void)
{
	struct ct_entry e = {
		.family = AF_INET6, .l4proto = 58, .has_timeout = true, .has_src = true,
		.has_reply = true, .has_id = true, .has_zone = true, .zone = 3, .timeout = 29,
		.id = 1,
	};
	const unsigned all = CT_TUPLE_SRC | CT_TUPLE_DST | CT_TUPLE_PROTO | CT_TUPLE_ICMP;
	set_addr(AF_INET6, e.orig.src, "::1");
	set_addr(AF_INET6, e.orig.dst, "::1");
	e.orig.icmp_type = 128;
	e.orig.icmp_code = 0;
	e.orig.icmp_id = 4242;
	e.orig.has = all;
	e.reply = e.orig;
	e.reply.icmp_type = 129;
	return e;
}

/* What one call writes, as a string (the caller frees it). */
static char *capture_text(const struct ct_entry *e, bool acct, bool header)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	if (header)
		row_header(out, acct);
	else
		row_text(out, e, acct);
	assert_int_equal(fclose(out), 0);
	return buf;
}

static char *capture_json(const struct ct_entry *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	row_json(out, e);
	assert_int_equal(fclose(out), 0);
	return buf;
}

static unsigned words(const char *line)
{
	unsigned n = 0;
	for (const char *p = line; *p; p++)
		if (*p != ' ' && *p != '\n' && (p == line || p[-1] == ' '))
			n++;
	return n;
}

static void test_header(void **state)
{
	(void)state;
	char *h = capture_text(NULL, false, true);
	assert_string_equal(h, "id l3 l4 state timeout src dst sport dport reply_src reply_dst "
			       "reply_sport reply_dport flags mark zone type code icmp_id nat\n");
	free(h);
	h = capture_text(NULL, true, true);
	assert_int_equal(words(h), 24);
	assert_non_null(strstr(h, " nat packets bytes reply_packets reply_bytes\n"));
	free(h);
}

static void test_text_tcp(void **state)
{
	(void)state;
	struct ct_entry e = tcp_entry();
	char *row = capture_text(&e, false, false);
	assert_string_equal(row, "12345 ipv4 tcp ESTABLISHED 431999 10.0.0.1 10.0.0.2 40000 80 "
				 "10.0.0.2 10.0.0.1 80 40000 ASSURED 7 0 - - - -\n");
	free(row);
	/* acct without counters: four more "-" */
	row = capture_text(&e, true, false);
	assert_int_equal(words(row), 24);
	assert_non_null(strstr(row, " - - - -\n"));
	free(row);
	e.has_counters = true;
	e.packets[CT_DIR_ORIG] = 3;
	e.bytes[CT_DIR_ORIG] = 180;
	e.packets[CT_DIR_REPLY] = 2;
	e.bytes[CT_DIR_REPLY] = 120;
	row = capture_text(&e, true, false);
	assert_int_equal(words(row), 24);
	assert_non_null(strstr(row, " ASSURED 7 0 - - - - 3 180 2 120\n"));
	free(row);
}

/* Same column count for ICMPv6: ports and state are "-", ICMP fields set. */
static void test_text_icmp6(void **state)
{
	(void)state;
	struct ct_entry e = icmp6_entry();
	char *row = capture_text(&e, false, false);
	assert_string_equal(row, "1 ipv6 icmpv6 - 29 ::1 ::1 - - ::1 ::1 - - UNREPLIED 0 3 "
				 "128 0 4242 -\n");
	assert_int_equal(words(row), 20);
	free(row);
}

/* Reply going to another address than the source: SNAT; to another port
 * at the destination: DNAT. */
static void test_nat(void **state)
{
	(void)state;
	struct ct_entry e = tcp_entry();
	set_addr(AF_INET, e.reply.dst, "192.0.2.1");
	char *row = capture_text(&e, false, false);
	assert_non_null(strstr(row, " snat\n"));
	free(row);
	e.reply.sport = 8080;
	row = capture_text(&e, false, false);
	assert_non_null(strstr(row, " snat,dnat\n"));
	free(row);
	char *json = capture_json(&e);
	assert_non_null(strstr(json, "\"nat\":\"snat,dnat\""));
	free(json);
	e = tcp_entry();
	json = capture_json(&e);
	assert_null(strstr(json, "\"nat\""));
	free(json);
}

static void test_flags(void **state)
{
	(void)state;
	struct ct_entry e = tcp_entry();
	char buf[32];
	e.status = IPS_ASSURED | IPS_SEEN_REPLY;
	assert_string_equal(row_flags(buf, sizeof buf, &e), "ASSURED");
	e.status = 0;
	assert_string_equal(row_flags(buf, sizeof buf, &e), "UNREPLIED");
	e.status = IPS_ASSURED;
	assert_string_equal(row_flags(buf, sizeof buf, &e), "ASSURED,UNREPLIED");
	e.status = IPS_SEEN_REPLY;
	assert_string_equal(row_flags(buf, sizeof buf, &e), "-");
	/* the result is buf */
	assert_ptr_equal(row_flags(buf, sizeof buf, &e), buf);
}

static void test_json(void **state)
{
	(void)state;
	struct ct_entry e = tcp_entry();
	char *json = capture_json(&e);
	/* one line */
	size_t len = strlen(json);
	assert_true(len > 2);
	assert_int_equal(json[len - 1], '\n');
	assert_null(memchr(json, '\n', len - 1));
	assert_int_equal(json[0], '{');
	const char *want[] = {
		"\"id\":12345", "\"l3\":\"ipv4\"", "\"l4\":\"tcp\"", "\"state\":\"ESTABLISHED\"",
		"\"timeout\":431999", "\"src\":\"10.0.0.1\"", "\"dst\":\"10.0.0.2\"",
		"\"sport\":40000", "\"dport\":80", "\"reply_src\":\"10.0.0.2\"",
		"\"reply_sport\":80", "\"flags\":[\"ASSURED\"]", "\"mark\":7", "\"zone\":0",
	};
	for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(json, want[i]))
			fail_msg("%s lacks %s", json, want[i]);
	assert_null(strstr(json, "icmp_type"));
	assert_null(strstr(json, "bytes"));
	free(json);

	e = icmp6_entry();
	json = capture_json(&e);
	const char *want6[] = {
		"\"l3\":\"ipv6\"", "\"state\":null", "\"sport\":null", "\"reply_dport\":null",
		"\"src\":\"::1\"", "\"flags\":[\"UNREPLIED\"]", "\"zone\":3", "\"icmp_type\":128",
		"\"icmp_code\":0", "\"icmp_id\":4242",
	};
	for (unsigned i = 0; i < sizeof want6 / sizeof want6[0]; i++)
		if (!strstr(json, want6[i]))
			fail_msg("%s lacks %s", json, want6[i]);
	free(json);

	/* a tuple without addresses: null, not an empty or zero address */
	e = tcp_entry();
	e.orig.has &= (uint8_t)~CT_TUPLE_SRC;
	json = capture_json(&e);
	assert_non_null(strstr(json, "\"src\":null"));
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_text_tcp),
		cmocka_unit_test(test_text_icmp6),
		cmocka_unit_test(test_nat),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
