#include "tc_base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t tc_base64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

void tc_base64_encode(const uint8_t *in, size_t n, char *out)
{
	size_t i = 0, o = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int tc_base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len)
{
	if (len % 4 != 0)
		return TC_EFORMAT;
	size_t o = 0;
	for (size_t i = 0; i < len; i += 4) {
		int a = value(in[i]), b = value(in[i + 1]);
		int pad2 = in[i + 2] == '=', pad3 = in[i + 3] == '=';
		int c = pad2 ? 0 : value(in[i + 2]), d = pad3 ? 0 : value(in[i + 3]);
		/* Padding only at the very end, and "x=y" is not padding. */
		if (a < 0 || b < 0 || c < 0 || d < 0 || (pad2 && !pad3) ||
		    ((pad2 || pad3) && i + 4 != len))
			return TC_EFORMAT;
		uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
		out[o++] = (uint8_t)(v >> 16);
		if (!pad2)
			out[o++] = (uint8_t)(v >> 8);
		if (!pad3)
			out[o++] = (uint8_t)v;
	}
	*out_len = o;
	return TC_OK;
}

int tc_base64_decode_cap(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	/* Every 4 characters write up to 3 bytes whatever the padding turns out to be. */
	if (len / 4 * 3 > cap)
		return TC_ERANGE;
	return tc_base64_decode(in, len, out, out_len);
}
