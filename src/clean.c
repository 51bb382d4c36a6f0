/* Trimming inside the content.  Minimal for now. */

#include "internal.h"


void
rd_clean(reader_result_t *r)
{
    (void) r;
}
