/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Written from the SipHash paper (Aumasson, Bernstein, 2012); checked
 * against its reference vectors in tests/unit/test_siphash.c. */
#include "base/siphash.h"

#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t rotl(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64 - b));
}

struct sipstate {
	uint64_t v0, v1, v2, v3;
};

static inline void sipround(struct sipstate *s)
{
	s->v0 += s->v1;
	s->v1 = rotl(s->v1, 13) ^ s->v0;
	s->v0 = rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotl(s->v3, 16) ^ s->v2;
	s->v0 += s->v3;
	s->v3 = rotl(s->v3, 21) ^ s->v0;
	s->v2 += s->v1;
	s->v1 = rotl(s->v1, 17) ^ s->v2;
	s->v2 = rotl(s->v2, 32);
}

/* Eight bytes little-endian, whatever the host's order and alignment. */
static inline uint64_t load_le64(const uint8_t *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof w);
	return le64toh(w);
}

/* The last n < 8 bytes, little-endian. */
static inline uint64_t load_tail(const uint8_t *p, size_t n)
{
	uint64_t w = 0;
	if (n >= 4) {
		uint32_t half;
		memcpy(&half, p, sizeof half);
		w = le32toh(half);
		for (size_t i = 4; i < n; i++)
			w |= (uint64_t)p[i] << (8 * i);
		return w;
	}
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	return w;
}

static inline void compress(struct sipstate *s, uint64_t m)
{
	s->v3 ^= m;
	sipround(s);
	sipround(s);
	s->v0 ^= m;
}

uint64_t siphash24(const struct sipkey *key, const void *data, size_t len)
{
	const uint8_t *p = data;
	struct sipstate s = {
		key->k0 ^ 0x736f6d6570736575ull, key->k1 ^ 0x646f72616e646f6dull,
		key->k0 ^ 0x6c7967656e657261ull, key->k1 ^ 0x7465646279746573ull,
	};
	size_t whole = len & ~(size_t)7;
	for (size_t i = 0; i < whole; i += 8)
		compress(&s, load_le64(p + i));
	compress(&s, load_tail(p + whole, len - whole) | (uint64_t)(len & 0xff) << 56);
	s.v2 ^= 0xff;
	for (int i = 0; i < 4; i++)
		sipround(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

static int fill_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void sipkey_random(struct sipkey *key)
{
	if (fill_random(key, sizeof *key) == 0)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	struct sipkey weak = { (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 32,
			       (uint64_t)getpid() ^ (uint64_t)(uintptr_t)key };
	key->k0 = siphash24(&weak, &weak, sizeof weak);
	key->k1 = siphash24(&weak, key, sizeof *key);
}
