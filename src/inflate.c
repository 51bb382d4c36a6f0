/* gzip/deflate in and out.  STUB: the real one replaces this. */

#include "internal.h"


reader_status_e
reader_inflate(const unsigned char *in, size_t len, size_t max_out,
    reader_buf_t *out)
{
    (void) in; (void) len; (void) max_out; (void) out;
    return READER_UNDECODABLE;
}


reader_status_e
reader_gzip(const unsigned char *in, size_t len, int level, reader_buf_t *out)
{
    (void) in; (void) len; (void) level; (void) out;
    return READER_ERROR;
}
