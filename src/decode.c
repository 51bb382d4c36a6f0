/* Bytes to UTF-8.  STUB: copies the input; the real decoder replaces this. */

#include <string.h>

#include "internal.h"


reader_status_e
rd_decode(const unsigned char *in, size_t len, const char *hint,
    reader_buf_t *out, char *charset, size_t charset_size)
{
    (void) hint;
    rd_buf_append(out, in, len);
    strncpy(charset, "utf-8", charset_size - 1);
    return out->failed ? READER_ERROR : READER_OK;
}
