/* The pipeline: bytes in, a result with metadata and the chosen content. */

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>

#include "internal.h"


void
reader_init(void)
{
    xmlInitParser();
}


void
reader_options_init(reader_options_t *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->max_size = READER_DEFAULT_MAX_SIZE;
    opt->max_nodes = READER_DEFAULT_MAX_NODES;
    opt->max_depth = READER_DEFAULT_MAX_DEPTH;
}


static reader_status_e
rd_fail(reader_result_t *r, reader_status_e status, const char *reason)
{
    r->status = status;
    if (r->reason == NULL) {
        r->reason = reason;
    }
    return status;
}


/*
 * The statistics array at its final size, not grown by doubling from 1024
 * (copies, and up to half of it unused): the elements the pre-scan wrote
 * and the few libxml2 adds (html, head, body, an implied p), a 16th more
 * than the corpus ever needed; stats.c grows it if that is short.  The
 * pre-scan refused pages of more than max_nodes elements, which bounds it.
 */
static void
rd_nodes_reserve(reader_result_t *r)
{
    size_t  cap;

    cap = r->n_elements + r->n_elements / 16 + 16;

    r->nodes = malloc(cap * sizeof(rd_node_t));
    r->nodes_cap = r->nodes ? cap : 0;
}


static reader_status_e
rd_run(reader_result_t *r, const unsigned char *data, size_t len)
{
    int              same;
    reader_status_e  rc;

    if (len > r->opt.max_size) {
        return rd_fail(r, READER_TOO_LARGE, "the page is larger than max_size");
    }

    rc = rd_decode(data, len, r->opt.charset, &r->utf8, &same, r->charset,
                   sizeof(r->charset));
    if (rc != READER_OK) {
        return rd_fail(r, rc, "the page cannot be decoded as text");
    }

    r->text = same ? data : r->utf8.data;
    r->text_len = same ? len : r->utf8.len;

    r->meta.charset = r->charset;

    rc = rd_prescan(r);
    reader_buf_free(&r->utf8);      /* the markup holds all that is needed */
    r->text = NULL;
    r->text_len = 0;
    if (rc != READER_OK) {
        return rd_fail(r, rc, "the page is too complex");
    }

    rc = rd_parse(r);
    if (rc != READER_OK) {
        return rd_fail(r, rc, "the page cannot be parsed");
    }

    rd_url_base(r);
    reader_buf_free(&r->markup);    /* the tree holds the page now */
    rd_nodes_reserve(r);

    rc = rd_stats(r);
    if (rc != READER_OK) {
        return rd_fail(r, rc, "the page has too many elements");
    }

    rd_meta_extract(r);

    rd_score(r);
    rd_clean(r);
    r->meta.is_article = rd_judge(r);

    if (r->n_content == 0) {
        return rd_fail(r, READER_NOT_ARTICLE, "no content found");
    }

    rd_meta_finish(r);

    if (!r->meta.is_article && !r->opt.force) {
        return rd_fail(r, READER_NOT_ARTICLE, "the page is not an article");
    }

    return READER_OK;
}


reader_result_t *
reader_extract(const unsigned char *data, size_t len,
    const reader_options_t *opt)
{
    reader_result_t  *r;

    r = calloc(1, sizeof(reader_result_t));
    if (r == NULL) {
        return NULL;
    }

    if (opt) {
        r->opt = *opt;
    } else {
        reader_options_init(&r->opt);
    }

    if (r->opt.max_size == 0) {
        r->opt.max_size = READER_DEFAULT_MAX_SIZE;
    }
    if (r->opt.max_nodes == 0) {
        r->opt.max_nodes = READER_DEFAULT_MAX_NODES;
    }
    if (r->opt.max_depth == 0) {
        r->opt.max_depth = READER_DEFAULT_MAX_DEPTH;
    }

    r->opt.url = rd_arena_strdup(&r->arena, r->opt.url);
    r->opt.charset = rd_arena_strdup(&r->arena, r->opt.charset);
    r->base_url = r->opt.url;

    r->status = rd_run(r, data, len);

    /* the decoded copies, when a stage stopped before freeing them */
    reader_buf_free(&r->utf8);
    reader_buf_free(&r->markup);

    return r;
}


reader_status_e
reader_result_status(const reader_result_t *r)
{
    return r->status;
}


const char *
reader_result_reason(const reader_result_t *r)
{
    return r->status == READER_OK || r->reason == NULL ? "" : r->reason;
}


const reader_meta_t *
reader_result_meta(const reader_result_t *r)
{
    return &r->meta;
}


void
reader_result_shrink(reader_result_t *r)
{
    if (r == NULL) {
        return;
    }

    rd_tree_free(&r->tree, r->doc);
    r->doc = NULL;

    free(r->nodes);
    r->nodes = NULL;
    r->n_nodes = 0;
    r->nodes_cap = 0;

    free(r->content);
    r->content = NULL;
    r->n_content = 0;

    r->shrunk = 1;
}


void
reader_result_free(reader_result_t *r)
{
    if (r == NULL) {
        return;
    }

    reader_result_shrink(r);
    reader_buf_free(&r->utf8);
    reader_buf_free(&r->markup);
    reader_buf_free(&r->jsonld);
    rd_arena_free(&r->arena);
    free(r);
}


const char *
reader_status_word(reader_status_e status)
{
    switch (status) {
    case READER_OK:
        return "applied";
    case READER_NOT_ARTICLE:
        return "not_article";
    case READER_TOO_LARGE:
        return "too_large";
    case READER_UNDECODABLE:
        return "undecodable";
    default:
        return "error";
    }
}


reader_status_e
reader_render(const reader_result_t *r, reader_format_e fmt,
    const reader_template_t *tpl, reader_buf_t *out)
{
    if (r->shrunk) {
        return READER_ERROR;
    }

    switch (fmt) {
    case READER_FORMAT_TEXT:
        rd_render_text(r, out);
        break;
    case READER_FORMAT_JSON:
        rd_render_json(r, out);
        break;
    default:
        rd_render_page(r, tpl, out);
        break;
    }

    return out->failed ? READER_ERROR : READER_OK;
}
