/*
 * reader-bench: the engine's speed beside the bare libxml2 parse.
 *
 *   reader-bench [--iterations N] [--no-heap] FILE...
 *
 * For each file, in one process, after one warm-up run, the median of N runs
 * (default 5) of:
 *   parse_us        htmlReadMemory() of the raw bytes with the charset the
 *                   engine detected as its encoding, then xmlFreeDoc(): the
 *                   floor any libxml2-based reader pays
 *   engine_us       reader_extract(force) + reader_render(html) + the frees
 *   engine_gzip_us  the same plus reader_template_gzip() of the page at
 *                   level 6 (what the module does)
 * One line per file: "file bytes parse_us engine_us engine_gzip_us" (TSV),
 * then "total: files=N parse_ms=P engine_ms=E gzip_ms=G ratio=E/P
 * gzip_ratio=G/P" (ratios of sums), then one "scale:" line with throughput
 * and memory and one "big:" line (see below).
 *
 * Memory: the warm-up engine run is done inside a heap window (and so is
 * the warm-up bare parse, for comparison).  The program
 * defines malloc/calloc/realloc/free itself (forwarding to glibc's
 * __libc_* functions); symbol interposition makes libxml2, zlib, iconv and
 * the engine allocate through them, so the window sees every heap byte the
 * engine takes.  heap_peak is the highest net growth of live heap (usable
 * sizes, as malloc_usable_size() reports them) from the start of
 * reader_extract() to the end of the frees: the peak extra memory one
 * request needs.  maxrss_kb is the whole process's peak resident set.
 * The "big:" line covers pages over 100 KB: how many, the median and
 * highest engine heap peak per input byte, how many exceed 6 bytes per
 * input byte, and the median for the bare parse (what libxml2's own tree
 * costs).  Without glibc, or under a sanitizer that owns malloc, heap
 * figures are "n/a".  --no-heap leaves the windows out (the counting
 * costs a few instructions per allocation, which callgrind would charge
 * to the engine).
 *
 * The bench_* functions are never inlined so that callgrind can attribute
 * instruction counts to them (tools/bench.sh --callgrind).
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <libxml/HTMLparser.h>

#include "reader.h"


#define BENCH_MAX_ITERATIONS  1000
#define BENCH_MAX_FILE        (1024L * 1024 * 1024)
#define BENCH_PARSE_OPTIONS   (HTML_PARSE_RECOVER | HTML_PARSE_NONET      \
                               | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)
#define BENCH_NOINLINE        __attribute__((noinline))
#define BENCH_BIG             (100 * 1000)  /* "big" pages, in bytes */
#define BENCH_BIG_RATIO       6.0           /* their heap target per byte */


/* ---- heap window --------------------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BENCH_SANITIZED  1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)   \
    || __has_feature(thread_sanitizer)
#define BENCH_SANITIZED  1
#endif
#endif

#if defined(__GLIBC__) && !defined(BENCH_SANITIZED)
#define BENCH_HEAP  1

#include <malloc.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void  __libc_free(void *p);

static int        heap_on;
static long long  heap_cur, heap_peak;


static void
heap_add(void *p)
{
    if (heap_on && p) {
        heap_cur += (long long) malloc_usable_size(p);
        if (heap_cur > heap_peak) {
            heap_peak = heap_cur;
        }
    }
}


static void
heap_sub(void *p)
{
    if (heap_on && p) {
        heap_cur -= (long long) malloc_usable_size(p);
    }
}


void *
malloc(size_t n)
{
    void  *p = __libc_malloc(n);

    heap_add(p);
    return p;
}


void *
calloc(size_t n, size_t size)
{
    void  *p = __libc_calloc(n, size);

    heap_add(p);
    return p;
}


void *
realloc(void *p, size_t n)
{
    void  *q;

    heap_sub(p);
    q = __libc_realloc(p, n);

    /* on failure the old block is still live */
    heap_add(q == NULL && n ? p : q);
    return q;
}


void
free(void *p)
{
    heap_sub(p);
    __libc_free(p);
}

#endif


static void
heap_window(int on)
{
#ifdef BENCH_HEAP
    heap_cur = 0;
    heap_peak = 0;
    heap_on = on;
#else
    (void) on;
#endif
}


/* The window's peak in bytes, or -1 when it cannot be measured. */
static long long
heap_window_peak(void)
{
#ifdef BENCH_HEAP
    return heap_peak;
#else
    return -1;
#endif
}


/* ---- one page ------------------------------------------------------------ */

typedef struct {
    unsigned char  *data;
    size_t          len;
    char            charset[64];    /* as the engine detected it */
    int             extracted;
} page_t;


/*
 * The bare parse is handed the charset the engine detected; on a page whose
 * bytes do not match it, libxml2 reports encoding errors through its generic
 * channel (stderr) whatever the parse options say.
 */
static void
quiet(void *ctx, const char *msg, ...)
{
    (void) ctx;
    (void) msg;
}


static double
now_us(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e6 + (double) ts.tv_nsec / 1e3;
}


static BENCH_NOINLINE void
bench_parse(const page_t *pg)
{
    htmlDocPtr  doc;

    doc = htmlReadMemory((const char *) pg->data, (int) pg->len, NULL,
                         pg->charset[0] ? pg->charset : NULL,
                         BENCH_PARSE_OPTIONS);
    if (doc) {
        xmlFreeDoc(doc);
    }
}


static BENCH_NOINLINE reader_result_t *
bench_engine(const page_t *pg, reader_buf_t *html)
{
    reader_options_t   opt;
    reader_result_t   *res;

    reader_options_init(&opt);
    opt.force = 1;

    res = reader_extract(pg->data, pg->len, &opt);
    if (res && reader_result_status(res) == READER_OK) {
        (void) reader_render(res, READER_FORMAT_HTML, NULL, html);
        reader_result_shrink(res);      /* as the module does */
    }

    return res;
}


static BENCH_NOINLINE void
bench_gzip(const reader_buf_t *html, reader_buf_t *gz)
{
    (void) reader_template_gzip(NULL, html->data, html->len, 6, gz);
}


static BENCH_NOINLINE void
bench_free(reader_result_t *res, reader_buf_t *html, reader_buf_t *gz)
{
    reader_result_free(res);
    reader_buf_free(html);
    reader_buf_free(gz);
}


/*
 * One engine run: *engine_us covers extract, render and the frees,
 * *gzip_us the same plus the gzip.  Returns -1 when memory ran out.
 */
static int
run_engine(page_t *pg, double *engine_us, double *gzip_us)
{
    double            t0, t1, t2, t3;
    reader_buf_t      html = { 0 }, gz = { 0 };
    reader_result_t  *res;
    const char       *cs;

    t0 = now_us();
    res = bench_engine(pg, &html);
    t1 = now_us();
    bench_gzip(&html, &gz);
    t2 = now_us();

    if (res == NULL) {
        bench_free(NULL, &html, &gz);
        return -1;
    }

    pg->extracted = reader_result_status(res) == READER_OK;
    cs = reader_result_meta(res)->charset;
    if (cs) {
        snprintf(pg->charset, sizeof(pg->charset), "%s", cs);
    }

    bench_free(res, &html, &gz);
    t3 = now_us();

    *engine_us = (t1 - t0) + (t3 - t2);
    *gzip_us = t3 - t0;
    return 0;
}


static int
cmp_double(const void *a, const void *b)
{
    double  x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}


static double
median(double *v, int n)
{
    qsort(v, n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}


static int
read_file(const char *path, page_t *pg)
{
    FILE  *f;
    long   size;
    int    rc = -1;

    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "reader-bench: %s: %s\n", path, strerror(errno));
        return -1;
    }

    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0
        && size <= BENCH_MAX_FILE && size < INT_MAX
        && fseek(f, 0, SEEK_SET) == 0)
    {
        pg->len = (size_t) size;
        pg->data = malloc(pg->len ? pg->len : 1);
        if (pg->data && fread(pg->data, 1, pg->len, f) == pg->len) {
            rc = 0;
        }
    }

    if (rc != 0) {
        fprintf(stderr, "reader-bench: %s: cannot read (or too large)\n",
                path);
    }

    fclose(f);
    return rc;
}


/* ---- the run ------------------------------------------------------------- */

typedef struct {
    int         files;
    int         not_extracted;
    double      bytes;
    double      parse_us, engine_us, gzip_us;
    long long  *heap;           /* per file peak, bytes */
    double     *heap_per_byte;
    int         heap_n;
    long long   heap_max;
    const char *heap_max_file;
    double     *big_per_byte;   /* pages over BENCH_BIG bytes */
    double     *big_parse_per_byte;
    int         big_n;
    int         big_over;       /* over BENCH_BIG_RATIO bytes per byte */
} totals_t;


static int
bench_file(const char *path, int iterations, int heap, double *samples,
    totals_t *t)
{
    page_t     pg = { 0 };
    double     p, e, g, t0, *ps, *es, *gs;
    long long  peak, parse_peak;
    int        k, rc;

    if (read_file(path, &pg) != 0) {
        free(pg.data);
        return -1;
    }

    ps = samples;
    es = samples + iterations;
    gs = samples + 2 * iterations;

    /* the warm-up runs the engine inside the heap window and learns the
     * charset the parse baseline is given */
    heap_window(heap);
    rc = run_engine(&pg, &e, &g);
    peak = heap ? heap_window_peak() : -1;
    heap_window(heap);
    bench_parse(&pg);
    parse_peak = heap ? heap_window_peak() : -1;
    heap_window(0);

    for (k = 0; rc == 0 && k < iterations; k++) {
        t0 = now_us();
        bench_parse(&pg);
        ps[k] = now_us() - t0;
        rc = run_engine(&pg, &es[k], &gs[k]);
    }

    if (rc != 0) {
        fprintf(stderr, "reader-bench: %s: out of memory\n", path);
        free(pg.data);
        return -1;
    }

    p = median(ps, iterations);
    e = median(es, iterations);
    g = median(gs, iterations);

    printf("%s\t%zu\t%.0f\t%.0f\t%.0f\n", path, pg.len, p, e, g);
    fflush(stdout);

    t->parse_us += p;
    t->engine_us += e;
    t->gzip_us += g;
    t->bytes += (double) pg.len;
    t->not_extracted += !pg.extracted;
    if (peak >= 0) {
        t->heap[t->heap_n] = peak;
        t->heap_per_byte[t->heap_n++] = pg.len ? (double) peak / pg.len : 0;
        if (peak > t->heap_max) {
            t->heap_max = peak;
            t->heap_max_file = path;
        }
        if (pg.len > BENCH_BIG) {
            t->big_per_byte[t->big_n] = (double) peak / pg.len;
            t->big_parse_per_byte[t->big_n] = (double) parse_peak / pg.len;
            t->big_over += t->big_per_byte[t->big_n++] > BENCH_BIG_RATIO;
        }
    }
    t->files++;

    free(pg.data);
    return 0;
}


static int
cmp_llong(const void *a, const void *b)
{
    long long  x = *(const long long *) a, y = *(const long long *) b;

    return (x > y) - (x < y);
}


static void
print_totals(totals_t *t)
{
    struct rusage  ru;
    double         p = t->parse_us, e = t->engine_us, g = t->gzip_us, m;

    printf("total: files=%d parse_ms=%.1f engine_ms=%.1f gzip_ms=%.1f "
           "ratio=%.2f gzip_ratio=%.2f\n", t->files, p / 1e3, e / 1e3,
           g / 1e3, p > 0 ? e / p : 0, p > 0 ? g / p : 0);

    /* bytes per microsecond is MB/s */
    printf("scale: bytes=%.0f parse_MB_s=%.1f engine_MB_s=%.1f "
           "gzip_MB_s=%.1f not_extracted=%d", t->bytes,
           p > 0 ? t->bytes / p : 0, e > 0 ? t->bytes / e : 0,
           g > 0 ? t->bytes / g : 0, t->not_extracted);

    if (t->heap_n > 0) {
        qsort(t->heap, t->heap_n, sizeof(long long), cmp_llong);
        printf(" heap_peak_kb_median=%lld heap_peak_kb_max=%lld"
               " heap_per_input_byte_median=%.1f",
               t->heap[t->heap_n / 2] / 1024, t->heap_max / 1024,
               median(t->heap_per_byte, t->heap_n));
    } else {
        printf(" heap_peak_kb_median=n/a heap_peak_kb_max=n/a"
               " heap_per_input_byte_median=n/a");
    }

    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        printf(" maxrss_kb=%ld", ru.ru_maxrss);
    }

    if (t->heap_max_file) {
        printf(" heap_peak_max_file=%s", t->heap_max_file);
    }

    printf("\n");

    if (t->big_n > 0) {
        /* median() sorts: the highest is the last one after it */
        m = median(t->big_per_byte, t->big_n);
        printf("big: pages_over_%dk=%d heap_per_byte_median=%.1f"
               " heap_per_byte_max=%.1f over_%.0fx=%d"
               " parse_heap_per_byte_median=%.1f\n", BENCH_BIG / 1000,
               t->big_n, m, t->big_per_byte[t->big_n - 1], BENCH_BIG_RATIO,
               t->big_over, median(t->big_parse_per_byte, t->big_n));
    } else {
        printf("big: pages_over_%dk=0\n", BENCH_BIG / 1000);
    }
}


static const char  usage[] =
    "usage: reader-bench [--iterations N] [--no-heap] FILE...\n";


int
main(int argc, char **argv)
{
    totals_t   t = { 0 };
    double    *samples;
    char      *end;
    long       n;
    int        i, iterations = 5, heap = 1, failed = 0;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }

        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }

        if (strcmp(argv[i], "--no-heap") == 0) {
            heap = 0;
            continue;
        }

        if (strcmp(argv[i], "--iterations") != 0 || i + 1 >= argc) {
            fputs(usage, stderr);
            return 1;
        }

        n = strtol(argv[++i], &end, 10);
        if (*end || end == argv[i] || n < 1 || n > BENCH_MAX_ITERATIONS) {
            fprintf(stderr, "reader-bench: --iterations needs 1..%d\n",
                    BENCH_MAX_ITERATIONS);
            return 1;
        }
        iterations = (int) n;
    }

    if (i >= argc) {
        fputs(usage, stderr);
        return 1;
    }

    samples = malloc(3 * (size_t) iterations * sizeof(double));
    t.heap = malloc((size_t) (argc - i) * sizeof(long long));
    t.heap_per_byte = malloc((size_t) (argc - i) * sizeof(double));
    t.big_per_byte = malloc((size_t) (argc - i) * sizeof(double));
    t.big_parse_per_byte = malloc((size_t) (argc - i) * sizeof(double));
    if (samples == NULL || t.heap == NULL || t.heap_per_byte == NULL
        || t.big_per_byte == NULL || t.big_parse_per_byte == NULL)
    {
        fprintf(stderr, "reader-bench: out of memory\n");
        return 1;
    }

    reader_init();
    xmlSetGenericErrorFunc(NULL, quiet);

    for ( /* void */ ; i < argc; i++) {
        failed |= bench_file(argv[i], iterations, heap, samples, &t) != 0;
    }

    print_totals(&t);

    free(samples);
    free(t.heap);
    free(t.heap_per_byte);
    free(t.big_per_byte);
    free(t.big_parse_per_byte);
    return failed;
}
