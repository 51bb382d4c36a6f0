/*
 * reader-extract: the engine from the command line.
 *
 *   reader-extract [--format html|text|json] [--url URL] [--charset NAME]
 *                  [--max-size BYTES] [--force] [FILE|-]
 *
 * exit 0 extracted, 2 not extracted (reason on stderr), 1 usage or I/O error.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"


static const char  usage[] =
    "usage: reader-extract [--format html|text|json] [--url URL] "
    "[--charset NAME] [--max-size BYTES] [--force] [FILE|-]\n";


static int
fail(const char *what, const char *detail)
{
    fprintf(stderr, "reader-extract: %s%s%s\n", what,
            detail ? ": " : "", detail ? detail : "");
    return 1;
}


/* Reads at most max + 1 bytes, so an oversized input is seen, not read whole. */
static int
read_input(FILE *f, size_t max, reader_buf_t *in)
{
    size_t  n;

    for ( ;; ) {
        if (in->cap - in->len < 65536) {
            size_t          cap = in->cap ? in->cap * 2 : 65536;
            unsigned char  *p = realloc(in->data, cap);

            if (p == NULL) {
                return -1;
            }
            in->data = p;
            in->cap = cap;
        }

        n = fread(in->data + in->len, 1, in->cap - in->len, f);
        in->len += n;

        if (n == 0 || in->len > max) {
            return ferror(f) ? -1 : 0;
        }
    }
}


static int
parse_size(const char *s, size_t *out)
{
    char                *end;
    unsigned long long   v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v == 0) {
        return -1;
    }

    *out = (size_t) v;
    return 0;
}


int
main(int argc, char **argv)
{
    reader_options_t   opt;
    reader_format_e    fmt = READER_FORMAT_HTML;
    reader_result_t   *res;
    reader_status_e    st;
    reader_buf_t       in = { 0 }, out = { 0 };
    const char        *path = NULL;
    FILE              *f;
    int                i, rc;

    reader_options_init(&opt);

    for (i = 1; i < argc; i++) {
        const char  *a = argv[i];

        if (strcmp(a, "--force") == 0) {
            opt.force = 1;

        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;

        } else if (i + 1 < argc && strcmp(a, "--format") == 0) {
            a = argv[++i];
            if (strcmp(a, "html") == 0) {
                fmt = READER_FORMAT_HTML;
            } else if (strcmp(a, "text") == 0) {
                fmt = READER_FORMAT_TEXT;
            } else if (strcmp(a, "json") == 0) {
                fmt = READER_FORMAT_JSON;
            } else {
                return fail("unknown format", a);
            }

        } else if (i + 1 < argc && strcmp(a, "--url") == 0) {
            opt.url = argv[++i];

        } else if (i + 1 < argc && strcmp(a, "--charset") == 0) {
            opt.charset = argv[++i];

        } else if (i + 1 < argc && strcmp(a, "--max-size") == 0) {
            if (parse_size(argv[++i], &opt.max_size) != 0) {
                return fail("--max-size needs a positive number of bytes",
                            argv[i]);
            }

        } else if (a[0] == '-' && a[1] != '\0') {
            fputs(usage, stderr);
            return fail("unknown or incomplete option", a);

        } else if (path == NULL) {
            path = a;

        } else {
            fputs(usage, stderr);
            return fail("more than one input", a);
        }
    }

    if (path == NULL || strcmp(path, "-") == 0) {
        f = stdin;
        path = "-";
    } else {
        f = fopen(path, "rb");
        if (f == NULL) {
            return fail(path, strerror(errno));
        }
    }

    rc = read_input(f, opt.max_size, &in);
    if (f != stdin) {
        fclose(f);
    }
    if (rc != 0) {
        reader_buf_free(&in);
        return fail(path, "read error");
    }

    reader_init();

    res = reader_extract(in.data ? in.data : (const unsigned char *) "",
                         in.len, &opt);
    reader_buf_free(&in);
    if (res == NULL) {
        return fail("out of memory", NULL);
    }

    st = reader_result_status(res);
    rc = 0;

    if (st != READER_OK) {
        fprintf(stderr, "reader-extract: not extracted (%s): %s\n",
                reader_status_word(st), reader_result_reason(res));
        rc = 2;
    }

    if (st == READER_OK || fmt == READER_FORMAT_JSON) {
        if (reader_render(res, fmt, NULL, &out) != READER_OK) {
            rc = fail("out of memory", NULL);

        } else if ((out.len && fwrite(out.data, 1, out.len, stdout) != out.len)
                   || fflush(stdout) != 0)
        {
            rc = fail("write error", strerror(errno));
        }
    }

    reader_buf_free(&out);
    reader_result_free(res);
    return rc;
}
