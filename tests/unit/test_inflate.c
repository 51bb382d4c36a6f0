/*
 * reader_inflate and reader_template_gzip: gzip, zlib and raw deflate, members,
 * trailing bytes, truncation, bad CRC, bombs and the output cap.
 * Fixtures: tests/fixtures/gzip (generate.sh, made with gzip and python3's
 * zlib); hostile streams from ../shared/hostile when present.
 */

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "internal.h"
#include "tap.h"
#include "slurp.h"


#define FIXTURES  "tests/fixtures/gzip/"
#define HOSTILE   "../shared/hostile/"
#define MAX_OUT   (4u * 1024 * 1024)
#define SLACK     16384             /* what the cap may cost beyond max_out */


static unsigned char  *page;
static size_t          page_len;


/* Inflates a buffer and checks the status and, for OK, the bytes. */
static void
check(const char *name, const unsigned char *in, size_t len, size_t max_out,
    reader_status_e want, const unsigned char *want_out, size_t want_len)
{
    reader_buf_t     out;
    reader_status_e  rc;

    memset(&out, 0, sizeof(reader_buf_t));
    rc = reader_inflate(in, len, max_out, &out);

    is_int(rc, want, name);
    ok(out.cap <= max_out + SLACK, "%s: memory within the cap (%zu)", name,
       out.cap);

    if (want == READER_OK && want_out) {
        ok(out.len == want_len && memcmp(out.data, want_out, want_len) == 0,
           "%s: the original bytes", name);
        ok(out.data[out.len] == '\0', "%s: NUL-terminated", name);
    }

    if (want != READER_OK) {
        ok(out.len == 0, "%s: nothing left in the buffer", name);
    }

    reader_buf_free(&out);
}


static void
check_file(const char *file, reader_status_e want)
{
    char            path[256];
    size_t          len;
    unsigned char  *in;

    snprintf(path, sizeof(path), FIXTURES "%s", file);
    in = slurp(path, &len);
    if (ok(in != NULL, "%s: read", file)) {
        check(file, in, len, MAX_OUT, want, page, page_len);
    }
    free(in);
}


static void
test_fixtures(void)
{
    size_t          len;
    unsigned char  *in, *cut;

    check_file("library.html.gz", READER_OK);
    check_file("library-members.html.gz", READER_OK);
    check_file("library.html.zlib", READER_OK);
    check_file("library.html.deflate", READER_OK);

    in = slurp(FIXTURES "library.html.gz", &len);
    if (!ok(in != NULL, "library.html.gz: read")) {
        return;
    }

    cut = malloc(len + 64);
    if (cut == NULL) {
        free(in);
        return;
    }

    /* trailing bytes after a complete member are accepted, as by browsers */
    memcpy(cut, in, len);
    memset(cut + len, 'x', 64);
    check("trailing garbage", cut, len + 64, MAX_OUT, READER_OK, page,
          page_len);

    memset(cut + len, 0, 64);
    check("trailing zeros", cut, len + 64, MAX_OUT, READER_OK, page,
          page_len);

    /* ... but a second member that is broken fails the whole */
    memcpy(cut + len, in, 40);
    check("a broken second member", cut, len + 40, MAX_OUT,
          READER_UNDECODABLE, NULL, 0);

    check("truncated in the deflate data", in, len / 2, MAX_OUT,
          READER_UNDECODABLE, NULL, 0);
    check("truncated in the trailer", in, len - 2, MAX_OUT,
          READER_UNDECODABLE, NULL, 0);
    check("truncated in the header", in, 5, MAX_OUT, READER_UNDECODABLE,
          NULL, 0);
    check("empty input", in, 0, MAX_OUT, READER_UNDECODABLE, NULL, 0);

    memcpy(cut, in, len);
    cut[len - 6] ^= 0x55;
    check("bad CRC", cut, len, MAX_OUT, READER_UNDECODABLE, NULL, 0);

    memcpy(cut, in, len);
    cut[len - 2] ^= 0x01;
    check("bad ISIZE", cut, len, MAX_OUT, READER_UNDECODABLE, NULL, 0);

    check("output exactly at the cap", in, len, page_len, READER_OK, page,
          page_len);
    check("one byte over the cap", in, len, page_len - 1, READER_TOO_LARGE,
          NULL, 0);

    free(cut);
    free(in);
}


static void
test_gzip_roundtrip(void)
{
    int              level;
    reader_buf_t     gz, out;
    reader_status_e  rc;

    for (level = -1; level <= 12; level += 13) {
        memset(&gz, 0, sizeof(reader_buf_t));
        rc = reader_template_gzip(NULL, page, page_len, level, &gz);
        is_int(rc, READER_OK, "gzip: level clamped");
        ok(gz.len > 18 && gz.data[0] == 0x1f && gz.data[1] == 0x8b,
           "gzip: one gzip member");
        check("gzip: round trip", gz.data, gz.len, MAX_OUT, READER_OK, page,
              page_len);
        reader_buf_free(&gz);
    }

    /* an empty member inflates to nothing */
    memset(&gz, 0, sizeof(reader_buf_t));
    is_int(reader_template_gzip(NULL, (const unsigned char *) "", 0, 6, &gz),
           READER_OK, "gzip: empty input");
    memset(&out, 0, sizeof(reader_buf_t));
    is_int(reader_inflate(gz.data, gz.len, MAX_OUT, &out), READER_OK,
           "empty member: OK");
    is_int(out.len, 0, "empty member: 0 bytes");
    reader_buf_free(&out);

    /* two reader_template_gzip outputs concatenated are one page */
    rc = reader_template_gzip(NULL, page, page_len, 9, &gz);
    memset(&out, 0, sizeof(reader_buf_t));
    is_int(reader_inflate(gz.data, gz.len, MAX_OUT, &out), READER_OK,
           "empty member then a page: OK");
    ok(rc == READER_OK && out.len == page_len
       && memcmp(out.data, page, page_len) == 0,
       "empty member then a page: the page");
    reader_buf_free(&out);

    /* appended output: what out held stays */
    rd_buf_puts(&out, "prefix:");
    is_int(reader_inflate(gz.data, gz.len, MAX_OUT, &out), READER_OK,
           "appending: OK");
    ok(out.len == 7 + page_len && memcmp(out.data, "prefix:", 7) == 0
       && memcmp(out.data + 7, page, page_len) == 0, "appending: appended");
    reader_buf_free(&out);
    reader_buf_free(&gz);
}


/* 64 MiB of zeros deflate to 64 KiB; inflating stops at the cap. */
static void
test_bomb(void)
{
    size_t          i, n;
    z_stream        zs;
    reader_buf_t    gz;
    unsigned char  *zeros;

    n = 1024 * 1024;
    zeros = calloc(1, n);
    memset(&gz, 0, sizeof(reader_buf_t));
    memset(&zs, 0, sizeof(z_stream));

    if (zeros == NULL || !rd_buf_reserve(&gz, 128 * 1024)
        || deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY)
           != Z_OK)
    {
        ok(0, "bomb: set up");
        free(zeros);
        reader_buf_free(&gz);
        return;
    }

    zs.next_out = gz.data;
    zs.avail_out = (uInt) gz.cap;

    for (i = 0; i < 64; i++) {
        zs.next_in = zeros;
        zs.avail_in = (uInt) n;
        deflate(&zs, i == 63 ? Z_FINISH : Z_NO_FLUSH);
    }

    gz.len = gz.cap - zs.avail_out;
    deflateEnd(&zs);

    check("bomb: 64 MiB under a 1 MiB cap", gz.data, gz.len, 1024 * 1024,
          READER_TOO_LARGE, NULL, 0);
    check("bomb: within a 128 MiB cap", gz.data, gz.len, 128 * 1024 * 1024,
          READER_OK, NULL, 0);

    free(zeros);
    reader_buf_free(&gz);
}


/* The hostile streams and what the manifest accepts for each. */
static void
test_hostile(void)
{
    static const struct {
        const char       *file;
        reader_status_e   rc;
        size_t            len;          /* inflated bytes, for OK */
    } cases[] = {
        { "gzip-bomb.html.gz", READER_TOO_LARGE, 0 },
        { "gzip-bomb-single-member.html.gz", READER_TOO_LARGE, 0 },
        { "gzip-isize-lies.html.gz", READER_TOO_LARGE, 0 },
        { "gzip-truncated.html.gz", READER_UNDECODABLE, 0 },
        { "gzip-bad-crc.html.gz", READER_UNDECODABLE, 0 },
        { "gzip-trailing-garbage.html.gz", READER_OK, 23035 },
        { "gzip-concatenated-members.html.gz", READER_OK, 68834 },
        { "gzip-double.html.gz", READER_OK, 377 },
        { "gzip-empty.html.gz", READER_OK, 0 },
        { "deflate-raw-vs-zlib.html.deflate", READER_OK, 23018 }
    };

    char             path[256], cs[32];
    size_t           i, len;
    reader_buf_t     out, utf8;
    unsigned char   *in;
    reader_status_e  rc;

    in = slurp(HOSTILE "manifest.json", &len);
    if (in == NULL) {
        printf("# skipped: " HOSTILE " is not present\n");
        return;
    }
    free(in);

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(path, sizeof(path), HOSTILE "%s", cases[i].file);
        in = slurp(path, &len);
        if (!ok(in != NULL, "%s: read", cases[i].file)) {
            continue;
        }

        memset(&out, 0, sizeof(reader_buf_t));
        rc = reader_inflate(in, len, MAX_OUT, &out);

        is_int(rc, cases[i].rc, cases[i].file);
        ok(out.cap <= MAX_OUT + SLACK, "%s: memory within the cap",
           cases[i].file);
        is_int(out.len, cases[i].len, cases[i].file);

        if (rc == READER_OK && out.len) {
            /* what comes out is a page, or (gzip inside gzip) not text */
            memset(&utf8, 0, sizeof(reader_buf_t));
            rc = rd_decode(out.data, out.len, NULL, &utf8, NULL, cs,
                           sizeof(cs));
            ok(rc == (strstr(cases[i].file, "double") ? READER_UNDECODABLE
                                                      : READER_OK),
               "%s: decodes as expected", cases[i].file);
            reader_buf_free(&utf8);
        }

        reader_buf_free(&out);
        free(in);
    }
}


int
main(void)
{
    page = slurp(FIXTURES "library.html", &page_len);
    if (page == NULL) {
        printf("1..0 # skipped: run from the repository root\n");
        return 1;
    }

    test_fixtures();
    test_gzip_roundtrip();
    test_bomb();
    test_hostile();

    free(page);
    return done_testing();
}
