/*
 * Work grows with the page, not with its size times its depth: a story
 * followed by many inline elements costs about the same CPU whether those
 * elements sit flat in the story's container or at the bottom of a chain
 * of 240 inline elements.  Ratios of CPU time, so the check holds on a
 * slow or busy machine and under ASan.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "tap.h"


#define DEPTH      240
#define MAX_RATIO  3.0

#define STORY  "<p>The tide came in twice a day, and twice a day the harbour " \
               "master wrote it down, with the wind, the weather, and the " \
               "boats that came and went.</p>"


/* A page: the story, then `elements` copies of unit inside `depth`
 * copies of wrap (its open and close tags). */
static void
page(reader_buf_t *b, const char *open, const char *close, int depth,
    const char *unit, int elements, const char *after)
{
    int  k;

    b->len = 0;
    rd_buf_puts(b, "<html><head><title>T</title></head><body>"
                         "<div class=\"main\">");
    for (k = 0; k < 8; k++) {
        rd_buf_puts(b, STORY);
    }
    for (k = 0; k < depth; k++) {
        rd_buf_puts(b, open);
    }
    for (k = 0; k < elements; k++) {
        rd_buf_puts(b, unit);
    }
    rd_buf_puts(b, after);
    for (k = 0; k < depth; k++) {
        rd_buf_puts(b, close);
    }
    rd_buf_puts(b, "</div></body></html>");
}


/* CPU seconds to extract and render the page. */
static double
cpu_of(const reader_buf_t *b)
{
    reader_options_t   opt;
    reader_result_t   *r;
    reader_buf_t       out = { 0 };
    clock_t            t0;

    reader_options_init(&opt);
    opt.force = 1;

    t0 = clock();
    r = reader_extract(b->data, b->len, &opt);
    if (r && reader_result_status(r) == READER_OK) {
        reader_render(r, READER_FORMAT_HTML, NULL, &out);
    }
    reader_buf_free(&out);
    reader_result_free(r);

    return (double) (clock() - t0) / CLOCKS_PER_SEC;
}


static void
shape(const char *name, const char *open, const char *close,
    const char *unit, int elements, const char *after)
{
    reader_buf_t  b = { 0 };
    double        flat, deep;

    page(&b, open, close, 0, unit, elements, after);
    flat = cpu_of(&b);
    page(&b, open, close, DEPTH, unit, elements, after);
    deep = cpu_of(&b);
    reader_buf_free(&b);

    /* a floor for a flat run measured at clock()'s granularity */
    flat = flat > 0.01 ? flat : 0.01;
    ok(deep / flat < MAX_RATIO, "%s: %d deep costs %.2fx flat (%.3f s, %.3f s)",
       name, DEPTH, deep / flat, deep, flat);
}


int
main(void)
{
    reader_init();

    /* scoring: inline text under a chain of inline elements */
    shape("inline text", "<b>", "</b>",
          "<span>a few words of text here.</span>", 40000, "");

    /* the line walk of the trimming: empty inline elements, then a break */
    shape("inline elements before a break", "<span>", "</span>",
          "<i></i>", 120000, "<br>");

    return done_testing();
}
