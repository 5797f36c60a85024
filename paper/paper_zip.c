/*
 * paper_zip.c - an OOXML package (a .docx or an .xlsx) zipped in memory by
 * libzip from parts held by the caller. Entries carry a fixed time, so that
 * the same parts always zip to the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "paper_internal.h"

/* 2026-01-01 00:00 UTC */
#define PAPER_ZIP_MTIME ((time_t)1767225600)

static int add_part(zip_t *za, const struct paper_part *part)
{
	zip_source_t *s = zip_source_buffer(za, part->data, part->len, 0);
	if (s == NULL)
		return -1;
	zip_int64_t i = zip_file_add(za, part->name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
	if (i < 0) {
		zip_source_free(s);
		return -1;
	}
	return zip_file_set_mtime(za, (zip_uint64_t)i, PAPER_ZIP_MTIME, 0) == 0 ? 0 : -1;
}

/* The archive written into src, copied out. */
static int read_out(zip_source_t *src, uint8_t **data, size_t *len)
{
	if (zip_source_open(src) != 0)
		return -1;
	zip_int64_t n = -1;
	if (zip_source_seek(src, 0, SEEK_END) == 0)
		n = zip_source_tell(src);
	*data = n > 0 && zip_source_seek(src, 0, SEEK_SET) == 0 ? malloc((size_t)n) : NULL;
	if (*data && zip_source_read(src, *data, (zip_uint64_t)n) != n) {
		free(*data);
		*data = NULL;
	}
	zip_source_close(src);
	*len = *data ? (size_t)n : 0;
	return *data ? 0 : -1;
}

int paper_zip(const struct paper_part *parts, size_t n, uint8_t **data, size_t *len, char *err,
	      size_t cap)
{
	zip_error_t ze;
	zip_error_init(&ze);
	*data = NULL;
	*len = 0;
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	int rc = -1;
	if (za) {
		zip_source_keep(src); /* zip_close writes into it; we read it after */
		rc = 0;
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = add_part(za, &parts[i]);
		if (rc != 0 || zip_close(za) != 0) {
			snprintf(err, cap, "zip: %s", zip_strerror(za));
			zip_discard(za);
			rc = -1;
		} else {
			rc = read_out(src, data, len);
			if (rc != 0)
				snprintf(err, cap, "zip: cannot read the archive back");
		}
	} else {
		snprintf(err, cap, "zip: %s", zip_error_strerror(&ze));
	}
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}
