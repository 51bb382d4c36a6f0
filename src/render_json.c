/* The json format.  STUB: the real one replaces this. */

#include "internal.h"


void
rd_render_json(const reader_result_t *r, reader_buf_t *out)
{
    (void) r;
    rd_buf_puts(out, "{}\n");
}
