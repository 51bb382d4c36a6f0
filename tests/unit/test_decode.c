/*
 * rd_decode: BOM, labels, UTF-8 validity, <meta> prescan, the statistical
 * guess, UTF-16 without BOM, binary, and the output cleaning.
 * Fixtures: tests/fixtures/charset (generate.sh); hostile pages from
 * ../shared/hostile when present.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap.h"
#include "slurp.h"


#define FIXTURES  "tests/fixtures/charset/"
#define HOSTILE   "../shared/hostile/"

#define ZH  "青石镇新图书馆于本周六上午正式开馆"
#define HANT "青石鎮新圖書館於本週六上午正式開館"
#define JA  "青石町の新しい図書館が土曜日の朝に開館しました"
#define KO  "청석 마을의 새 도서관이 토요일 아침에 문을 열었습니다"


/* Valid UTF-8 with no NUL and no C0 control but TAB, LF, FF and CR. */
static int
clean_utf8(const reader_buf_t *b)
{
    const unsigned char  *p = b->data, *end = b->data + b->len;
    uint32_t              cp;

    while (p < end) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\f'
            && *p != '\r')
        {
            return 0;
        }

        if (*p < 0x80) {
            p++;
            continue;
        }

        /* rd_utf8_next gives U+FFFD for a bad byte: see that it was one */
        if (end - p >= 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0) {
            p += 3;
            continue;
        }

        cp = rd_utf8_next(&p, end);
        if (cp == 0xfffd) {
            return 0;
        }
    }

    return b->data[b->len] == '\0';
}


static size_t
count(const reader_buf_t *b, const char *s)
{
    size_t       n = 0, k = strlen(s);
    const char  *p = (const char *) b->data;

    while ((p = strstr(p, s)) != NULL) {
        n++;
        p += k;
    }

    return n;
}


typedef struct {
    reader_status_e  rc;
    char             charset[32];
    reader_buf_t     out;
} decoded_t;


static void
decode_mem(const void *in, size_t len, const char *hint, decoded_t *d)
{
    memset(d, 0, sizeof(decoded_t));
    d->rc = rd_decode(in, len, hint, &d->out, NULL, d->charset,
                      sizeof(d->charset));
    if (d->out.data == NULL) {
        rd_buf_append(&d->out, "", 0);
    }
}


/* Decodes a fixture and checks status, charset, text and cleanliness. */
static void
fixture(const char *file, const char *hint, const char *charset,
    const char *want)
{
    char            path[256];
    size_t          len;
    decoded_t       d;
    unsigned char  *in;

    snprintf(path, sizeof(path), FIXTURES "%s", file);
    in = slurp(path, &len);
    if (!ok(in != NULL, "%s: read", file)) {
        return;
    }

    decode_mem(in, len, hint, &d);

    is_int(d.rc, READER_OK, file);
    is_str(d.charset, charset, file);
    ok(strstr((char *) d.out.data, want) != NULL, "%s: has the text", file);
    ok(clean_utf8(&d.out), "%s: clean UTF-8", file);

    reader_buf_free(&d.out);
    free(in);
}


static void
test_fixtures(void)
{
    fixture("utf8.html", NULL, "utf-8", ZH);
    fixture("utf8.html", NULL, "utf-8", JA);
    fixture("gbk-labelled.html", NULL, "gb18030", ZH);
    fixture("utf8-labelled-gb2312.html", NULL, "utf-8", ZH);
    fixture("utf8-labelled-gb2312.html", "gbk", "utf-8", ZH);
    fixture("gbk-unlabelled.html", NULL, "gb18030", ZH);
    fixture("gbk-unlabelled.html", "x-gbk", "gb18030", ZH);
    fixture("big5-http-equiv.html", NULL, "big5", HANT);
    fixture("big5-unlabelled.html", NULL, "big5", HANT);
    fixture("shift_jis.html", NULL, "shift_jis", JA);
    fixture("shift_jis-unlabelled.html", NULL, "shift_jis", JA);
    fixture("euc-kr.html", NULL, "euc-kr", KO);
    fixture("euc-kr-unlabelled.html", NULL, "euc-kr", KO);
    fixture("windows-1252-latin1.html", NULL, "windows-1252",
            "\xE2\x80\x9CIt is a place for everyone,\xE2\x80\x9D");
    fixture("windows-1252-latin1.html", NULL, "windows-1252",
            "caf\xC3\xA9 next door");
    fixture("utf16le-bom.html", NULL, "utf-16le", ZH);
    fixture("utf16le-nobom.html", NULL, "utf-16le", ZH);
    fixture("utf16be-nobom.html", NULL, "utf-16be", ZH);

    /* the transport hint beats the <meta> ... */
    fixture("gbk-labelled.html", "big5", "big5", "<article>");
    /* ... but an unknown or never honoured hint is ignored */
    fixture("gbk-labelled.html", "x-no-such-charset", "gb18030", ZH);
    fixture("gbk-labelled.html", "utf-7", "gb18030", ZH);
    fixture("gbk-labelled.html", " \"GB2312\" ", "gb18030", ZH);

    /* a BOM beats everything */
    fixture("utf16le-bom.html", "gbk", "utf-16le", ZH);
}


static void
test_nul_invalid(void)
{
    size_t          len;
    decoded_t       d;
    unsigned char  *in;

    in = slurp(FIXTURES "nul-invalid.html", &len);
    if (!ok(in != NULL, "nul-invalid: read")) {
        return;
    }

    decode_mem(in, len, NULL, &d);
    is_int(d.rc, READER_OK, "nul-invalid: decoded");
    is_str(d.charset, "utf-8", "nul-invalid: still UTF-8");
    ok(clean_utf8(&d.out), "nul-invalid: clean UTF-8");
    ok(strstr((char *) d.out.data, ZH) != NULL, "nul-invalid: text kept");
    ok(strstr((char *) d.out.data,
              "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c \xEF\xBF\xBD d") != NULL,
       "nul-invalid: NUL, control, one U+FFFD per bad run");
    ok(d.out.len >= 3
       && memcmp(d.out.data + d.out.len - 3, "\xEF\xBF\xBD", 3) == 0,
       "nul-invalid: a sequence cut at the end is U+FFFD");
    is_int(strlen((char *) d.out.data), d.out.len, "nul-invalid: no NUL");

    reader_buf_free(&d.out);
    free(in);
}


/* In-memory cases: each is input, hint, expected charset, expected text. */
static void
mem(const char *name, const char *in, size_t len, const char *hint,
    const char *charset, const char *want)
{
    decoded_t  d;

    decode_mem(in, len, hint, &d);
    is_int(d.rc, READER_OK, name);
    is_str(d.charset, charset, name);
    if (!ok(strstr((char *) d.out.data, want) != NULL, "%s: text", name)) {
        printf("#   got: %s\n", d.out.data);
    }
    ok(clean_utf8(&d.out), "%s: clean", name);
    reader_buf_free(&d.out);
}

#define MEM(name, lit, hint, charset, want) \
    mem(name, lit, sizeof(lit) - 1, hint, charset, want)


static void
test_labels_and_prescan(void)
{
    /* GBK for 中文 (D6D0 CEC4), Big5 for 中文 (A4A4 A4E5) */
    MEM("meta charset, single quotes, upper case",
        "<html><head><META CHARSET='GBK'></head><p>\xD6\xD0\xCE\xC4</p>",
        NULL, "gb18030", "中文");
    MEM("meta http-equiv, spaces and quotes in content",
        "<meta http-equiv=Content-Type content='text/html ;  Charset = \"big5\"'>"
        "<p>\xA4\xA4\xA4\xE5</p>", NULL, "big5", "中文");
    MEM("content charset without http-equiv is not a declaration",
        "<html lang=zh-TW><meta content=\"text/html; charset=gbk\">"
        "<p>\xA4\xA4\xA4\xE5</p>", NULL, "big5", "中文");
    MEM("a meta inside a comment is not a declaration",
        "<!-- <meta charset=big5> --><meta charset=gbk><p>\xD6\xD0\xCE\xC4",
        NULL, "gb18030", "中文");
    MEM("a meta inside an attribute value is not a declaration",
        "<div title='<meta charset=big5>'><meta charset=gbk>"
        "<p>\xD6\xD0\xCE\xC4", NULL, "gb18030", "中文");
    MEM("an unknown meta is passed over for the next one",
        "<meta charset=x-nothing><meta charset=gb2312><p>\xD6\xD0\xCE\xC4",
        NULL, "gb18030", "中文");
    MEM("meta utf-16 on ASCII bytes means UTF-8",
        "<meta charset=\"utf-16\"><p>plain</p>", NULL, "utf-8", "plain");
    MEM("meta utf-7 is never honoured",
        "<meta charset=utf-7><p>+ADw-script+AD4-</p>", NULL, "utf-8",
        "+ADw-script+AD4-");
    MEM("pure ASCII keeps an ASCII-compatible label's name",
        "<meta charset=latin1><p>plain</p>", NULL, "windows-1252", "plain");
    MEM("hint latin1 is windows-1252 (0x93 0x94 are quotes)",
        "<p>\x93quoted\x94 caf\xE9</p>", "latin1", "windows-1252",
        "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9");
    MEM("hint iso8859-2",
        "<p>\xB1</p>", "ISO_8859-2:1987", "iso-8859-2", "\xC4\x85");
    MEM("hint cp1251", "<p>\xC0</p>", "cp1251", "windows-1251",
        "\xD0\x90");
    MEM("hint koi8-r", "<p>\xE1</p>", "koi8-r", "koi8-r", "\xD0\x90");
    MEM("ISO-2022-JP label on 7-bit bytes goes through iconv",
        "<meta charset=iso-2022-jp><p>\x1B$B$\"\x1B(B</p>", NULL,
        "iso-2022-jp", "\xE3\x81\x82");
    MEM("UTF-8 BOM",
        "\xEF\xBB\xBF<meta charset=gbk><p>中文</p>", NULL, "utf-8", "中文");
    MEM("UTF-16BE BOM",
        "\xFE\xFF\0<\0p\0>\x4E\x2D\x65\x87", NULL, "utf-16be", "<p>中文");
    MEM("empty input", "", NULL, "utf-8", "");
    MEM("a utf-8 label on windows-1252 bytes: guessed",
        "<meta charset=utf-8><p>\x93Hello,\x94 she said. \x93It\x92s the "
        "caf\xE9.\x94</p>", NULL, "windows-1252",
        "\xE2\x80\x9CIt\xE2\x80\x99s the caf\xC3\xA9.\xE2\x80\x9D");
    MEM("a utf-8 hint on GBK bytes: the meta decides",
        "<meta charset=gbk><p>\xD6\xD0\xCE\xC4</p>", "utf-8", "gb18030",
        "中文");
    MEM("mostly UTF-8 with one bad byte stays UTF-8 despite a gbk hint",
        "<p>中文中文中文中文\xFF中文</p>", "gbk", "utf-8",
        "中文中文中文中文\xEF\xBF\xBD中文");
    MEM("GB18030 four-byte sequence", "<p>\x81\x30\x81\x30</p>", "gb18030",
        "gb18030", "\xC2\x80");
    MEM("an invalid GBK pair: one U+FFFD, the ASCII trail kept",
        "<p>\xD6\xD0\x81 x</p>", "gbk", "gb18030", "中\xEF\xBF\xBD x");
}


/* The two-pair sample B0A1 B0A2 reads as GB2312 and as EUC-KR hangul. */
static void
test_lang_prior(void)
{
    MEM("lang ko breaks the tie", "<html lang=ko><p>\xB0\xA1\xB0\xA2</p>",
        NULL, "euc-kr", "\xEA\xB0\x80");
    MEM("lang zh-CN breaks the tie",
        "<html lang=zh-CN><p>\xB0\xA1\xB0\xA2</p>", NULL, "gb18030",
        "\xE5\x95\x8A");
}


static void
test_binary(void)
{
    size_t          i;
    uint32_t        x = 12345;
    decoded_t       d;
    unsigned char   buf[8192];

    for (i = 0; i < sizeof(buf); i++) {
        x = x * 1103515245 + 12345;
        buf[i] = (unsigned char) (x >> 16);
    }

    decode_mem(buf, sizeof(buf), NULL, &d);
    is_int(d.rc, READER_UNDECODABLE, "random bytes are not text");
    reader_buf_free(&d.out);

    decode_mem(buf, sizeof(buf), "utf-8", &d);
    is_int(d.rc, READER_UNDECODABLE, "not even with a charset hint");
    reader_buf_free(&d.out);

    /* a few controls in a page are text */
    MEM("a few controls are text",
        "<p>one\x01two\x02three\x1F" "four\x7F five\tsix\fseven\r\n</p>",
        NULL, "utf-8",
        "one\xEF\xBF\xBDtwo\xEF\xBF\xBDthree\xEF\xBF\xBD" "four\x7F five\tsix"
        "\fseven\r\n");
}


/* Every hostile page decodes to clean UTF-8, or is refused as binary. */
static void
test_hostile(void)
{
    static const struct {
        const char       *file;
        reader_status_e   rc;
        const char       *charset;
    } cases[] = {
        { "control-chars.html", READER_OK, "utf-8" },
        { "crlf-and-cr-only.html", READER_OK, "utf-8" },
        { "invalid-utf8.html", READER_OK, NULL },
        { "meta-charset-mismatch-1252.html", READER_OK, NULL },
        { "meta-charset-unknown.html", READER_OK, NULL },
        { "meta-charset-utf16-on-ascii.html", READER_OK, "utf-8" },
        { "meta-charset-utf7.html", READER_OK, "utf-8" },
        { "not-html-binary.html", READER_UNDECODABLE, NULL },
        { "nul-bytes.html", READER_UNDECODABLE, NULL },
        { "utf16be-bom-meta-utf8.html", READER_OK, "utf-16be" },
        { "utf16le-no-bom.html", READER_OK, "utf-16le" },
        { "huge-page.html", READER_OK, "utf-8" }
    };

    size_t          i, len;
    decoded_t       d;
    unsigned char  *in;

    in = slurp(HOSTILE "manifest.json", &len);
    if (in == NULL) {
        printf("# skipped: " HOSTILE " is not present\n");
        return;
    }
    free(in);

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char  path[256];

        snprintf(path, sizeof(path), HOSTILE "%s", cases[i].file);
        in = slurp(path, &len);
        if (!ok(in != NULL, "%s: read", cases[i].file)) {
            continue;
        }

        decode_mem(in, len, NULL, &d);
        is_int(d.rc, cases[i].rc, cases[i].file);
        if (cases[i].charset) {
            is_str(d.charset, cases[i].charset, cases[i].file);
        }
        if (d.rc == READER_OK) {
            ok(clean_utf8(&d.out), "%s: clean UTF-8", cases[i].file);
            ok(count(&d.out, "<p") > 0, "%s: markup survives",
               cases[i].file);
        }

        reader_buf_free(&d.out);
        free(in);
    }
}


/* Through the whole engine: a GBK page comes out as Chinese text. */
static void
test_end_to_end(void)
{
    size_t              len;
    reader_buf_t        out;
    unsigned char      *in;
    reader_result_t    *res;
    reader_options_t    opt;

    in = slurp(FIXTURES "gbk-labelled.html", &len);
    if (!ok(in != NULL, "end to end: read")) {
        return;
    }

    reader_options_init(&opt);
    opt.force = 1;

    res = reader_extract(in, len, &opt);
    if (!ok(res != NULL, "end to end: extracted")) {
        free(in);
        return;
    }

    is_int(reader_result_status(res), READER_OK, "end to end: status");
    is_str(reader_result_meta(res)->charset, "gb18030", "end to end: charset");

    memset(&out, 0, sizeof(reader_buf_t));
    is_int(reader_render(res, READER_FORMAT_TEXT, NULL, &out), READER_OK,
           "end to end: rendered");
    ok(out.data && strstr((char *) out.data, ZH) != NULL,
       "end to end: the Chinese text comes out");

    reader_buf_free(&out);
    reader_result_free(res);
    free(in);
}


/* The code points and spaces the text walks see (rd_utf8_next and
 * rd_is_space are inline for ASCII, out of line above it). */
static void
test_utf8_next(void)
{
    static const unsigned char  s[] = "a \xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"
                                      "\xC0\xAF\xE4\xB8";
    static const uint32_t       want[] = {
        'a', ' ', 0xe9, 0x4e2d, 0x1f600, 0xfffd, 0xfffd, 0xfffd
    };
    const unsigned char        *p = s, *end = s + sizeof(s) - 1;
    size_t                      i = 0;
    int                         same = 1;

    while (p < end && i < sizeof(want) / sizeof(want[0])) {
        same &= rd_utf8_next(&p, end) == want[i++];
    }
    ok(same && p == end && i == 8,
       "utf8_next: ASCII, 2, 3 and 4 bytes, overlong, cut off");

    ok(rd_is_space(' ') && rd_is_space('\t') && rd_is_space('\n')
       && rd_is_space('\f') && rd_is_space('\r') && rd_is_space(0xa0)
       && rd_is_space(0x3000) && rd_is_space(0x2009) && rd_is_space(0xfeff),
       "is_space: HTML whitespace, NBSP, ideographic and thin spaces");
    ok(!rd_is_space('a') && !rd_is_space(0) && !rd_is_space(0x0b)
       && !rd_is_space(31) && !rd_is_space(33) && !rd_is_space(63)
       && !rd_is_space(64 + 32) && !rd_is_space(0x85) && !rd_is_space(0x4e2d),
       "is_space: not letters, VT, controls or NEL");
}


/* same: valid UTF-8 is not copied; anything replaced or converted is.
 * The first three inputs are text as they are, the others are not. */
static void
test_same(void)
{
    static const char  *in[] = {
        "<p>caf\xC3\xA9 \xE4\xB8\xAD</p>", "<p>plain ASCII</p>", "",
        "<p>a\x01b</p>", "<p>caf\xC3\xA9 \xE9t\xE9</p>",
        "\xEF\xBB\xBF<p>bom</p>",
        "<meta charset=\"iso-8859-1\"><p>\xE9t\xE9 \xE0 la plage</p>"
    };
    reader_buf_t        out;
    char                cs[32];
    int                 same;
    size_t              i;
    reader_status_e     rc;

    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        memset(&out, 0, sizeof(out));
        same = -1;
        rc = rd_decode((const unsigned char *) in[i], strlen(in[i]), NULL,
                       &out, &same, cs, sizeof(cs));
        ok(rc == READER_OK && same == (i < 3)
           && (same ? out.len == 0 : out.len > 0),
           "same: input %zu (same %d, %zu bytes copied)", i, same, out.len);
        reader_buf_free(&out);
    }
}

int
main(void)
{
    reader_init();

    test_fixtures();
    test_nul_invalid();
    test_labels_and_prescan();
    test_lang_prior();
    test_binary();
    test_hostile();
    test_end_to_end();
    test_utf8_next();
    test_same();

    return done_testing();
}
