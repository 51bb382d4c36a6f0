/*
 * Metadata: the JSON reader, the date and byline line parsers, and
 * rd_meta_extract / rd_meta_finish over the pages in tests/fixtures/meta.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap.h"
#include "slurp.h"

#ifndef FIXTURES
#define FIXTURES  "tests/fixtures/meta/"
#endif


static rd_arena_t  arena;


/* ---- the JSON reader ---------------------------------------------------- */

static void
test_json(void)
{
    static const char  doc[] =
        "<!--{\"a\": [1, {\"b\": \"x\\\"y\"}], \"s\": \"caf\\u00e9 \\ud83d\\ude00\\n\","
        " \"t\": true, \"n\": null,}-->";
    rd_json_t          v, a, s, key, item;
    rd_json_iter_t     it;
    char              *str, *deep;
    size_t             n, i;

    ok(rd_json_parse(doc, sizeof(doc) - 1, &v) && v.type == RD_JSON_OBJECT,
       "json: an object inside an HTML comment wrapper");

    ok(rd_json_get(&v, "a", &a) && a.type == RD_JSON_ARRAY, "json: get an array");
    rd_json_iter(&a, &it);
    n = 0;
    while (rd_json_next(&it, NULL, &item)) {
        n++;
    }
    is_int(n, 2, "json: array items");

    ok(rd_json_get(&v, "s", &s), "json: get a string");
    str = rd_json_string(&arena, &s, 100);
    is_str(str, "caf\xc3\xa9 \xf0\x9f\x98\x80\n", "json: \\u escapes and a surrogate pair");

    str = rd_json_string(&arena, &s, 4);
    is_str(str, "caf", "json: a cut string ends at a character boundary");

    ok(rd_json_get(&v, "n", &item) && item.type == RD_JSON_LITERAL,
       "json: literals; a trailing comma is tolerated");
    ok(!rd_json_get(&v, "missing", &item), "json: a missing key");

    rd_json_iter(&v, &it);
    n = 0;
    while (rd_json_next(&it, &key, &item)) {
        n++;
    }
    is_int(n, 4, "json: object members");

    ok(!rd_json_parse("{\"a\": \"open", 11, &v), "json: an unterminated string");
    ok(!rd_json_parse("", 0, &v), "json: empty input");

    /* a million open brackets: refused in linear time, no recursion */
    n = 1000000;
    deep = malloc(n);
    for (i = 0; i < n; i++) {
        deep[i] = '[';
    }
    ok(!rd_json_parse(deep, n, &v), "json: unclosed deep nesting is refused");
    free(deep);
}


/* ---- dates in text ------------------------------------------------------- */

static void
date_is(const char *text, const char *want)
{
    char  name[256];

    snprintf(name, sizeof(name), "date: %s", text);
    is_str(rd_meta_date_from_text(&arena, text, strlen(text)), want, name);
}


static void
test_dates(void)
{
    date_is("2025年4月16日 09:30", "2025-04-16T09:30");
    date_is("发布时间：2025年04月16日09:30　来源：日报", "2025-04-16T09:30");
    date_is("16 April 2025", "2025-04-16");
    date_is("April 16, 2025", "2025-04-16");
    date_is("Updated Apr. 16th, 2025 at 9:30 p.m. ET", "2025-04-16T21:30");
    date_is("2025-04-16", "2025-04-16");
    date_is("2025/4/16 09:30", "2025-04-16T09:30");
    date_is("16.04.2025", "2025-04-16");
    date_is("04/16/2025", "2025-04-16");
    date_is("2025-04-16T09:30:00+08:00", "2025-04-16T09:30:00+08:00");
    date_is("2025-04-16T01:30:00.000Z", "2025-04-16T01:30:00Z");
    date_is("Wed, 16 Apr 2025 09:30:00 +0000", "2025-04-16T09:30:00+00:00");
    date_is("16. April 2025", "2025-04-16");
    date_is("16 de abril de 2025", "2025-04-16");
    date_is("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x95年４月１６日", "2025-04-16");
    date_is("2025. 4. 16. 09:30", "2025-04-16T09:30");
    date_is("2025년 4월 16일", "2025-04-16");
    date_is("١٦ أبريل ٢٠٢٥", "2025-04-16");
    date_is("16 نيسان 2025", "2025-04-16");

    date_is("Call 555-1234 or 555-2025", NULL);
    date_is("version 1.2.2025.4", NULL);
    date_is("2025-13-45", NULL);
    date_is("12025-04-16", NULL);
    date_is("April 2025", NULL);
    date_is("", NULL);

    /* A time that ends the text: nothing follows it to read as "am"/"pm".
     * The first line leaves a "pm" token just past where the second
     * line's tokens end (the same stack slot): reading one token past the
     * last turns 09:30 into 21:30 (and is an uninitialised read under
     * valgrind). */
    date_is("2025-04-16 09:30pm", "2025-04-16T21:30");
    date_is("2025-04-16 09:30", "2025-04-16T09:30");
    date_is("Apr 16, 2025 9:30 p.m.", "2025-04-16T21:30");
    date_is("Apr 16, 2025 9:30", "2025-04-16T09:30");
}


/* ---- byline lines --------------------------------------------------------- */

static void
byline_is(const char *text, const char *want)
{
    char  name[256];

    snprintf(name, sizeof(name), "byline: %s", text);
    is_str(rd_meta_byline_from_line(&arena, text, strlen(text)), want, name);
}


static void
test_bylines(void)
{
    const char  *name;
    size_t       n;

    byline_is("By Jane Doe", "Jane Doe");
    byline_is("By JANE DOE and John Roe", "JANE DOE and John Roe");
    byline_is("Jane Doe, Staff Writer", "Jane Doe");
    byline_is("By Jane Doe | April 16, 2025", "Jane Doe");
    byline_is("Written by Jane Doe on April 16", "Jane Doe");
    byline_is("By Jane Doe, John Roe and Ana de la Cruz",
              "Jane Doe, John Roe and Ana de la Cruz");
    byline_is("Author: Jane Doe", "Jane Doe");
    byline_is("By TOM HILL, AP Auto Writer", "TOM HILL");
    byline_is("Par Sophie Durand", "Sophie Durand");
    byline_is("记者 | 李明", "李明");
    byline_is("界面新闻记者 | 李明", "李明");
    byline_is("文/张三", "张三");
    byline_is("记者 王五 报道", "王五");
    byline_is("作者：李四", "李四");
    byline_is("撰文：赵六", "赵六");
    byline_is("本报记者周小川发自上海", "周小川");
    byline_is("通讯员 王刚 刘芳", "王刚 刘芳");
    byline_is("……建立绿色制造体系。（记者 陈静）", "陈静");
    byline_is("（周明 杭州报道）", "周明");
    byline_is("wanderer 发表于 2025-4-16 11:46", "wanderer");
    byline_is("記者 | 李明", "李明");
    byline_is("文・山田太郎", "山田太郎");
    byline_is("홍길동 기자", "홍길동");
    byline_is("بقلم: أحمد علي", "أحمد علي");

    byline_is("By the way, this is great", NULL);
    byline_is("Sort By Date", NULL);
    byline_is("By", NULL);
    byline_is("记者获悉，该项目已经启动", NULL);
    byline_is("小记者训练营", NULL);
    byline_is("原文：这是一段正文", NULL);
    byline_is("法国作者电影的原则上", NULL);
    byline_is("The results (see above) were clear", NULL);
    byline_is("（待续）", NULL);
    byline_is("责任编辑：王五", NULL);

    is_int(rd_meta_byline_rank("责任编辑：王五", strlen("责任编辑：王五"), &name, &n),
           1, "byline: an editor line has rank 1");

    ok(rd_meta_name_like("Jane Doe", 8) && rd_meta_name_like("王建宏 张文攀", 19)
       && !rd_meta_name_like("中国新闻网 文章 总阅读", 32)
       && !rd_meta_name_like("Posted 3 days ago", 17)
       && rd_meta_name_like("Ann Lee, MA", 11)
       && rd_meta_name_like("Ann Lee \xe2\x80\x94", 11)
       && !rd_meta_name_like("Learn More", 10)
       && !rd_meta_name_like("This article was Written By", 27)
       && rd_meta_name_like("sean_g", 6) && !rd_meta_name_like("P", 1),
       "byline: names as a whole");
}


/* ---- extraction ------------------------------------------------------------ */

static reader_result_t *
extract_file(const char *name)
{
    reader_options_t   opt;
    reader_result_t   *r;
    char               path[512];
    unsigned char     *data;
    size_t             len;

    snprintf(path, sizeof(path), "%s%s", FIXTURES, name);
    data = slurp(path, &len);
    if (data == NULL) {
        printf("# cannot read %s\n", path);
        return NULL;
    }

    reader_options_init(&opt);
    opt.url = "https://page.example/dir/page.html";
    opt.force = 1;
    r = reader_extract(data, len, &opt);
    free(data);
    return r;
}


static const reader_meta_t *
meta_of(reader_result_t *r)
{
    static const reader_meta_t  none;

    return r ? reader_result_meta(r) : &none;
}


static void
test_jsonld_page(void)
{
    reader_result_t      *r = extract_file("jsonld-graph.html");
    const reader_meta_t  *m = meta_of(r);

    is_str(m->title, "Why Tide Pools Glow at Night", "ld: headline over og:title");
    is_str(m->byline, "Mar\xc3\xad" "a L\xc3\xb3pez", "ld: author by @id in @graph");
    is_str(m->published, "2025-04-16T09:30:00+08:00", "ld: datePublished kept with offset");
    is_str(m->site_name, "The Harbor Journal", "og:site_name over publisher");
    is_str(m->lang, "en-US", "html lang");
    is_str(m->dir, "ltr", "dir ltr");
    is_str(m->url, "https://harbor.example/science/tide-pools", "canonical link");
    is_str(m->lead_image, "https://harbor.example/img/og.jpg", "og:image first");
    is_str(m->excerpt, "A short explanation of bioluminescent plankton & why they shine.",
           "excerpt from the meta description");
    ok(m->confidence > 0.5 && m->confidence <= 1, "confidence of a clean article: %.2f",
       m->confidence);
    reader_result_free(r);

    r = extract_file("jsonld-array.html");
    m = meta_of(r);
    is_str(m->title, "Salt & Pepper: a \"Kitchen\" Story \xf0\x9f\x8d\xb3",
           "ld: array, type IRI, entities and escapes in a CDATA wrapper");
    is_str(m->byline, "Ada Byron, Grace Hopper", "ld: authors joined, repeats dropped");
    is_str(m->published, "2025-04-16", "ld: a date stays a date");
    is_str(m->lead_image, "https://cook.example/a.jpg", "ld: first image of an array");
    is_str(m->site_name, "Kitchen Stories", "ld: publisher as a string");
    reader_result_free(r);
}


static void
test_meta_pages(void)
{
    reader_result_t      *r;
    const reader_meta_t  *m;

    r = extract_file("opengraph.html");
    m = meta_of(r);
    is_str(m->title, "Les jardins partag\xc3\xa9s de la ville",
           "og:title (space-separated property) without the site name");
    is_str(m->byline, "Claire Martin", "author: a profile URL is skipped");
    is_str(m->published, "2025-03-02", "DC.date");
    is_str(m->url, "https://quotidien.example/jardins", "og:url");

    /* relative URLs resolve against the page (url.c) */
    is_str(m->lead_image, "https://page.example/media/jardin.jpg",
           "twitter:image resolved against the page URL");
    reader_result_free(r);

    r = extract_file("microdata.html");
    m = meta_of(r);
    is_str(m->title, "Neue Radwege im Stadtzentrum", "twitter:title");
    is_str(m->byline, "Lena Park", "rel=author before itemprop=author");
    is_str(m->published, "2024-12-01", "itemprop=datePublished before <time>");
    is_str(m->site_name, "Tagesbeispiel", "application-name");
    is_str(m->lang, "de-AT", "Content-Language");
    is_str(m->dir, "rtl", "<body dir>");
    reader_result_free(r);

    r = extract_file("markup.html");
    m = meta_of(r);
    is_str(m->title, "Repairing an old bicycle", "<title> cut where the h1 ends");
    is_str(m->byline, "Thomas Reed and Ana Silva", "byline class, not the comment author");
    is_str(m->published, "2025-04-16", "<time datetime> outside the comments");
    is_str(m->url, "https://page.example/dir/page.html", "url falls back to --url");
    ok(m->excerpt && strncmp(m->excerpt, "The frame was rusted", 20) == 0,
       "excerpt from the first paragraph");
    is_int(m->reading_minutes, 1, "reading time at least a minute");
    reader_result_free(r);
}


static void
test_scripts(void)
{
    reader_result_t      *r;
    const reader_meta_t  *m;

    r = extract_file("zh.html");
    m = meta_of(r);
    is_str(m->title, "城市公园新增夜间开放时段", "zh: <title> without _section_site");
    is_str(m->published, "2025-04-16T09:30", "zh: the date under the title, not the nav's");
    is_str(m->byline, "李明", "zh: 记者 | name");
    is_str(m->lang, "zh-CN", "zh: lang");
    reader_result_free(r);

    r = extract_file("ja.html");
    m = meta_of(r);
    is_str(m->lang, "ja-JP", "ja: og:locale ja_JP");
    is_str(m->published, "2025-04-16", "ja: full-width digits");
    is_str(m->byline, "山田太郎", "ja: 文・name");
    reader_result_free(r);

    r = extract_file("ar.html");
    m = meta_of(r);
    is_str(m->dir, "rtl", "ar: rtl from the language");
    is_str(m->byline, "أحمد علي", "ar: بقلم");
    is_str(m->published, "2025-04-16", "ar: Arabic-Indic digits, month name");
    reader_result_free(r);
}


/* rd_meta_extract reads r->jsonld when the pre-scan filled it, and then
 * ignores JSON-LD left in the tree. */
static void
test_prescan_jsonld(void)
{
    static const char  page[] =
        "<html><head><title>Tree Title</title>"
        "<script type=\"application/ld+json\">{\"@type\":\"Article\","
        "\"headline\":\"From the tree\"}</script></head>"
        "<body><p>text</p></body></html>";
    static const char  ld[] =
        "{\"@type\":\"Report\",\"headline\":\"From the pre-scan\","
        "\"author\":\"Ann Lee\"}\0"
        "{\"@type\":\"WebSite\",\"name\":\"Second Script\"}";
    reader_result_t   *r = calloc(1, sizeof(reader_result_t));

    reader_options_init(&r->opt);
    rd_buf_append(&r->markup, page, sizeof(page) - 1);
    ok(rd_parse(r) == READER_OK && rd_stats(r) == READER_OK, "jsonld: page parsed");

    rd_meta_extract(r);
    is_str(r->meta.title, "From the tree", "jsonld: from the tree while r->jsonld is empty");

    memset(&r->meta, 0, sizeof(r->meta));
    rd_buf_append(&r->jsonld, ld, sizeof(ld));
    rd_meta_extract(r);
    is_str(r->meta.title, "From the pre-scan", "jsonld: r->jsonld wins once filled");
    is_str(r->meta.byline, "Ann Lee", "jsonld: author string");
    is_str(r->meta.site_name, "Second Script", "jsonld: every NUL-separated script read");
    reader_result_free(r);
}


/* word counts and reading time by script */
static void
test_finish(void)
{
    reader_options_t   opt;
    reader_result_t   *r;
    reader_buf_t       b = { 0 };
    int                i;

    reader_options_init(&opt);
    opt.force = 1;

    rd_buf_puts(&b, "<html><body><div class=\"article\">");
    for (i = 0; i < 100; i++) {
        rd_buf_puts(&b, "<p>one two three four five six seven eight nine ten.</p>");
    }
    rd_buf_puts(&b, "</div></body></html>");
    r = reader_extract(b.data, b.len, &opt);
    is_int(meta_of(r)->word_count, 1000, "finish: 1000 words");
    is_int(meta_of(r)->reading_minutes, 4, "finish: 1000 words at 230 a minute");
    reader_result_free(r);

    b.len = 0;
    rd_buf_puts(&b, "<html lang=\"ja\"><body><div class=\"article\">");
    for (i = 0; i < 50; i++) {
        rd_buf_puts(&b, "<p>新しい図書館は駅の前にありますので便利です</p>");
    }
    rd_buf_puts(&b, "</div></body></html>");
    r = reader_extract(b.data, b.len, &opt);
    is_int(meta_of(r)->word_count, 1050, "finish: CJK characters counted");
    is_int(meta_of(r)->reading_minutes, 3, "finish: ja at 400 characters a minute");
    reader_result_free(r);

    /* hostile metadata: capped lengths */
    b.len = 0;
    rd_buf_puts(&b, "<html><head><title>");
    for (i = 0; i < 2000; i++) {
        rd_buf_puts(&b, "word ");
    }
    rd_buf_puts(&b, "</title><meta name=\"author\" content=\"");
    for (i = 0; i < 2000; i++) {
        rd_buf_puts(&b, "Ann ");
    }
    rd_buf_puts(&b, "\"></head><body><p>Some text here.</p></body></html>");
    r = reader_extract(b.data, b.len, &opt);
    ok(meta_of(r)->title && strlen(meta_of(r)->title) <= 300 * 4,
       "caps: title at most 300 characters");
    ok(meta_of(r)->byline && strlen(meta_of(r)->byline) <= 200 * 4,
       "caps: byline at most 200 characters");
    reader_result_free(r);

    reader_buf_free(&b);
}


/* hostile shapes: every element a byline candidate, deep and wide JSON-LD */
static void
test_hostile(void)
{
    reader_options_t   opt;
    reader_result_t   *r;
    reader_buf_t       b = { 0 };
    char               item[96];
    int                i;

    reader_options_init(&opt);
    opt.force = 1;

    rd_buf_puts(&b, "<html><head><title>Storm | Site</title>"
                "<script type=\"application/ld+json\">[{\"@type\":\"Article\","
                "\"author\":[");
    for (i = 0; i < 2000; i++) {
        snprintf(item, sizeof(item), "%s{\"@id\":\"#p%d\"}", i ? "," : "", i);
        rd_buf_puts(&b, item);
    }
    rd_buf_puts(&b, "]}");
    for (i = 0; i < 20000; i++) {
        snprintf(item, sizeof(item), ",{\"@id\":\"#p%d\",\"name\":\"N%d\"}", i, i);
        rd_buf_puts(&b, item);
    }
    rd_buf_puts(&b, "]</script><script type=\"application/ld+json\">");
    for (i = 0; i < 100000; i++) {
        rd_buf_puts(&b, "{\"@graph\":[");
    }
    rd_buf_puts(&b, "</script></head><body>");
    for (i = 0; i < 5000; i++) {
        rd_buf_puts(&b, "<div class=\"author\" itemprop=\"author\"><h1>Storm</h1>"
                    "<time datetime=\"2025-04-16\">x</time>记者</div>");
    }
    rd_buf_puts(&b, "<p>The storm passed over the coast during the night.</p>"
                "</body></html>");

    r = reader_extract(b.data, b.len, &opt);
    ok(r != NULL, "hostile: extracted");
    is_str(meta_of(r)->title, "Storm", "hostile: title");
    is_str(meta_of(r)->byline, "N0, N1, N2, N3, N4, N5, N6, N7",
           "hostile: at most eight authors, found by @id");
    is_str(meta_of(r)->published, "2025-04-16", "hostile: date");
    reader_result_free(r);
    reader_buf_free(&b);
}


int
main(void)
{
    reader_init();

    test_json();
    test_dates();
    test_bylines();
    test_jsonld_page();
    test_meta_pages();
    test_scripts();
    test_prescan_jsonld();
    test_finish();
    test_hostile();

    rd_arena_free(&arena);
    return done_testing();
}
