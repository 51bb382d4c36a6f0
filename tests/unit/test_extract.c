/*
 * Extraction end to end on the project's own fixture pages: what is kept,
 * what is trimmed, the text format's layout, the article verdict, limits.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"
#include "slurp.h"

#define FIXTURES  "tests/fixtures/extract/"


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
    char              path[256];
    size_t            len;
    unsigned char    *in;
    reader_result_t  *res;

    snprintf(path, sizeof(path), FIXTURES "%s", name);
    in = slurp(path, &len);
    if (in == NULL) {
        printf("Bail out! cannot read %s\n", path);
        exit(1);
    }

    res = reader_extract(in, len, opt);
    free(in);
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
    reader_buf_t           text, html = { 0 };
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
    reader_result_shrink(NULL);
    is_str(reader_result_meta(res)->byline, "Jane Marlow",
           "english: shrunk twice, the byline stays");
    is_int(reader_render(res, READER_FORMAT_HTML, NULL, &text), READER_ERROR,
           "english: shrunk twice, still no renders");

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


/* A blog archive (posts newest first, each dated) is its first post; a
 * thread (oldest first) and an article in chunks are read whole. */
static void
test_archive(void)
{
    reader_options_t   opt;
    reader_result_t   *res;
    reader_buf_t       out;
    const char        *t;

    reader_options_init(&opt);
    res = run("blog-archive.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    is_int(reader_result_status(res), READER_OK, "archive: extracted");
    ok(strstr(t, "桃花开得很早") != NULL, "archive: the first post");
    ok(strstr(t, "落花铺在石板路上") != NULL, "archive: all of it");
    ok(strstr(t, "坐火车去了西北") == NULL,
       "archive: not the longest post after it");
    ok(strstr(t, "关于海洋的书") == NULL, "archive: nor the last one");
    reader_buf_free(&out);
    reader_result_free(res);

    res = run("blog-archive-flat.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    ok(strstr(t, "落花铺在石板路上") != NULL && strstr(t, "坐火车去了西北") == NULL
       && strstr(t, "关于海洋的书") == NULL,
       "archive: posts that hold their own date line, read as a whole page");
    reader_buf_free(&out);
    reader_result_free(res);

    res = run("blog-oldest-first.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    ok(strstr(t, "桃花开得很早") != NULL && strstr(t, "坐火车去了西北") != NULL
       && strstr(t, "关于海洋的书") != NULL,
       "archive: posts oldest first are not taken for an archive");
    reader_buf_free(&out);
    reader_result_free(res);

    res = run("thread-signed.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    ok(strstr(t, "阳台朝西") != NULL && strstr(t, "小盆就能养好") != NULL,
       "thread: the opening post");
    ok(strstr(t, "三角梅") == NULL && strstr(t, "多肉") == NULL,
       "thread: replies with their own date line are not chunks of it");
    reader_buf_free(&out);
    reader_result_free(res);

    res = run("chunked-dated.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    ok(strstr(t, "正式开放") != NULL && strstr(t, "湿地里种了芦苇") != NULL
       && strstr(t, "晚上十点关门") != NULL,
       "archive: an article in chunks under one date line is whole");
    reader_buf_free(&out);
    reader_result_free(res);
}


/* What closes a page after the story goes, and a gathered sibling that
 * trimming drops is not printed. */
static void
test_closing(void)
{
    reader_options_t   opt;
    reader_result_t   *res;
    reader_buf_t       out;
    const char        *t;

    reader_options_init(&opt);
    res = run("zh-notice.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    is_int(reader_result_status(res), READER_OK, "closing: extracted");
    ok(strstr(t, "旧报纸的电子版") != NULL, "closing: the story stays");
    ok(strstr(t, "上一页") == NULL, "closing: a pager line goes");
    ok(strstr(t, "版权声明") == NULL && strstr(t, "书面同意") == NULL
       && strstr(t, "联系电话") == NULL,
       "closing: a copyright notice goes, with what follows it");
    reader_buf_free(&out);
    reader_result_free(res);

    res = run("zh-related.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    ok(strstr(t, "旧报纸的电子版") != NULL
       && strstr(t, "相关报道") == NULL && strstr(t, "读书节") == NULL,
       "closing: a line opening with a related-stories label goes");
    reader_buf_free(&out);
    reader_result_free(res);

    res = run("zh-sibling.html", &opt, READER_FORMAT_TEXT, &out);
    t = (const char *) out.data;
    ok(strstr(t, "旧报纸的电子版") != NULL && strstr(t, "转载请") == NULL,
       "closing: a trimmed sibling of the article is not printed");
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


/* Whether both texts are in hay, a before b. */
static int
in_order(const char *hay, const char *a, const char *b)
{
    const char  *pa = strstr(hay, a), *pb = strstr(hay, b);

    return pa != NULL && pb != NULL && pa < pb;
}


/* A fixture in the text format, with the default options. */
static reader_result_t *
run_text(const char *name, reader_buf_t *out)
{
    reader_options_t  opt;

    reader_options_init(&opt);
    return run(name, &opt, READER_FORMAT_TEXT, out);
}


/* A video before the article's container: the plugin's fallback (what a
 * browser shows) is read, and the lead media with its caption is kept. */
static void
test_lead_video(void)
{
    reader_options_t   opt;
    reader_buf_t       out;
    reader_result_t   *res = run_text("lead-video.html", &out);
    const char        *t = (const char *) out.data;

    is_int(reader_result_status(res), READER_OK, "lead video: extracted");
    ok(strstr(t, "The host walks the flooded bank") != NULL,
       "lead video: the object's fallback caption is kept");
    ok(in_order(t, "The host walks the flooded bank",
                "The river rose another forty"),
       "lead video: the caption comes before the story");
    ok(strstr(t, "plugin-param") == NULL, "lead video: no param values");
    ok(strstr(t, "Mara Quill") == NULL && strstr(t, "Most watched") == NULL,
       "lead video: the header and sidebar are not taken with it");
    reader_buf_free(&out);
    reader_result_free(res);

    reader_options_init(&opt);
    res = run("lead-video.html", &opt, READER_FORMAT_HTML, &out);
    t = (const char *) out.data;
    ok(strstr(t, "river-report.jpg") != NULL,
       "lead video: the fallback picture is in the page");
    ok(strstr(t, "<object") == NULL && strstr(t, "<param") == NULL,
       "lead video: no object or param written");
    reader_buf_free(&out);
    reader_result_free(res);
}


/* "READ MORE: <link>" and a "Don't miss" label over a list of links,
 * between paragraphs, are dropped; prose that starts the same way stays. */
static void
test_promo_links(void)
{
    reader_buf_t      out;
    reader_result_t  *res = run_text("promo-links.html", &out);
    const char       *t = (const char *) out.data;

    is_int(reader_result_status(res), READER_OK, "promo: extracted");
    ok(strstr(t, "READ MORE") == NULL && strstr(t, "Storm warning") == NULL,
       "promo: a READ MORE link line is dropped");
    ok(strstr(t, "DON'T MISS") == NULL && strstr(t, "Island ferry") == NULL
       && strstr(t, "without power") == NULL,
       "promo: a bare label and its links are dropped");
    ok(strstr(t, "Continue reading") == NULL,
       "promo: a control's label alone on a line is dropped");
    ok(strstr(t, "Read more slowly through the safety report") != NULL,
       "promo: a sentence that opens with the words stays");
    ok(strstr(t, "Engineers spent the morning") != NULL
       && strstr(t, "would stay closed until") != NULL,
       "promo: the paragraphs around them stay");
    reader_buf_free(&out);
    reader_result_free(res);
}


/* A gallery whose controls print the caption again, a hover card inside a
 * sentence, and a date line that is loose text beside the blocks. */
static void
test_gallery_card(void)
{
    reader_buf_t      out;
    reader_result_t  *res = run_text("gallery-card.html", &out);
    const char       *t = (const char *) out.data;

    is_int(reader_result_status(res), READER_OK, "gallery: extracted");
    is_int(count(t, "where the line ended until it closed in 1971"), 1,
           "gallery: a caption repeated by the controls comes out once");
    ok(strstr(t, "Councillor Dana Reyes, who proposed the plan") != NULL,
       "card: the name stays in its sentence");
    ok(strstr(t, "harbour budget overrun") == NULL
       && strstr(t, "Dana M. Reyes") == NULL,
       "card: the hover card's picture and headlines go");
    ok(strstr(t, "Updated") == NULL,
       "loose line: a date in one inline element beside blocks is dropped");
    ok(strncmp(reader_result_meta(res)->published, "2025-03-04", 10) == 0,
       "loose line: it still gives the date");
    ok(strstr(t, "could open in 2027") != NULL, "gallery: the story stays");
    ok(strstr(t, "Advert") == NULL, "placeholder: an 'Advert' slot goes");
    ok(strstr(t, "ann.vale@") == NULL && strstr(t, "twitter.com/annvale") == NULL,
       "tail: the writer's address lines go");
    ok(strstr(t, "@courier.example") == NULL,
       "tail: one with a letter whose UTF-8 holds 0xA0 (\xc3\xa0) too");
    reader_buf_free(&out);
    reader_result_free(res);
}


/* A page builder that wraps every paragraph in a "widget": the prose
 * widgets stay, a widget of links goes; noscript text goes, a noscript
 * image stays. */
static void
test_page_builder(void)
{
    reader_options_t   opt;
    reader_buf_t       out;
    reader_result_t   *res = run_text("page-builder.html", &out);
    const char        *t = (const char *) out.data;

    is_int(reader_result_status(res), READER_OK, "widgets: an article");
    ok(strstr(t, "forty new gardeners") != NULL
       && strstr(t, "the heaviest marrow") != NULL,
       "widgets: one-paragraph widgets of prose are kept");
    ok(strstr(t, "Waiting list") == NULL, "widgets: a widget of links goes");
    ok(strstr(t, "JavaScript is disabled") == NULL,
       "noscript: its text is dropped");
    reader_buf_free(&out);
    reader_result_free(res);

    reader_options_init(&opt);
    res = run("page-builder.html", &opt, READER_FORMAT_HTML, &out);
    ok(strstr((const char *) out.data, "plots.jpg") != NULL,
       "noscript: its image is kept");
    reader_buf_free(&out);
    reader_result_free(res);
}


/* A thread whose posts are text and line breaks, no paragraphs: every
 * post is a chunk of the content, not only the longest. */
static void
test_forum_thread(void)
{
    reader_buf_t      out;
    reader_result_t  *res = run_text("forum-thread.html", &out);
    const char       *t = (const char *) out.data;

    is_int(reader_result_status(res), READER_OK, "thread: extracted");
    ok(in_order(t, "Has anyone here run the old lighthouse trail",
                "I ran it twice last February"),
       "thread: the question and the answer, in order");
    ok(strstr(t, "Watch the wind on the headland") != NULL,
       "thread: the last post too");
    ok(strstr(t, "Privacy") == NULL, "thread: not the footer");
    reader_buf_free(&out);
    reader_result_free(res);
}


int
main(void)
{
    reader_init();

    test_seed_shaped();
    test_english();
    test_listing();
    test_rtl_and_repeats();
    test_archive();
    test_closing();
    test_limits();
    test_lead_video();
    test_promo_links();
    test_gallery_card();
    test_page_builder();
    test_forum_thread();

    return done_testing();
}
