/* A page's article as the text format, for tests (header-only). */
#ifndef READER_TEXT_OF_H
#define READER_TEXT_OF_H

#include <stdlib.h>
#include <string.h>

#include "reader.h"

/* The text format of a page (forced), or "" when nothing came out.  The
 * caller frees. */
static inline char *
text_of(const char *page)
{
    reader_options_t   opt;
    reader_result_t   *res;
    reader_buf_t       out = { 0 };
    char              *t;

    reader_options_init(&opt);
    opt.force = 1;
    res = reader_extract((const unsigned char *) page, strlen(page), &opt);

    if (res && reader_result_status(res) == READER_OK) {
        reader_render(res, READER_FORMAT_TEXT, NULL, &out);
    }

    t = strndup(out.data ? (const char *) out.data : "", out.len);
    reader_buf_free(&out);
    reader_result_free(res);
    return t;
}

#endif /* READER_TEXT_OF_H */
