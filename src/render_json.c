/*
 * The json format (DESIGN.md section 2): one object, keys in a fixed
 * order, null for absent values.  Strings are always valid UTF-8: invalid
 * bytes become U+FFFD; controls, U+2028 and U+2029 are escaped.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"


static void
rd_json_str(reader_buf_t *out, const char *s, size_t len)
{
    const unsigned char  *p = (const unsigned char *) s, *end = p + len;
    unsigned char         u[4];
    char                  esc[8];
    uint32_t              cp;

    rd_buf_putc(out, '"');

    while (p < end) {
        cp = rd_utf8_next(&p, end);

        switch (cp) {
        case '"':
            rd_buf_append(out, "\\\"", 2);
            break;
        case '\\':
            rd_buf_append(out, "\\\\", 2);
            break;
        case '\n':
            rd_buf_append(out, "\\n", 2);
            break;
        case '\r':
            rd_buf_append(out, "\\r", 2);
            break;
        case '\t':
            rd_buf_append(out, "\\t", 2);
            break;
        default:
            if (cp < 0x20 || cp == 0x7f || cp == 0x2028 || cp == 0x2029) {
                snprintf(esc, sizeof(esc), "\\u%04x", (unsigned) cp);
                rd_buf_append(out, esc, 6);

            } else {
                /* re-encoded: an invalid sequence becomes U+FFFD */
                rd_buf_append(out, u, rd_utf8_put(cp, u));
            }
        }
    }

    rd_buf_putc(out, '"');
}


static void
rd_json_key(reader_buf_t *out, const char *key, int first)
{
    rd_buf_puts(out, first ? "{\n  \"" : ",\n  \"");
    rd_buf_puts(out, key);
    rd_buf_puts(out, "\": ");
}


static void
rd_json_member(reader_buf_t *out, const char *key, const char *value)
{
    rd_json_key(out, key, 0);

    if (value == NULL) {
        rd_buf_puts(out, "null");
    } else {
        rd_json_str(out, value, strlen(value));
    }
}


/* A rendering (content_html, text) as a JSON string, through a scratch
 * buffer: the renderers write bytes, the escaper needs them whole. */
static void
rd_json_rendered(reader_buf_t *out, const char *key, const reader_result_t *r,
    void (*render)(const reader_result_t *, reader_buf_t *))
{
    reader_buf_t  tmp = { 0 };

    rd_json_key(out, key, 0);

    if (r->status != READER_OK || r->doc == NULL) {
        rd_buf_puts(out, "null");
        return;
    }

    render(r, &tmp);
    if (tmp.failed) {
        out->failed = 1;
    }

    rd_json_str(out, tmp.data ? (const char *) tmp.data : "", tmp.len);
    reader_buf_free(&tmp);
}


void
rd_render_json(const reader_result_t *r, reader_buf_t *out)
{
    const reader_meta_t  *m = &r->meta;
    char                  num[32];
    double                c;
    unsigned              milli;

    rd_json_key(out, "article", 1);
    rd_buf_puts(out, r->status == READER_OK && m->is_article ? "true" : "false");

    rd_json_member(out, "title", m->title);
    rd_json_member(out, "byline", m->byline);
    rd_json_member(out, "published", m->published);
    rd_json_member(out, "site_name", m->site_name);
    rd_json_member(out, "lang", m->lang);
    rd_json_member(out, "dir", m->dir);
    rd_json_member(out, "excerpt", m->excerpt);
    rd_json_member(out, "lead_image", m->lead_image);
    rd_json_member(out, "url", m->url ? m->url : r->opt.url);

    rd_json_key(out, "word_count", 0);
    snprintf(num, sizeof(num), "%zu", m->word_count);
    rd_buf_puts(out, num);

    rd_json_key(out, "reading_minutes", 0);
    snprintf(num, sizeof(num), "%u",
             m->reading_minutes ? m->reading_minutes : 1);
    rd_buf_puts(out, num);

    /* printed by hand: "%f" follows LC_NUMERIC, JSON wants a '.' */
    c = m->confidence;
    c = isfinite(c) ? (c < 0 ? 0 : c > 1 ? 1 : c) : 0;
    milli = (unsigned) lround(c * 1000);
    rd_json_key(out, "confidence", 0);
    snprintf(num, sizeof(num), "%u.%03u", milli / 1000, milli % 1000);
    rd_buf_puts(out, num);

    rd_json_rendered(out, "content_html", r, rd_render_content);
    rd_json_rendered(out, "text", r, rd_render_text);

    rd_buf_puts(out, "\n}\n");
}
