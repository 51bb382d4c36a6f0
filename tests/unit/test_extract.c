/*
 * Extraction end to end on the project's own fixture pages: what is kept,
 * what is trimmed, the text format's layout, the article verdict, limits.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"

#define FIXTURES  "tests/fixtures/extract/"


static reader_buf_t
slurp(const char *name)
{
    reader_buf_t  b = { 0 };
    char          path[256];
    FILE         *f;
    size_t        n;

    snprintf(path, sizeof(path), FIXTURES "%s", name);
    f = fopen(path, "rb");
    if (f == NULL) {
        printf("Bail out! cannot open %s\n", path);
        exit(1);
    }

    b.cap = 1 << 20;
    b.data = malloc(b.cap);
    n = fread(b.data, 1, b.cap, f);
    fclose(f);
    b.len = n;
    return b;
}


static size_t
count(const char *hay, const char *needle)
{
    size_t       k = 0;
    const char  *p = hay;

    while ((p = strstr(p, needle))) {
        k++;
        p += strlen(needle);
    }
    return k;
}


/* Extracts a fixture and renders one format into *out; returns the result. */
static reader_result_t *
run(const char *name, const reader_options_t *opt, reader_format_e fmt,
    reader_buf_t *out)
{
    reader_buf_t      in = slurp(name);
    reader_result_t  *res = reader_extract(in.data, in.len, opt);

    reader_buf_free(&in);
    memset(out, 0, sizeof(*out));

    if (res && (reader_result_status(res) == READER_OK
                || fmt == READER_FORMAT_JSON))
    {
        reader_render(res, fmt, NULL, out);
    }

    if (out->data == NULL) {
        out->data = (unsigned char *) strdup("");
    }

    return res;
}


static void
test_seed_shaped(void)
{
    reader_options_t       opt;
    reader_result_t       *res;
    const reader_meta_t   *m;
    reader_buf_t           text, html;
    const char            *t;
    static const char     *gone[] = {
        "正在閱讀", "掃一掃", "城市新聞記者", "城市新聞編輯", "版權所有",
        "相關閱讀", "暫無評論", "分享到", "7.2k", "標籤", "huǎn", NULL
    };
    const char           **g;

    reader_options_init(&opt);
    opt.url = "https://news.example/city/2025/night-library.html";

    res = run("seed-shaped-zh.html", &opt, READER_FORMAT_TEXT, &text);
    t = (const char *) text.data;

    is_int(reader_result_status(res), READER_OK, "seed: extracted");
    is_int(count(t, "河港市中央圖書館上月起"), 1, "seed: the story once");
    ok(strstr(t, "有助於緩解年輕人") != NULL, "seed: ruby base text kept");
    ok(strstr(t, "館方預計在四月底公布") != NULL, "seed: the last paragraph");

    for (g = gone; *g; g++) {
        ok(strstr(t, *g) == NULL, "seed: no '%s'", *g);
    }

    m = reader_result_meta(res);
    is_str(m->title, "河港市夜間圖書館試營運 首月借閱量翻倍", "seed: title");
    is_str(m->byline, "林曉舟", "seed: byline");
    ok(m->published && strncmp(m->published, "2025-03-08", 10) == 0,
       "seed: published date");
    is_str(m->lang, "zh-Hant", "seed: lang");
    ok(m->word_count > 200, "seed: CJK characters counted as words");

    reader_render(res, READER_FORMAT_HTML, NULL, &html);
    ok(html.data && strstr((char *) html.data, "<rt>huǎn</rt>") != NULL,
       "seed: the page keeps ruby readings");
    ok(html.data && strstr((char *) html.data,
                           "https://news.example/img/night-library.jpg"),
       "seed: the picture, resolved against the page URL");
    ok(html.data && strstr((char *) html.data, "圖源：城市新聞網"),
       "seed: the picture keeps its credit");
    ok(html.data && strstr((char *) html.data,
                           "<time datetime=\"2025-03-08T20:15:00+08:00\">"
                           "2025年3月8日</time>"),
       "seed: the date written the Chinese way, ISO in datetime");

    reader_buf_free(&html);
    reader_buf_free(&text);
    reader_result_free(res);
}


static void
test_english(void)
{
    reader_options_t       opt;
    reader_result_t       *res;
    reader_buf_t           text;
    const char            *t;
    static const char     *gone[] = {
        "Comments", "Lovely to hear", "Most read", "Bridge repairs",
        "A history of the market hall", "All rights reserved", "Share on",
        "By Jane Marlow", "Sport", NULL
    };
    const char           **g;

    reader_options_init(&opt);
    res = run("english-article.html", &opt, READER_FORMAT_TEXT, &text);
    t = (const char *) text.data;

    is_int(reader_result_status(res), READER_OK, "english: extracted");
    ok(strstr(t, "For eleven years the clock") == t,
       "english: starts with the first paragraph");
    ok(strstr(t, "Item\tCost\n\nBrass bushings\t120") != NULL,
       "english: table cells tab-separated, a row per block");
    ok(strstr(t, "door:\nMonday: wind the going train\nThursday") != NULL,
       "english: <br> is a line break inside the block");
    ok(strstr(t, "if weight.low():\n    wind(turns=12)") != NULL,
       "english: <pre> keeps its lines and indentation");
    ok(strstr(t, "escapement\n\nA new pendulum rod") != NULL,
       "english: list items are blocks without markers");
    ok(strstr(t, "\n\n\n") == NULL, "english: one blank line between blocks");
    ok(text.len > 1 && t[text.len - 1] == '\n' && t[text.len - 2] != '\n',
       "english: ends with one newline");

    for (g = gone; *g; g++) {
        ok(strstr(t, *g) == NULL, "english: no '%s'", *g);
    }

    is_str(reader_result_meta(res)->byline, "Jane Marlow", "english: byline");
    is_str(reader_result_meta(res)->dir, "ltr", "english: dir");

    /* shrunk: the tree is gone, the metadata stays, renders are refused */
    reader_result_shrink(res);
    is_str(reader_result_meta(res)->byline, "Jane Marlow",
           "english: shrunk, the byline stays");
    is_int(reader_result_status(res), READER_OK, "english: shrunk, status");
    text.len = 0;
    is_int(reader_render(res, READER_FORMAT_TEXT, NULL, &text), READER_ERROR,
           "english: shrunk, no more renders");
    is_int((int) text.len, 0, "english: shrunk, nothing written");
    reader_result_shrink(res);
    ok(1, "english: shrinking twice is harmless");

    reader_buf_free(&text);
    reader_result_free(res);
}


static void
test_listing(void)
{
    reader_options_t   opt;
    reader_result_t   *res;
    reader_buf_t       out;

    reader_options_init(&opt);
    res = run("listing.html", &opt, READER_FORMAT_JSON, &out);
    is_int(reader_result_status(res), READER_NOT_ARTICLE,
           "listing: not an article");
    ok(*reader_result_reason(res) != '\0', "listing: says why");
    ok(strstr((char *) out.data, "\"article\": false") != NULL,
       "listing: json says article false");
    ok(reader_result_meta(res)->title != NULL,
       "listing: json still carries the metadata");
    reader_buf_free(&out);
    reader_result_free(res);

    opt.force = 1;
    res = run("listing.html", &opt, READER_FORMAT_TEXT, &out);
    is_int(reader_result_status(res), READER_OK, "listing: --force extracts");
    reader_buf_free(&out);
    reader_result_free(res);
}


static void
test_rtl_and_repeats(void)
{
    reader_options_t   opt;
    reader_result_t   *res;
    reader_buf_t       out;
    const char        *t;

    reader_options_init(&opt);
    res = run("rtl-article.html", &opt, READER_FORMAT_TEXT, &out);
    is_int(reader_result_status(res), READER_OK, "rtl: extracted");
    is_str(reader_result_meta(res)->dir, "rtl", "rtl: dir");
    is_str(reader_result_meta(res)->lang, "ar", "rtl: lang");
    reader_buf_free(&out);
    reader_result_free(res);

    res = run("story-twice.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    is_int(count(t, "The island ferry will leave"), 1,
           "repeats: a story printed twice comes out once");
    is_int(count(t, "Passengers who travel with bicycles"), 1,
           "repeats: its second paragraph too");
    is_int(count(t, "check the board before you leave home"), 2,
           "repeats: a paragraph repeated alone stays");
    is_int(count(t, "Weekend sailings"), 1, "repeats: the rest stays");
    reader_buf_free(&out);
    reader_result_free(res);
}


static void
test_limits(void)
{
    reader_options_t   opt;
    reader_result_t   *res;
    reader_buf_t       a, b;

    reader_options_init(&opt);
    opt.max_size = 100;
    res = run("english-article.html", &opt, READER_FORMAT_TEXT, &a);
    is_int(reader_result_status(res), READER_TOO_LARGE, "limits: max_size");
    reader_buf_free(&a);
    reader_result_free(res);

    reader_options_init(&opt);
    opt.max_nodes = 10;
    res = run("english-article.html", &opt, READER_FORMAT_TEXT, &a);
    is_int(reader_result_status(res), READER_TOO_LARGE, "limits: max_nodes");
    reader_buf_free(&a);
    reader_result_free(res);

    res = reader_extract((const unsigned char *) "", 0, NULL);
    ok(res && reader_result_status(res) != READER_OK,
       "limits: an empty page is refused, not a crash");
    reader_result_free(res);

    /* no state survives between extractions */
    reader_options_init(&opt);
    reader_result_free(run("seed-shaped-zh.html", &opt, READER_FORMAT_HTML, &a));
    reader_result_free(run("seed-shaped-zh.html", &opt, READER_FORMAT_HTML, &b));
    ok(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
       "reentrant: the same page twice gives the same page");
    reader_buf_free(&a);
    reader_buf_free(&b);
}


int
main(void)
{
    reader_init();

    test_seed_shaped();
    test_english();
    test_listing();
    test_rtl_and_repeats();
    test_limits();

    return done_testing();
}
