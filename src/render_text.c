/*
 * The text format: one block per line, a blank line between blocks, <br> a
 * line break inside a block, <pre> verbatim, table cells tab-separated, no
 * list markers, ruby readings left out, a final newline.
 */

#include <string.h>

#include "internal.h"


typedef struct {
    reader_buf_t   *out;
    size_t          max;        /* stop once out holds this much */
    uint64_t       *hash;       /* not NULL: text is hashed, not written */
    unsigned        pre;        /* depth inside <pre> */
    unsigned        pending;    /* what goes before the next character */
    int             line;       /* the current line has text */
} rd_text_t;

enum {
    RD_PEND_NONE = 0,
    RD_PEND_SPACE,
    RD_PEND_TAB,
    RD_PEND_LINE,
    RD_PEND_BLOCK
};


static void
rd_text_pend(rd_text_t *t, unsigned what)
{
    if (t->out->len == 0 && what != RD_PEND_NONE) {
        return;                 /* nothing before the first character */
    }

    if (what == RD_PEND_SPACE && !t->line) {
        return;
    }

    if (what > t->pending) {
        t->pending = what;
    }
}


static void
rd_text_flush(rd_text_t *t)
{
    switch (t->pending) {
    case RD_PEND_SPACE:
        rd_buf_putc(t->out, ' ');
        break;
    case RD_PEND_TAB:
        rd_buf_putc(t->out, '\t');
        break;
    case RD_PEND_LINE:
        rd_buf_putc(t->out, '\n');
        break;
    case RD_PEND_BLOCK:
        rd_buf_append(t->out, "\n\n", 2);
        break;
    }

    t->pending = RD_PEND_NONE;
}


static void
rd_text_chars(rd_text_t *t, const unsigned char *s)
{
    const unsigned char  *p = s, *end = s + strlen((const char *) s), *q;
    uint32_t              cp;

    while (p < end && t->out->len < t->max) {
        q = p;

        if (*p < 0x80 && *p > ' ') {
            /* a run of visible ASCII goes out in one piece, with the
             * single spaces between its words: each would be written as
             * it stands (pending, then flushed before the next word) */
            while (p < end
                   && ((*p < 0x80 && *p > ' ')
                       || (*p == ' ' && p + 1 < end && p[1] < 0x80
                           && p[1] > ' ')))
            {
                p++;
            }

        } else {
            cp = rd_utf8_next(&p, end);

            if (t->pre) {
                if (cp == '\n') {
                    rd_text_pend(t, RD_PEND_LINE);
                    t->line = 0;
                    continue;
                }

            } else if (rd_is_space(cp)) {
                rd_text_pend(t, RD_PEND_SPACE);
                continue;
            }
        }

        if (t->pending) {
            if (t->pending >= RD_PEND_LINE) {
                t->line = 0;
            }
            rd_text_flush(t);
        }

        rd_buf_append(t->out, q, (size_t) (p - q));
        t->line = 1;
    }
}


static void
rd_text_node(rd_text_t *t, const xmlNode *node)
{
    const xmlNode  *c;
    unsigned        flags;

    for (c = node->children; c && t->out->len < t->max; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && t->hash) {
                *t->hash = rd_hash_text(*t->hash, c->content,
                                        strlen((const char *) c->content));
            } else if (c->content) {
                rd_text_chars(t, c->content);
            }
            continue;
        }

        if (c->type != XML_ELEMENT_NODE || rd_node_dropped(c)) {
            continue;
        }

        flags = rd_node_tag_flags(c);

        if (flags & RD_TAG_RUBY_TEXT) {
            continue;
        }

        if (strcmp((const char *) c->name, "br") == 0) {
            rd_text_pend(t, RD_PEND_LINE);
            continue;
        }

        if (flags & RD_TAG_CELL) {
            if (c->prev || t->line) {
                rd_text_pend(t, RD_PEND_TAB);
            }
            rd_text_node(t, c);
            continue;
        }

        if (flags & RD_TAG_BLOCK) {
            rd_text_pend(t, RD_PEND_BLOCK);
        }

        if (flags & RD_TAG_PRE) {
            t->pre++;
            rd_text_node(t, c);
            t->pre--;
        } else {
            rd_text_node(t, c);
        }

        if (flags & RD_TAG_BLOCK) {
            rd_text_pend(t, RD_PEND_BLOCK);
        }
    }
}


void
rd_node_text(const xmlNode *node, reader_buf_t *out)
{
    rd_node_text_head(node, out, SIZE_MAX);
}


void
rd_node_text_head(const xmlNode *node, reader_buf_t *out, size_t max)
{
    rd_text_t  t = { out, max, NULL, 0, RD_PEND_NONE, 0 };

    if (rd_node_tag_flags(node) & RD_TAG_PRE) {
        t.pre = 1;
    }

    rd_text_node(&t, node);
}


uint64_t
rd_node_hash(const xmlNode *node)
{
    reader_buf_t  none = { 0 };
    uint64_t      h = RD_HASH_INIT;
    rd_text_t     t = { &none, SIZE_MAX, &h, 0, RD_PEND_NONE, 0 };

    rd_text_node(&t, node);
    return h;
}


void
rd_render_text(const reader_result_t *r, reader_buf_t *out)
{
    rd_text_t  t = { out, SIZE_MAX, NULL, 0, RD_PEND_NONE, 0 };
    size_t     i;

    for (i = 0; i < r->n_content; i++) {
        const xmlNode  *n = r->content[i];

        rd_text_pend(&t, RD_PEND_BLOCK);

        if (n->type == XML_TEXT_NODE) {
            rd_text_chars(&t, n->content);
            continue;
        }

        t.pre = (rd_node_tag_flags(n) & RD_TAG_PRE) ? 1 : 0;
        rd_text_node(&t, n);
    }

    if (out->len) {
        rd_buf_putc(out, '\n');
    }
}
