/* Metadata.  STUB: the real extractor replaces this. */

#include "internal.h"


void
rd_meta_extract(reader_result_t *r)
{
    (void) r;
}


const char *
rd_meta_byline_from_line(rd_arena_t *a, const char *text, size_t len)
{
    (void) a; (void) text; (void) len;
    return NULL;
}


const char *
rd_meta_date_from_text(rd_arena_t *a, const char *text, size_t len)
{
    (void) a; (void) text; (void) len;
    return NULL;
}


void
rd_meta_finish(reader_result_t *r)
{
    r->meta.reading_minutes = 1;
}
