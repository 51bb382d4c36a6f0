/*
 * What the pre-scan costs and saves: per page, the bare libxml2 parse of
 * the raw bytes (with the charset the engine detected, as reader-bench's
 * baseline), the pre-scan alone, and pre-scan + parse of the decoded page.
 * Medians of CPU time over N runs; the last line sums them with the ratio
 * (prescan + parse) / bare parse.
 *
 *   make && cc -O2 -Isrc $(xml2-config --cflags) \
 *       tests/hostile/prescan-bench.c build/libreader.a \
 *       $(xml2-config --libs) -lz -lm -o build/prescan-bench
 *   find ../shared/corpus -name source.html | xargs build/prescan-bench 5
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"


#define MAX_RUNS  31


static double
now_us(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);   /* a shared machine */
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}


static int
cmp_double(const void *a, const void *b)
{
    double  x = *(const double *) a, y = *(const double *) b;

    return x < y ? -1 : x > y;
}


static double
median(double *v, int n)
{
    qsort(v, n, sizeof(double), cmp_double);
    return v[n / 2];
}


static reader_result_t *
fresh(const reader_buf_t *utf8)
{
    reader_result_t  *r = calloc(1, sizeof(reader_result_t));

    reader_options_init(&r->opt);
    rd_buf_append(&r->utf8, utf8->data, utf8->len);
    return r;
}


int
main(int argc, char **argv)
{
    double            bare[MAX_RUNS], scan[MAX_RUNS], both[MAX_RUNS], t;
    double            sum_bare = 0, sum_scan = 0, sum_both = 0;
    size_t            sum_in = 0, sum_out = 0, out_len = 0;
    reader_buf_t      raw, utf8;
    reader_result_t  *r;
    char              charset[32];
    xmlDoc           *doc;
    FILE             *f;
    int               runs, i, k, files = 0;

    if (argc < 3 || (runs = atoi(argv[1])) < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: prescan-bench RUNS(1..%d) FILE...\n",
                MAX_RUNS);
        return 1;
    }

    reader_init();
    printf("file\tbytes\tmarkup\tbare_us\tprescan_us\tprescan_parse_us\n");

    for (i = 2; i < argc; i++) {
        char  buf[65536];
        size_t n;

        memset(&raw, 0, sizeof(raw));
        memset(&utf8, 0, sizeof(utf8));

        f = fopen(argv[i], "rb");
        if (f == NULL) {
            perror(argv[i]);
            continue;
        }
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
            rd_buf_append(&raw, buf, n);
        }
        fclose(f);

        if (raw.len == 0
            || rd_decode(raw.data, raw.len, NULL, &utf8, NULL, charset,
                         sizeof(charset)) != READER_OK)
        {
            reader_buf_free(&raw);
            reader_buf_free(&utf8);
            continue;
        }

        for (k = 0; k < runs; k++) {
            t = now_us();
            doc = htmlReadMemory((const char *) raw.data, (int) raw.len, NULL,
                                 charset, HTML_PARSE_RECOVER
                                 | HTML_PARSE_NONET | HTML_PARSE_NOERROR
                                 | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
            bare[k] = now_us() - t;
            xmlFreeDoc(doc);

            r = fresh(&utf8);
            t = now_us();
            rd_prescan(r);
            scan[k] = now_us() - t;
            out_len = r->markup.len;
            reader_result_free(r);

            r = fresh(&utf8);
            t = now_us();
            if (rd_prescan(r) == READER_OK) {
                rd_parse(r);
            }
            both[k] = now_us() - t;
            reader_result_free(r);
        }

        printf("%s\t%zu\t%zu\t%.0f\t%.0f\t%.0f\n", argv[i], raw.len, out_len,
               median(bare, runs), median(scan, runs), median(both, runs));

        sum_bare += bare[runs / 2];
        sum_scan += scan[runs / 2];
        sum_both += both[runs / 2];
        sum_in += utf8.len;
        sum_out += out_len;
        files++;

        reader_buf_free(&raw);
        reader_buf_free(&utf8);
    }

    printf("total: files=%d utf8_bytes=%zu markup_bytes=%zu bare_ms=%.1f "
           "prescan_ms=%.1f prescan_parse_ms=%.1f ratio=%.3f\n", files,
           sum_in, sum_out, sum_bare / 1e3, sum_scan / 1e3, sum_both / 1e3,
           sum_bare > 0 ? sum_both / sum_bare : 0);

    return 0;
}
