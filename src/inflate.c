/*
 * gzip/deflate in and out.
 *
 * reader_inflate() undoes an upstream Content-Encoding with a hard output
 * cap: the buffer never grows past max_out + 1 bytes beyond what it held, so
 * a 10 GiB gzip bomb costs max_out of memory and stops there.  The gzip
 * ISIZE trailer is never trusted (it is mod 2^32 and can lie).
 */

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "internal.h"


#define RD_ZCHUNK  (1u << 30)      /* zlib counts in uInt: feed at most this */


/* Grows out to hold want bytes (at most limit); 0 when it cannot grow. */
static int
rd_zgrow(reader_buf_t *out, size_t want, size_t limit)
{
    size_t          cap;
    unsigned char  *p;

    if (want > limit) {
        want = limit;
    }

    if (want <= out->cap) {
        return want > out->len + 1;
    }

    cap = out->cap > 16384 ? out->cap : 16384;
    while (cap < want) {
        cap = cap > limit / 2 ? limit : cap * 2;
    }
    if (cap > limit) {
        cap = limit;
    }

    p = realloc(out->data, cap);
    if (p == NULL) {
        out->failed = 1;
        return 0;
    }

    out->data = p;
    out->cap = cap;
    return 1;
}


/* RFC 1950 header: CM 8, CINFO <= 7, and the 16-bit check value. */
static int
rd_is_zlib(const unsigned char *in, size_t len)
{
    return len >= 2
           && (in[0] & 0x0f) == 8 && (in[0] >> 4) <= 7
           && ((in[0] << 8) | in[1]) % 31 == 0;
}


static int
rd_is_gzip(const unsigned char *in, size_t len)
{
    return len >= 3 && in[0] == 0x1f && in[1] == 0x8b && in[2] == 8;
}


/*
 * Concatenated gzip members are joined (RFC 1952 allows them).  Bytes after
 * a complete member that do not start another member are ignored, as
 * browsers do; a following member that is itself broken fails the whole.
 */
reader_status_e
reader_inflate(const unsigned char *in, size_t len, size_t max_out,
    reader_buf_t *out)
{
    int              rc, gzip;
    size_t           start, limit, used, chunk;
    z_stream         zs;
    reader_status_e  status;

    if (out->failed) {
        return READER_ERROR;
    }

    if (max_out > SIZE_MAX / 4) {
        max_out = SIZE_MAX / 4;
    }

    /* max_out + 1 bytes of output tell "too large"; one more is the NUL */
    start = out->len;
    limit = start + max_out + 2;

    /* a first guess; the ISIZE trailer is not trusted */
    chunk = len < max_out / 4 ? len * 4 : max_out;
    if (!rd_zgrow(out, start + chunk + 2, limit)) {
        return READER_ERROR;
    }

    gzip = rd_is_gzip(in, len);

    memset(&zs, 0, sizeof(z_stream));
    if (inflateInit2(&zs, gzip ? 15 + 16 : rd_is_zlib(in, len) ? 15 : -15)
        != Z_OK)
    {
        return READER_ERROR;
    }

    used = 0;

    for ( ;; ) {
        if (zs.avail_in == 0 && used < len) {
            chunk = len - used < RD_ZCHUNK ? len - used : RD_ZCHUNK;
            zs.next_in = (Bytef *) (in + used);
            zs.avail_in = (uInt) chunk;
            used += chunk;
        }

        if (out->len + 1 >= out->cap) {
            if (!rd_zgrow(out, out->cap * 2, limit)) {
                status = out->failed ? READER_ERROR : READER_TOO_LARGE;
                break;
            }
        }

        /* one byte is always kept for the NUL terminator */
        chunk = out->cap - out->len - 1;
        zs.next_out = out->data + out->len;
        zs.avail_out = (uInt) (chunk < RD_ZCHUNK ? chunk : RD_ZCHUNK);
        chunk = zs.avail_out;

        rc = inflate(&zs, Z_NO_FLUSH);
        out->len += chunk - zs.avail_out;

        if (out->len - start > max_out) {
            status = READER_TOO_LARGE;
            break;
        }

        if (rc == Z_STREAM_END) {
            if (gzip && rd_is_gzip(zs.next_in, (size_t) (in + len - zs.next_in)))
            {
                rc = inflateReset(&zs);     /* another member follows */
                if (rc == Z_OK) {
                    continue;
                }
                status = READER_ERROR;
                break;
            }

            status = READER_OK;
            break;
        }

        if (rc == Z_MEM_ERROR) {
            status = READER_ERROR;
            break;
        }

        if ((rc != Z_OK && rc != Z_BUF_ERROR)
            || (zs.avail_in == 0 && used == len && zs.avail_out != 0))
        {
            /* corrupt, bad CRC, wants a dictionary, or ended mid-stream */
            status = READER_UNDECODABLE;
            break;
        }
    }

    inflateEnd(&zs);

    if (status != READER_OK) {
        out->len = start;
    }

    out->data[out->len] = '\0';

    return status;
}
