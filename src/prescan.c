/* Pre-scan.  STUB: copies the page; the real pre-scanner replaces this. */

#include "internal.h"


reader_status_e
rd_prescan(reader_result_t *r)
{
    rd_buf_append(&r->markup, r->utf8.data, r->utf8.len);
    return r->markup.failed ? READER_ERROR : READER_OK;
}
