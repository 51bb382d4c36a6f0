/*
 * For the renderer tests: a result built from markup by the parse and
 * statistics stages only (no scoring, no cleaning), with every child of
 * <body> as the content, so that the output depends on the renderer alone.
 * Paths are relative to the repository (make unit runs there).
 */
#ifndef READER_RENDER_FIXTURE_H
#define READER_RENDER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "slurp.h"


#define FIXTURE_URL  "https://example.com/dir/page.html"


static inline reader_result_t *
fixture(const char *html, const char *url)
{
    reader_result_t  *r;
    xmlNode          *n;

    r = calloc(1, sizeof(reader_result_t));
    if (r == NULL) {
        abort();
    }

    reader_options_init(&r->opt);
    r->opt.url = url;
    r->base_url = url;
    r->has_base = 1;        /* no pre-scan to say there is no <base> */
    rd_buf_append(&r->markup, html, strlen(html));

    if (rd_parse(r) != READER_OK || rd_stats(r) != READER_OK) {
        r->status = READER_ERROR;
        return r;
    }

    rd_url_base(r);

    for (n = xmlDocGetRootElement(r->doc)->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE
            && strcmp((const char *) n->name, "body") == 0)
        {
            break;
        }
    }

    for (n = n ? n->children : NULL; n; n = n->next) {
        r->content = realloc(r->content,
                             (r->n_content + 1) * sizeof(xmlNode *));
        if (r->content == NULL) {
            abort();
        }
        r->content[r->n_content++] = n;
    }

    r->status = READER_OK;
    return r;
}


/* The sanitized content of a body (malloc'd, NUL-terminated). */
static inline char *
render(const char *body)
{
    reader_result_t  *r = fixture(body, FIXTURE_URL);
    reader_buf_t      out = { 0 };
    char             *s;

    rd_render_content(r, &out);
    s = strdup(out.data ? (const char *) out.data : "");
    reader_buf_free(&out);
    reader_result_free(r);
    return s;
}

/* A file's text (malloc'd, NUL-terminated), or NULL. */
static inline char *
slurp_text(const char *path)
{
    size_t  len;

    return (char *) slurp(path, &len);
}

#endif /* READER_RENDER_FIXTURE_H */
