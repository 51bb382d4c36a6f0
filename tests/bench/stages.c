/*
 * reader-stages: where the engine's time goes, stage by stage.
 *
 *   reader-stages [--passes N] FILE...
 *
 * Runs the pipeline of reader.c one stage at a time over every file, one
 * warm-up pass and then N timed passes (default 3), and prints the wall milliseconds each stage took in
 * total, then the engine's total beside the bare libxml2 parse (the same
 * baseline as reader-bench: htmlReadMemory of the raw bytes with the
 * charset the engine detected, then xmlFreeDoc).  The stages follow
 * rd_run() in reader.c; keep the two in step.  "free" is
 * reader_result_free() with the rendered page's buffer; "gzip" is
 * reader_template_gzip() of the page and is not part of the engine total.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"


#define ST_MAX_PASSES  100
#define ST_PARSE_OPTIONS  (HTML_PARSE_RECOVER | HTML_PARSE_NONET            \
                           | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)

enum {
    ST_DECODE = 0, ST_PRESCAN, ST_PARSE, ST_URL_BASE, ST_STATS, ST_META,
    ST_SCORE, ST_CLEAN, ST_JUDGE, ST_FINISH, ST_RENDER, ST_FREE,
    ST_ENGINE,              /* the stages above; the rest are beside it */
    ST_GZIP = ST_ENGINE, ST_BARE,
    ST_N
};

static const char  *st_names[ST_N] = {
    "decode", "prescan", "parse", "url_base", "stats", "meta_extract",
    "score", "clean", "judge", "meta_finish", "render_html", "free",
    "gzip", "bare_parse"
};


static double
st_now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}


static void
st_quiet(void *ctx, const char *msg, ...)
{
    (void) ctx;
    (void) msg;
}


/* Adds the time since *t to ms[stage] and restarts *t. */
static void
st_lap(double *ms, int stage, double *t)
{
    double  now = st_now();

    ms[stage] += now - *t;
    *t = now;
}


static void
st_page(const unsigned char *data, size_t len, double *ms)
{
    reader_result_t  *r;
    reader_buf_t      page = { 0 }, gz = { 0 };
    htmlDocPtr        doc;
    char              charset[32];
    double            t;
    int               ok, same;

    t = st_now();

    r = calloc(1, sizeof(reader_result_t));
    if (r == NULL) {
        return;
    }
    reader_options_init(&r->opt);
    r->opt.force = 1;

    ok = rd_decode(data, len, NULL, &r->utf8, &same, r->charset,
                   sizeof(r->charset)) == READER_OK;
    r->text = same ? data : r->utf8.data;
    r->text_len = same ? len : r->utf8.len;
    r->meta.charset = r->charset;
    st_lap(ms, ST_DECODE, &t);

    ok = ok && rd_prescan(r) == READER_OK;
    st_lap(ms, ST_PRESCAN, &t);

    ok = ok && rd_parse(r) == READER_OK;
    st_lap(ms, ST_PARSE, &t);

    if (ok) {
        rd_url_base(r);
        st_lap(ms, ST_URL_BASE, &t);

        ok = rd_stats(r) == READER_OK;
        st_lap(ms, ST_STATS, &t);
    }

    if (ok) {
        rd_meta_extract(r);
        st_lap(ms, ST_META, &t);
        rd_score(r);
        st_lap(ms, ST_SCORE, &t);
        rd_clean(r);
        st_lap(ms, ST_CLEAN, &t);
        r->meta.is_article = rd_judge(r);
        st_lap(ms, ST_JUDGE, &t);
    }

    if (ok && r->n_content) {
        rd_meta_finish(r);
        st_lap(ms, ST_FINISH, &t);
        reader_buf_free(&r->utf8);
        reader_buf_free(&r->markup);
        (void) reader_render(r, READER_FORMAT_HTML, NULL, &page);
        st_lap(ms, ST_RENDER, &t);
    }

    snprintf(charset, sizeof(charset), "%s", r->charset);
    reader_result_free(r);
    st_lap(ms, ST_FREE, &t);

    (void) reader_template_gzip(NULL, page.data, page.len, 6, &gz);
    reader_buf_free(&page);
    reader_buf_free(&gz);
    st_lap(ms, ST_GZIP, &t);

    doc = htmlReadMemory((const char *) data, (int) len, NULL,
                         charset[0] ? charset : NULL, ST_PARSE_OPTIONS);
    if (doc) {
        xmlFreeDoc(doc);
    }
    st_lap(ms, ST_BARE, &t);
}


static int
st_read(const char *path, unsigned char **data, size_t *len)
{
    FILE  *f;
    long   size;
    int    rc = -1;

    *data = NULL;
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "reader-stages: %s: %s\n", path, strerror(errno));
        return -1;
    }

    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0
        && size <= (long) READER_DEFAULT_MAX_SIZE
        && fseek(f, 0, SEEK_SET) == 0)
    {
        *len = (size_t) size;
        *data = malloc(*len ? *len : 1);
        if (*data && fread(*data, 1, *len, f) == *len) {
            rc = 0;
        }
    }

    if (rc != 0) {
        fprintf(stderr, "reader-stages: %s: cannot read (or over %u bytes)\n",
                path, READER_DEFAULT_MAX_SIZE);
    }

    fclose(f);
    return rc;
}


int
main(int argc, char **argv)
{
    unsigned char  **data;
    size_t          *len;
    double           ms[ST_N] = { 0 }, warm[ST_N], engine = 0;
    char            *end;
    long             passes = 3;
    int              i, k, n, first = 1, failed = 0;

    if (argc > 2 && strcmp(argv[1], "--passes") == 0) {
        passes = strtol(argv[2], &end, 10);
        if (*end || passes < 1 || passes > ST_MAX_PASSES) {
            fprintf(stderr, "reader-stages: --passes needs 1..%d\n",
                    ST_MAX_PASSES);
            return 1;
        }
        first = 3;
    }

    if (first >= argc || argv[first][0] == '-') {
        fputs("usage: reader-stages [--passes N] FILE...\n", stderr);
        return 1;
    }

    n = argc - first;
    data = calloc((size_t) n, sizeof(*data));
    len = calloc((size_t) n, sizeof(*len));
    if (data == NULL || len == NULL) {
        fputs("reader-stages: out of memory\n", stderr);
        return 1;
    }

    for (i = 0; i < n; i++) {
        failed |= st_read(argv[first + i], &data[i], &len[i]) != 0;
    }

    reader_init();
    xmlSetGenericErrorFunc(NULL, st_quiet);

    for (k = 0; k <= passes; k++) {
        for (i = 0; i < n; i++) {
            if (data[i]) {
                st_page(data[i], len[i], k ? ms : warm);
            }
        }
    }

    for (i = 0; i < ST_ENGINE; i++) {
        engine += ms[i];
    }

    printf("stages: files=%d passes=%ld (wall ms, all passes)\n", n, passes);
    for (i = 0; i < ST_N; i++) {
        printf("%-12s %9.1f  %5.1f%% of bare_parse\n", st_names[i], ms[i],
               ms[ST_BARE] > 0 ? 100 * ms[i] / ms[ST_BARE] : 0);
        if (i == ST_ENGINE - 1) {
            printf("%-12s %9.1f  %5.1f%% of bare_parse\n", "engine", engine,
                   ms[ST_BARE] > 0 ? 100 * engine / ms[ST_BARE] : 0);
        }
    }

    for (i = 0; i < n; i++) {
        free(data[i]);
    }
    free(data);
    free(len);
    return failed;
}
