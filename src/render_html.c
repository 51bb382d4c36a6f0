/* The allow-list serializer.  STUB: the real one replaces this. */

#include "internal.h"


void
rd_render_content(const reader_result_t *r, reader_buf_t *out)
{
    (void) r;
    (void) out;
}
