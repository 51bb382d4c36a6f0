/*
 * The reader page: templates with {{name}} placeholders, the built-in one,
 * and the Content-Security-Policy that allows exactly a template's style.
 *
 * A template is validated once (compile) and expanded by one scan per
 * page.  The built-in template is a constant, its CSP a constant too
 * (tests/unit/test_template.c checks that it is the hash of its style).
 * The one mutable static is the built-in's compressed constant run
 * (rd_tpl_fixed_t), written once under pthread_once.
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "internal.h"


#define RD_TPL_MAX_SIZE    (1024 * 1024)
#define RD_TPL_MAX_STYLES  8
#define RD_TPL_FIXED_MIN   1024     /* a constant run worth compressing once */
#define RD_TPL_FIXED_KEY   16       /* bytes that locate the run in a page */
#define RD_TPL_ZMAX        (1u << 30)   /* zlib counts in uInt */
#define RD_TPL_BUILTIN_Z   4096         /* the built-in's run compressed:
                                           1.8 KB */

/* The built-in page.  Its style: no web fonts, no images; the measure and
 * font stacks follow the page's lang (CJK, Arabic, Hebrew), logical
 * properties mirror it for RTL; light (a warm paper tone), dark, more
 * contrast, reduced motion and print. */
static const char  rd_page_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"{{lang}}\" dir=\"{{dir}}\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
    "<meta name=\"robots\" content=\"noindex\">\n"
    "<meta name=\"referrer\" content=\"no-referrer\">\n"
    "<meta name=\"color-scheme\" content=\"light dark\">\n"
    "<title>{{title}}</title>\n"
    "<link rel=\"canonical\" href=\"{{url}}\">\n"
    "<style>\n"
    ":root{color-scheme:light dark;--bg:#fbf8f1;--fg:#24211c;--mute:#6a6357;"
    "--link:#1f5c99;--rule:#e2d9c6;--code:#f2ecdf}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#18191b;--fg:#ddd8cf;"
    "--mute:#9b958b;--link:#8db8ee;--rule:#36383c;--code:#232528}}\n"
    "@media (prefers-contrast:more){:root{--bg:#fff;--fg:#000;--mute:#1a1a1a;"
    "--link:#0033b3;--rule:#000;--code:#ececec}a{"
    "text-decoration-thickness:.12em}}\n"
    "@media (prefers-contrast:more) and (prefers-color-scheme:dark){:root{"
    "--bg:#000;--fg:#fff;--mute:#e6e6e6;--link:#9cf;--rule:#fff;"
    "--code:#161616}}\n"
    "*,::before,::after{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);font:clamp(1.125rem,"
    "1rem + .4vw,1.25rem)/1.6 Charter,\"Bitstream Charter\",\"Sitka Text\","
    "Cambria,Georgia,\"Noto Serif\",serif;overflow-wrap:break-word}\n"
    "main{max-width:66ch;margin-inline:auto;padding:2rem 1.25rem 4rem}\n"
    "header{margin-block-end:2rem;padding-block-end:1rem;"
    "border-block-end:1px solid var(--rule)}\n"
    "h1{font-size:1.9em;line-height:1.2;margin-block:0 .6rem;"
    "text-wrap:balance}\n"
    ".byline,.meta,footer{font:.85em/1.5 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;color:var(--mute);"
    "margin-block:.2rem}\n"
    ".meta>*{unicode-bidi:isolate}\n"
    ".meta>:not(:empty)~:not(:empty)::before{content:\"\\00b7\";"
    "margin-inline:.45em;display:inline-block}\n"
    "h1:empty,.byline:empty,.meta>:empty,a[href=\"\"]{display:none}\n"
    "h2,h3,h4,h5,h6{line-height:1.25;margin-block:1.6em .5em}\n"
    "h2{font-size:1.45em}h3{font-size:1.25em}h4{font-size:1.1em}h5,h6{"
    "font-size:1em}\n"
    "p,ul,ol,dl,blockquote,figure,pre,table,details,math{"
    "margin-block:0 1.1em}\n"
    "a{color:var(--link);text-underline-offset:.15em}\n"
    "a:focus-visible{outline:2px solid var(--link);outline-offset:2px}\n"
    "img,video{max-width:100%;height:auto}\n"
    "figure{margin-inline:0}\n"
    "figure img,figure video{display:block;margin-inline:auto}\n"
    "figcaption{font-size:.85em;color:var(--mute);margin-block-start:.4em}\n"
    "blockquote{margin-inline:0;padding-inline-start:1em;"
    "border-inline-start:3px solid var(--rule)}\n"
    "ul,ol{padding-inline-start:1.6em}\n"
    "li+li{margin-block-start:.3em}\n"
    "pre,code,kbd,samp{font-family:ui-monospace,SFMono-Regular,Menlo,"
    "Consolas,\"Liberation Mono\",monospace;font-size:.88em}\n"
    "code{background:var(--code);padding:.1em .25em;border-radius:3px}\n"
    "pre{background:var(--code);padding:.8em 1em;overflow-x:auto;"
    "line-height:1.45;border-radius:4px;white-space:pre}\n"
    "pre code{background:none;padding:0;font-size:1em}\n"
    "table{display:block;max-width:100%;overflow-x:auto;"
    "border-collapse:collapse;font-size:.9em}\n"
    "th,td{border:1px solid var(--rule);padding:.3em .6em;text-align:start;"
    "vertical-align:top}\n"
    "hr{border:0;border-block-start:1px solid var(--rule);margin-block:2em}\n"
    "math{max-width:100%;overflow-x:auto}\n"
    "math[display=block]{display:block}\n"
    "rt{font-size:.6em;line-height:1}\n"
    "summary{cursor:pointer}\n"
    "footer{margin-block-start:3rem;padding-block-start:1rem;"
    "border-block-start:1px solid var(--rule);text-align:start}\n"
    "body:lang(zh),body:lang(ja),body:lang(ko){line-height:1.8;"
    "text-align:justify;text-justify:inter-character;line-break:strict}\n"
    "main:lang(zh),main:lang(ja),main:lang(ko){max-width:36em}\n"
    "body:lang(zh){font-family:\"PingFang SC\",\"Hiragino Sans GB\","
    "\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "sans-serif}\n"
    "body:lang(zh-Hant),body:lang(zh-TW),body:lang(zh-HK),body:lang(zh-MO){"
    "font-family:\"PingFang TC\",\"Microsoft JhengHei\",\"Noto Sans CJK TC\","
    "\"Source Han Sans TC\",sans-serif}\n"
    "body:lang(ja){font-family:\"Hiragino Sans\","
    "\"Hiragino Kaku Gothic ProN\",\"Yu Gothic\",Meiryo,\"Noto Sans CJK JP\","
    "sans-serif}\n"
    "body:lang(ko){font-family:\"Apple SD Gothic Neo\",\"Malgun Gothic\","
    "\"Noto Sans CJK KR\",sans-serif;word-break:keep-all}\n"
    "body:lang(ar),body:lang(fa),body:lang(ur){font-family:\"Geeza Pro\","
    "\"Noto Naskh Arabic\",\"Segoe UI\",Tahoma,sans-serif;line-height:1.8}\n"
    "body:lang(he){font-family:\"Arial Hebrew\",\"Noto Sans Hebrew\","
    "\"Segoe UI\",Arial,sans-serif}\n"
    ":lang(zh) h1,:lang(ja) h1,:lang(ko) h1,:lang(zh) th,:lang(ja) th,"
    ":lang(ko) th{text-align:start}\n"
    "@media (prefers-reduced-motion:reduce){*{animation:none!important;"
    "transition:none!important;scroll-behavior:auto!important}}\n"
    "@media print{:root{--bg:#fff;--fg:#000;--mute:#333;--link:#000;"
    "--rule:#999;--code:#f4f4f4}body{font-size:11pt}main{max-width:none;"
    "padding:0}.meta a{display:none}.content a[href^=\"http\"]::after{"
    "content:\" (\" attr(href) \")\";font-size:.8em;overflow-wrap:anywhere}"
    "figure,img,pre,table,blockquote{break-inside:avoid}h2,h3,h4,h5,h6{"
    "break-after:avoid}}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<main>\n"
    "<article>\n"
    "<header>\n"
    "<h1>{{title}}</h1>\n"
    "<p class=\"byline\">{{byline}}</p>\n"
    "<p class=\"meta\"><span>{{site_name}}</span>"
    "<time datetime=\"{{published}}\">{{date}}</time>"
    "<span>{{reading_time}}</span>"
    "<a href=\"{{url}}\">{{view_original}}</a></p>\n"
    "</header>\n"
    "<div class=\"content\">\n{{content}}</div>\n"
    "<footer><p>{{reader_view_of}} <a href=\"{{url}}\">{{url}}</a></p></footer>\n"
    "</article>\n"
    "</main>\n"
    "</body>\n"
    "</html>\n";

#define RD_CSP_HEAD  "default-src 'none'; img-src http: https: data:; style-src"
#define RD_CSP_TAIL  "; media-src http: https:; base-uri 'none'; "                \
                     "form-action 'none'; frame-ancestors 'self'"

/* The hash of the text of the built-in <style>: after editing the style,
 * take the new value from the failure of tests/unit/test_template.c. */
#define RD_PAGE_CSP  RD_CSP_HEAD                                            \
    " 'sha256-85yBj/vD5il07RA8/dsir62L57FdcyRp22ogk/b2guM='" RD_CSP_TAIL


/*
 * The longest run of template text between placeholders (the built-in's
 * <style>, 4.4 KB), compressed once as raw deflate blocks that end on a
 * byte boundary (a sync flush).  reader_template_gzip() splices these
 * bytes into every page's gzip stream instead of compressing the run again.
 */
typedef struct {
    const char     *text;       /* inside the template's text */
    size_t          len;        /* 0: no run long enough */
    size_t          before;     /* template text before it: its earliest
                                   offset in a page */
    unsigned char  *z;
    size_t          zlen;
} rd_tpl_fixed_t;


struct reader_template_s {
    const char      *text;      /* validated, NUL-terminated */
    size_t           len;
    const char      *csp;
    int              owned;     /* text, csp and fixed.z were allocated */
    rd_tpl_fixed_t   fixed;
};

/* not const: fixed is filled on first use (rd_tpl_builtin_fixed) */
static reader_template_t  rd_page_builtin = {
    rd_page_html, sizeof(rd_page_html) - 1, RD_PAGE_CSP, 0,
    { NULL, 0, 0, NULL, 0 }
};

static pthread_once_t     rd_page_builtin_once = PTHREAD_ONCE_INIT;

static void rd_tpl_fixed(reader_template_t *tpl);


enum {
    RD_TPL_TITLE = 0,
    RD_TPL_BYLINE,
    RD_TPL_PUBLISHED,
    RD_TPL_SITE_NAME,
    RD_TPL_LANG,
    RD_TPL_DIR,
    RD_TPL_URL,
    RD_TPL_READING_MINUTES,
    RD_TPL_DATE,
    RD_TPL_READING_TIME,
    RD_TPL_VIEW_ORIGINAL,
    RD_TPL_READER_VIEW_OF,
    RD_TPL_CONTENT
};

static const char  *rd_tpl_names[] = {
    "title", "byline", "published", "site_name", "lang", "dir", "url",
    "reading_minutes", "date", "reading_time", "view_original",
    "reader_view_of", "content"
};


/* The page's own words, in the article's language. */
typedef struct {
    const char  *lang;              /* primary subtag; "zh-hant": Chinese in
                                       traditional characters */
    const char  *reading_time;      /* a format with one %u: minutes */
    const char  *view_original;
    const char  *reader_view_of;    /* before the original's URL */
} rd_tpl_words_t;

static const rd_tpl_words_t  rd_tpl_words[] = {
    { "en", "%u min read", "View original", "Reader view of" },
    { "zh", "\xe9\x98\x85\xe8\xaf\xbb\xe7\xba\xa6 %u \xe5\x88\x86\xe9\x92\x9f",
      "\xe6\x9f\xa5\xe7\x9c\x8b\xe5\x8e\x9f\xe6\x96\x87",
      "\xe9\x98\x85\xe8\xaf\xbb\xe8\xa7\x86\xe5\x9b\xbe\xef\xbc\x8c"
      "\xe5\x8e\x9f\xe6\x96\x87\xef\xbc\x9a" },
    { "zh-hant", "\xe9\x96\xb1\xe8\xae\x80\xe7\xb4\x84 %u \xe5\x88\x86\xe9\x90\x98",
      "\xe6\xaa\xa2\xe8\xa6\x96\xe5\x8e\x9f\xe6\x96\x87",
      "\xe9\x96\xb1\xe8\xae\x80\xe6\xaa\xa2\xe8\xa6\x96\xef\xbc\x8c"
      "\xe5\x8e\x9f\xe6\x96\x87\xef\xbc\x9a" },
    { "ja", "%u \xe5\x88\x86\xe3\x81\xa7\xe8\xaa\xad\xe3\x82\x81\xe3\x81\xbe\xe3\x81\x99",
      "\xe5\x85\x83\xe3\x81\xae\xe3\x83\x9a\xe3\x83\xbc\xe3\x82\xb8",
      "\xe3\x83\xaa\xe3\x83\xbc\xe3\x83\x80\xe3\x83\xbc\xe8\xa1\xa8\xe7\xa4\xba"
      "\xe3\x83\xbb\xe5\x85\x83\xe3\x81\xae\xe8\xa8\x98\xe4\xba\x8b\xef\xbc\x9a" },
    { "ko", "%u\xeb\xb6\x84 \xeb\xb6\x84\xeb\x9f\x89",
      "\xec\x9b\x90\xeb\xac\xb8 \xeb\xb3\xb4\xea\xb8\xb0",
      "\xec\x9d\xbd\xea\xb8\xb0 \xeb\xaa\xa8\xeb\x93\x9c \xc2\xb7 "
      "\xec\x9b\x90\xeb\xac\xb8:" },
    { "fr", "%u min de lecture", "Voir l\xe2\x80\x99original", "Vue lecture de" },
    { "de", "%u Min. Lesezeit", "Original ansehen", "Leseansicht von" },
    { "es", "%u min de lectura", "Ver el original", "Vista de lectura de" },
    { "ar", "\xd9\x85\xd8\xaf\xd8\xa9 \xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd8\xa7\xd8\xa1\xd8\xa9: %u \xd8\xaf",
      "\xd8\xb9\xd8\xb1\xd8\xb6 \xd8\xa7\xd9\x84\xd8\xb5\xd9\x81\xd8\xad\xd8\xa9 \xd8\xa7\xd9\x84\xd8\xa3\xd8\xb5\xd9\x84\xd9\x8a\xd8\xa9",
      "\xd9\x88\xd8\xb6\xd8\xb9 \xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd8\xa7\xd8\xa1\xd8\xa9 \xc2\xb7 \xd8\xa7\xd9\x84\xd8\xa3\xd8\xb5\xd9\x84:" },
    { "he", "\xd7\x96\xd7\x9e\xd7\x9f \xd7\xa7\xd7\xa8\xd7\x99\xd7\x90\xd7\x94: %u \xd7\x93\xd7\xa7\xd7\xb3",
      "\xd7\x9c\xd7\xa2\xd7\x9e\xd7\x95\xd7\x93 \xd7\x94\xd7\x9e\xd7\xa7\xd7\x95\xd7\xa8\xd7\x99",
      "\xd7\xaa\xd7\xa6\xd7\x95\xd7\x92\xd7\xaa \xd7\xa7\xd7\xa8\xd7\x99\xd7\x90\xd7\x94 \xc2\xb7 \xd7\x94\xd7\x9e\xd7\xa7\xd7\x95\xd7\xa8:" }
};


/*
 * The placeholder at p ("{{ name }}"): its length, with *field set, or 0
 * when the name is unknown or the braces do not close.
 */
static size_t
rd_tpl_placeholder(const char *p, const char *end, unsigned *field)
{
    const char  *q = p + 2, *name;
    size_t       n, i;

    while (q < end && *q == ' ') {
        q++;
    }
    for (name = q; q < end && ((*q >= 'a' && *q <= 'z') || *q == '_'); q++) {
        /* void */
    }
    n = (size_t) (q - name);
    while (q < end && *q == ' ') {
        q++;
    }

    if (end - q < 2 || q[0] != '}' || q[1] != '}') {
        return 0;
    }

    for (i = 0; i < sizeof(rd_tpl_names) / sizeof(rd_tpl_names[0]); i++) {
        if (strlen(rd_tpl_names[i]) == n && memcmp(rd_tpl_names[i], name, n) == 0) {
            *field = (unsigned) i;
            return (size_t) (q + 2 - p);
        }
    }

    return 0;
}


static const char *
rd_find_ci(const char *p, const char *end, const char *s)
{
    size_t  n = strlen(s);

    for ( ; (size_t) (end - p) >= n; p++) {
        if (strncasecmp(p, s, n) == 0) {
            return p;
        }
    }
    return NULL;
}


static void
rd_base64(const unsigned char *in, size_t len, char *out)
{
    static const char  b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t             i;
    unsigned           v;

    for (i = 0; i + 2 < len; i += 3) {
        v = (unsigned) in[i] << 16 | (unsigned) in[i + 1] << 8 | in[i + 2];
        *out++ = b64[v >> 18];
        *out++ = b64[(v >> 12) & 63];
        *out++ = b64[(v >> 6) & 63];
        *out++ = b64[v & 63];
    }

    if (i < len) {
        v = (unsigned) in[i] << 16 | (i + 1 < len ? (unsigned) in[i + 1] << 8 : 0);
        *out++ = b64[v >> 18];
        *out++ = b64[(v >> 12) & 63];
        *out++ = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        *out++ = '=';
    }

    *out = '\0';
}


/* At a <style> start tag: hashes its text into the CSP; returns where its
 * end tag starts, or NULL with *err set. */
static const char *
rd_tpl_style(const char *p, const char *end, reader_buf_t *csp,
    const char **err)
{
    const char     *q, *close;
    unsigned char   digest[32];
    char            b64[48];

    q = memchr(p, '>', (size_t) (end - p));
    close = q ? rd_find_ci(q, end, "</style") : NULL;
    if (close == NULL) {
        *err = "a <style> element is not closed";
        return NULL;
    }

    q++;
    if (rd_find_ci(q, close, "{{")) {
        *err = "a placeholder inside <style> (its hash must not vary)";
        return NULL;
    }

    rd_sha256(q, (size_t) (close - q), digest);
    rd_base64(digest, sizeof(digest), b64);
    rd_buf_puts(csp, " 'sha256-");
    rd_buf_puts(csp, b64);
    rd_buf_putc(csp, '\'');

    return close;
}


static int
rd_at_ci(const char *p, const char *end, const char *s)
{
    size_t  n = strlen(s);

    return (size_t) (end - p) >= n && strncasecmp(p, s, n) == 0;
}


/*
 * Validates a template: known placeholders only, {{content}} present,
 * placeholders in text or quoted attribute values only (never inside
 * <style>), no <script>, no style attribute (the CSP would block it).
 * Hashes each <style> text into the CSP.  Returns NULL or the error.
 */
static const char *
rd_tpl_check(const char *text, size_t len, reader_buf_t *csp)
{
    const char  *p, *end = text + len, *q, *err = NULL;
    unsigned     field, styles = 0;
    size_t       n;
    int          content = 0, in_tag = 0, quote = 0;

    if (len > RD_TPL_MAX_SIZE) {
        return "the template is larger than 1 MiB";
    }
    if (memchr(text, '\0', len)) {
        return "the template contains a NUL byte";
    }

    rd_buf_puts(csp, RD_CSP_HEAD);

    for (p = text; p < end; p++) {
        if (*p == '{' && end - p > 1 && p[1] == '{') {
            n = rd_tpl_placeholder(p, end, &field);
            if (n == 0) {
                return "an unknown or unclosed {{placeholder}}";
            }
            if (in_tag && !quote) {
                return "a placeholder inside a tag but not in a quoted "
                       "attribute value";
            }
            content |= (field == RD_TPL_CONTENT);
            p += n - 1;

        } else if (quote) {
            quote = (*p == quote) ? 0 : quote;

        } else if (in_tag) {
            if (*p == '"' || *p == '\'') {
                quote = *p;

            } else if (*p == '>') {
                in_tag = 0;

            } else if ((*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
                       && rd_at_ci(p + 1, end, "style"))
            {
                for (q = p + 6; q < end && (*q == ' ' || *q == '\t'); q++) {
                    /* void */
                }
                if (q < end && *q == '=') {
                    return "a style attribute (the CSP allows the <style> "
                           "elements only)";
                }
            }

        } else if (*p == '<') {
            if (rd_at_ci(p, end, "<script")) {
                return "the template contains <script>";
            }

            if (rd_at_ci(p, end, "<style") && end - p > 6
                && strchr(" \t\n\r\f/>", p[6]))
            {
                if (++styles > RD_TPL_MAX_STYLES) {
                    return "more than 8 <style> elements";
                }
                p = rd_tpl_style(p, end, csp, &err);
                if (p == NULL) {
                    return err;
                }
            }

            in_tag = end - p > 1 && (((p[1] | 0x20) >= 'a'
                                      && (p[1] | 0x20) <= 'z')
                                     || p[1] == '/' || p[1] == '!');
        }
    }

    if (!content) {
        return "the template has no {{content}}";
    }

    if (styles == 0) {
        rd_buf_puts(csp, " 'none'");
    }
    rd_buf_puts(csp, RD_CSP_TAIL);

    return csp->failed ? "out of memory" : NULL;
}


reader_template_t *
reader_template_compile(const char *text, size_t len, const char **err)
{
    reader_template_t  *tpl;
    reader_buf_t        csp = { 0 };
    char               *copy;

    if (text == NULL) {
        text = rd_page_html;
        len = sizeof(rd_page_html) - 1;
    }

    *err = rd_tpl_check(text, len, &csp);
    if (*err) {
        reader_buf_free(&csp);
        return NULL;
    }

    tpl = malloc(sizeof(reader_template_t));
    copy = malloc(len + 1);
    if (tpl == NULL || copy == NULL) {
        free(tpl);
        free(copy);
        reader_buf_free(&csp);
        *err = "out of memory";
        return NULL;
    }

    memcpy(copy, text, len);
    copy[len] = '\0';

    tpl->text = copy;
    tpl->len = len;
    tpl->csp = (const char *) csp.data;
    tpl->owned = 1;
    memset(&tpl->fixed, 0, sizeof(rd_tpl_fixed_t));
    rd_tpl_fixed(tpl);

    return tpl;
}


const char *
reader_template_csp(const reader_template_t *tpl)
{
    return tpl ? tpl->csp : rd_page_builtin.csp;
}


void
reader_template_free(reader_template_t *tpl)
{
    if (tpl && tpl->owned) {
        free((void *) tpl->text);
        free((void *) tpl->csp);
        free(tpl->fixed.z);
        free(tpl);
    }
}


/*
 * Raw deflate of in into out, ending with flush (Z_SYNC_FLUSH: on a byte
 * boundary, more blocks may follow; Z_FINISH: the last block).  0 when
 * memory runs out.
 */
static int
rd_tpl_deflate(z_stream *zs, const unsigned char *in, size_t len, int flush,
    reader_buf_t *out)
{
    int     rc;
    size_t  room;

    zs->next_in = (Bytef *) in;
    zs->avail_in = (uInt) len;

    do {
        if (!rd_buf_reserve(out, deflateBound(zs, zs->avail_in) + 64)) {
            return 0;
        }

        room = out->cap - out->len - 1;
        room = room < RD_TPL_ZMAX ? room : RD_TPL_ZMAX;
        zs->next_out = out->data + out->len;
        zs->avail_out = (uInt) room;

        rc = deflate(zs, flush);
        out->len += room - zs->avail_out;

        if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) {
            return 0;
        }

    } while (zs->avail_out == 0 || zs->avail_in > 0);

    return flush != Z_FINISH || rc == Z_STREAM_END;
}


/*
 * Window bits and memory level for n bytes: the smallest window that holds
 * them all plus zlib's lookahead (262 bytes), so every match the full
 * 32 KiB window allows is still allowed, and a hash table and symbol
 * buffer of the same scale (memLevel 8, zlib's default, from 32 KiB up):
 * a reader page of 10 KB then needs 128 KiB of deflate state, not 192.
 */
static int
rd_tpl_deflate_init(z_stream *zs, int level, size_t n)
{
    int  bits = 9;

    while (bits < 15 && ((size_t) 1 << bits) < n + 262) {
        bits++;
    }

    memset(zs, 0, sizeof(z_stream));
    return deflateInit2(zs, level, Z_DEFLATED, -bits, bits - 7,
                        Z_DEFAULT_STRATEGY) == Z_OK;
}


/* Finds the template's longest constant run and compresses it once. */
static void
rd_tpl_fixed(reader_template_t *tpl)
{
    const char      *p, *end, *q;
    size_t           n, before = 0;
    unsigned         field;
    z_stream         zs;
    reader_buf_t     z = { 0 };
    rd_tpl_fixed_t  *f = &tpl->fixed;

    p = tpl->text;
    end = p + tpl->len;

    for ( ;; ) {
        q = strstr(p, "{{");
        q = q ? q : end;

        if ((size_t) (q - p) > f->len) {
            f->text = p;
            f->len = (size_t) (q - p);
            f->before = before;
        }
        before += (size_t) (q - p);

        if (q == end) {
            break;
        }

        n = rd_tpl_placeholder(q, end, &field);
        p = q + (n ? n : 2);
        if (n == 0) {
            before += 2;            /* written as is */
        }
    }

    if (f->len < RD_TPL_FIXED_MIN) {
        f->len = 0;
        return;
    }

    if (!rd_tpl_deflate_init(&zs, Z_BEST_COMPRESSION, f->len)) {
        f->len = 0;
        return;
    }

    if (rd_tpl_deflate(&zs, (const unsigned char *) f->text, f->len,
                       Z_SYNC_FLUSH, &z))
    {
        f->z = z.data;
        f->zlen = z.len;

    } else {
        reader_buf_free(&z);
        f->len = 0;
    }

    deflateEnd(&zs);
}


/*
 * The built-in template's run, compressed once per process into static
 * storage: nothing is left on the heap when the process (or nginx, which
 * unloads the module) exits.  A style grown past it is just not spliced.
 */
static void
rd_tpl_builtin_fixed(void)
{
    static unsigned char   z[RD_TPL_BUILTIN_Z];
    rd_tpl_fixed_t        *f = &rd_page_builtin.fixed;

    rd_tpl_fixed(&rd_page_builtin);

    if (f->z && f->zlen <= sizeof(z)) {
        memcpy(z, f->z, f->zlen);
    } else {
        f->len = 0;
    }

    free(f->z);
    f->z = z;
}


/* Where the template's constant run is in the page, or NULL. */
static const unsigned char *
rd_tpl_fixed_at(const rd_tpl_fixed_t *f, const unsigned char *page,
    size_t len)
{
    const unsigned char  *p, *end;

    if (f->len == 0 || len < f->before + f->len) {
        return NULL;
    }

    /* the first place its first bytes appear, and only that one: the
     * search stays linear whatever the page holds */
    end = page + len - f->len;
    for (p = page + f->before; p <= end; p++) {
        p = memchr(p, f->text[0], (size_t) (end - p) + 1);
        if (p == NULL) {
            return NULL;
        }
        if (memcmp(p, f->text, RD_TPL_FIXED_KEY) == 0) {
            return memcmp(p, f->text, f->len) == 0 ? p : NULL;
        }
    }

    return NULL;
}


static void
rd_tpl_put32(reader_buf_t *out, unsigned long v)
{
    unsigned char  b[4];

    b[0] = (unsigned char) v;
    b[1] = (unsigned char) (v >> 8);
    b[2] = (unsigned char) (v >> 16);
    b[3] = (unsigned char) (v >> 24);
    rd_buf_append(out, b, 4);
}


/*
 * One gzip member: the header, raw deflate of the page up to the
 * template's constant run, the run's blocks compressed at compile time,
 * the rest compressed with the run as its dictionary (matches may reach
 * back into it: the decoder has it), then CRC-32 and size.
 */
reader_status_e
reader_template_gzip(const reader_template_t *tpl, const unsigned char *in,
    size_t len, int level, reader_buf_t *out)
{
    int                   ok;
    size_t                start = out->len, head;
    z_stream              zs;
    const unsigned char  *run;
    unsigned char         hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };

    if (len > RD_TPL_ZMAX) {
        return READER_TOO_LARGE;
    }

    if (tpl == NULL) {
        pthread_once(&rd_page_builtin_once, rd_tpl_builtin_fixed);
        tpl = &rd_page_builtin;
    }

    level = level < 1 ? 1 : level > 9 ? 9 : level;
    hdr[8] = level == 9 ? 2 : level == 1 ? 4 : 0;    /* as zlib writes it */

    if (!rd_tpl_deflate_init(&zs, level, len)) {
        return READER_ERROR;
    }

    rd_buf_append(out, hdr, sizeof(hdr));

    run = rd_tpl_fixed_at(&tpl->fixed, in, len);

    if (run == NULL) {
        ok = rd_tpl_deflate(&zs, in, len, Z_FINISH, out);

    } else {
        head = (size_t) (run - in);
        ok = rd_tpl_deflate(&zs, in, head, Z_SYNC_FLUSH, out);
        rd_buf_append(out, tpl->fixed.z, tpl->fixed.zlen);
        ok = ok && deflateSetDictionary(&zs, run, (uInt) tpl->fixed.len)
                   == Z_OK;
        head += tpl->fixed.len;
        ok = ok && rd_tpl_deflate(&zs, in + head, len - head, Z_FINISH, out);
    }

    deflateEnd(&zs);

    rd_tpl_put32(out, crc32_z(crc32(0L, Z_NULL, 0), in, len));
    rd_tpl_put32(out, (unsigned long) len);

    if (!ok || out->failed) {
        out->len = start;
        return READER_ERROR;
    }

    return READER_OK;
}


/* The page's own URL for links back: absolute http(s) only. */
static const char *
rd_page_url(const reader_result_t *r)
{
    const char  *url = r->meta.url ? r->meta.url : r->opt.url;

    if (url && (strncasecmp(url, "http://", 7) == 0
                || strncasecmp(url, "https://", 8) == 0)
        && rd_url_allowed(url, 0))
    {
        return url;
    }
    return "";
}


/*
 * The publication date as a reader would write it: "2025年3月8日" in
 * Chinese and Japanese, "2025년 3월 8일" in Korean, "8 March 2025" in
 * English, the ISO date elsewhere.  The datetime attribute keeps the
 * full ISO 8601 value.
 */
static void
rd_tpl_date(const reader_meta_t *m, char *buf, size_t size)
{
    static const char  *months[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"
    };
    const char         *lang = m->lang ? m->lang : "";
    unsigned            y, mo, d;

    buf[0] = '\0';

    if (m->published == NULL
        || sscanf(m->published, "%4u-%2u-%2u", &y, &mo, &d) != 3
        || mo < 1 || mo > 12 || d < 1 || d > 31)
    {
        if (m->published) {
            snprintf(buf, size, "%.10s", m->published);
        }
        return;
    }

    if (strncmp(lang, "zh", 2) == 0 || strncmp(lang, "ja", 2) == 0) {
        snprintf(buf, size, "%u\xe5\xb9\xb4%u\xe6\x9c\x88%u\xe6\x97\xa5",
                 y, mo, d);

    } else if (strncmp(lang, "ko", 2) == 0) {
        snprintf(buf, size, "%u\xeb\x85\x84 %u\xec\x9b\x94 %u\xec\x9d\xbc",
                 y, mo, d);

    } else if (strncmp(lang, "en", 2) == 0) {
        snprintf(buf, size, "%u %s %u", d, months[mo - 1], y);

    } else {
        snprintf(buf, size, "%04u-%02u-%02u", y, mo, d);
    }
}


/*
 * The words for a page's lang: its primary subtag, Chinese in traditional
 * characters for Hant or a Taiwan, Hong Kong or Macau region; English when
 * the language has no entry.
 */
static const rd_tpl_words_t *
rd_tpl_words_for(const char *lang)
{
    size_t       i, n;
    const char  *sub;
    char         primary[8];

    lang = lang ? lang : "";

    for (n = 0; n < sizeof(primary) - 1 && lang[n] && lang[n] != '-'
                && lang[n] != '_'; n++)
    {
        primary[n] = (char) ((lang[n] >= 'A' && lang[n] <= 'Z')
                             ? lang[n] + 32 : lang[n]);
    }
    primary[n] = '\0';

    if (strcmp(primary, "zh") == 0) {
        for (sub = lang + n; *sub; sub++) {
            if ((*sub == '-' || *sub == '_')
                && (strncasecmp(sub + 1, "hant", 4) == 0
                    || strncasecmp(sub + 1, "tw", 2) == 0
                    || strncasecmp(sub + 1, "hk", 2) == 0
                    || strncasecmp(sub + 1, "mo", 2) == 0))
            {
                strcpy(primary, "zh-hant");
                break;
            }
        }
    }

    for (i = 0; i < sizeof(rd_tpl_words) / sizeof(rd_tpl_words[0]); i++) {
        if (strcmp(primary, rd_tpl_words[i].lang) == 0) {
            return &rd_tpl_words[i];
        }
    }

    return &rd_tpl_words[0];
}


static void
rd_tpl_value(const reader_result_t *r, unsigned field, reader_buf_t *out)
{
    const reader_meta_t  *m = &r->meta;
    const char           *v = NULL;
    char                  num[64];

    switch (field) {
    case RD_TPL_TITLE:
        v = m->title;
        break;
    case RD_TPL_BYLINE:
        v = m->byline;
        break;
    case RD_TPL_PUBLISHED:
        v = m->published;
        break;
    case RD_TPL_SITE_NAME:
        v = m->site_name;
        break;
    case RD_TPL_LANG:
        v = m->lang;
        break;
    case RD_TPL_DIR:
        v = m->dir && strcmp(m->dir, "rtl") == 0 ? "rtl" : "ltr";
        break;
    case RD_TPL_URL:
        v = rd_page_url(r);
        break;
    case RD_TPL_READING_MINUTES:
        snprintf(num, sizeof(num), "%u",
                 m->reading_minutes ? m->reading_minutes : 1);
        v = num;
        break;
    case RD_TPL_DATE:
        rd_tpl_date(m, num, sizeof(num));
        v = num;
        break;
    case RD_TPL_READING_TIME:
        snprintf(num, sizeof(num), rd_tpl_words_for(m->lang)->reading_time,
                 m->reading_minutes ? m->reading_minutes : 1);
        v = num;
        break;
    case RD_TPL_VIEW_ORIGINAL:
        v = rd_tpl_words_for(m->lang)->view_original;
        break;
    case RD_TPL_READER_VIEW_OF:
        v = rd_tpl_words_for(m->lang)->reader_view_of;
        break;
    case RD_TPL_CONTENT:
        rd_render_content(r, out);
        return;
    }

    if (v) {
        rd_html_escape(out, v, strlen(v), 1);
    }
}


void
rd_render_page(const reader_result_t *r, const reader_template_t *tpl,
    reader_buf_t *out)
{
    const char  *p, *end, *q;
    unsigned     field;
    size_t       n;

    if (tpl == NULL) {
        tpl = &rd_page_builtin;
    }

    p = tpl->text;
    end = p + tpl->len;

    while ((q = strstr(p, "{{")) != NULL) {
        rd_buf_append(out, p, (size_t) (q - p));

        n = rd_tpl_placeholder(q, end, &field);
        if (n == 0) {
            rd_buf_append(out, q, 2);   /* not compiled: written as is */
            p = q + 2;
            continue;
        }

        rd_tpl_value(r, field, out);
        p = q + n;
    }

    rd_buf_append(out, p, (size_t) (end - p));
}
