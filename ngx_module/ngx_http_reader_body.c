/*
 * ngx_http_reader_filter_module: the body filter.  It collects the body into
 * one buffer bounded by reader_max_size, runs the engine on the last buffer,
 * and sends either the reader page or, failing open, the original bytes.
 */

#include "ngx_http_reader_filter_module.h"


/* the first allocation when the length is unknown; it doubles from there */
#define NGX_HTTP_READER_CHUNK  16384


static ngx_int_t ngx_http_reader_append(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf,
    ngx_buf_t *b);
static void ngx_http_reader_consume(ngx_chain_t *in);
static void ngx_http_reader_consume_buf(ngx_buf_t *b);
static ngx_int_t ngx_http_reader_finish(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
static ngx_int_t ngx_http_reader_run(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
static char *ngx_http_reader_charset(ngx_http_request_t *r);
static ngx_int_t ngx_http_reader_fail_open(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_chain_t *rest);
static ngx_int_t ngx_http_reader_send(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, u_char *data, size_t len, ngx_chain_t *rest);
static ngx_uint_t ngx_http_reader_usec(struct timeval *start);


ngx_int_t
ngx_http_reader_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_buf_t                   *b;
    ngx_chain_t                 *cl;
    ngx_http_reader_ctx_t       *ctx;
    ngx_http_reader_loc_conf_t  *conf;

    ctx = ngx_http_get_module_ctx(r, ngx_http_reader_filter_module);

    if (in == NULL || ctx == NULL || ctx->phase == NGX_HTTP_READER_PASS) {
        return ngx_http_reader_next_body_filter(r, in);
    }

    if (ctx->phase == NGX_HTTP_READER_DISCARD) {
        ngx_http_reader_consume(in);
        return NGX_OK;
    }

    conf = ngx_http_get_module_loc_conf(r, ngx_http_reader_filter_module);

    for (cl = in; cl; cl = cl->next) {
        b = cl->buf;

        if (ngx_buf_size(b) && !ngx_buf_in_memory(b)) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "reader: a body buffer is not in memory, "
                          "passing the response through");
            ctx->status = "error";
            return ngx_http_reader_fail_open(r, ctx, cl);
        }

        if ((size_t) (b->last - b->pos) > conf->max_size - ctx->len) {
            ctx->status = "too_large";
            return ngx_http_reader_fail_open(r, ctx, cl);
        }

        if (ngx_http_reader_append(r, ctx, conf, b) != NGX_OK) {
            return NGX_ERROR;
        }

        if (b->last_buf) {
            r->connection->buffered &= ~NGX_HTTP_READER_BUFFERED;
            return ngx_http_reader_finish(r, ctx, conf);
        }
    }

    r->connection->buffered |= NGX_HTTP_READER_BUFFERED;

    return NGX_OK;
}


/* copies b into the collection buffer and marks b as sent */

static ngx_int_t
ngx_http_reader_append(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf, ngx_buf_t *b)
{
    u_char  *data;
    size_t   n, size;

    n = b->last - b->pos;

    if (n > ctx->size - ctx->len) {

        if (ctx->size) {
            size = ctx->size;

        } else if (r->headers_out.content_length_n > 0) {
            size = (size_t) r->headers_out.content_length_n;

        } else {
            size = NGX_HTTP_READER_CHUNK;
        }

        /* the caller checked ctx->len + n <= max_size */

        while (size < ctx->len + n) {
            size = (size > conf->max_size / 2) ? conf->max_size : size * 2;
        }

        data = ngx_palloc(r->pool, size);
        if (data == NULL) {
            return NGX_ERROR;
        }

        if (ctx->data) {
            ngx_memcpy(data, ctx->data, ctx->len);
            ngx_pfree(r->pool, ctx->data);
        }

        ctx->data = data;
        ctx->size = size;
    }

    if (n) {
        ngx_memcpy(ctx->data + ctx->len, b->pos, n);
        ctx->len += n;
    }

    ngx_http_reader_consume_buf(b);

    return NGX_OK;
}


static void
ngx_http_reader_consume(ngx_chain_t *in)
{
    for ( /* void */ ; in; in = in->next) {
        ngx_http_reader_consume_buf(in->buf);
    }
}


static void
ngx_http_reader_consume_buf(ngx_buf_t *b)
{
    b->pos = b->last;

    if (b->in_file) {
        b->file_pos = b->file_last;
    }
}


static ngx_int_t
ngx_http_reader_finish(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf)
{
    ngx_int_t      rc;
    reader_buf_t  *out;

    rc = ngx_http_reader_run(r, ctx, conf);

    if (rc == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (rc == NGX_DECLINED) {
        return ngx_http_reader_fail_open(r, ctx, NULL);
    }

    out = ctx->gzipped.len ? &ctx->gzipped : &ctx->page;

    if (ngx_http_reader_set_headers(r, ctx, conf, (off_t) out->len,
                                    out == &ctx->gzipped)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_reader_send(r, ctx, out->data, out->len, NULL);
}


/*
 * Inflate, extract, render, compress.  NGX_OK: the page is in ctx->page
 * (and ctx->gzipped); NGX_DECLINED: fail open, ctx->status says why.
 */

static ngx_int_t
ngx_http_reader_run(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf)
{
    size_t             len;
    ngx_uint_t         level;
    const u_char      *data;
    struct timeval     start;
    reader_status_e    st;
    reader_options_t   opt;
    reader_template_t *tpl;

    ngx_gettimeofday(&start);

    data = ctx->data ? ctx->data : (u_char *) "";
    len = ctx->len;

    if (ngx_http_reader_inflated_encoding(r)) {
        st = reader_inflate(data, len, conf->max_size, &ctx->inflated);

        if (st != READER_OK || ctx->inflated.failed) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "reader: cannot inflate \"Content-Encoding: %V\" "
                          "response (%s), passing it through",
                          &r->headers_out.content_encoding->value,
                          st == READER_TOO_LARGE
                          ? "larger than reader_max_size when inflated"
                          : "truncated or corrupt");
            ctx->status = "inflate_failed";
            goto declined;
        }

        data = ctx->inflated.data ? ctx->inflated.data : (u_char *) "";
        len = ctx->inflated.len;
    }

    reader_options_init(&opt);
    opt.max_size = conf->max_size;
    opt.url = ctx->url.len ? (const char *) ctx->url.data : NULL;
    opt.charset = ngx_http_reader_charset(r);

    ctx->result = reader_extract(data, len, &opt);

    if (ctx->result == NULL) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "reader: out of memory in the engine");
        ctx->status = "error";
        goto declined;
    }

    st = reader_result_status(ctx->result);

    if (st != READER_OK) {
        ctx->status = reader_status_word(st);
        level = (st == READER_ERROR) ? NGX_LOG_ERR : NGX_LOG_INFO;

        ngx_log_error(level, r->connection->log, 0, "reader: %s: %s",
                      ctx->status, reader_result_reason(ctx->result));
        goto declined;
    }

    tpl = conf->page ? conf->page->tpl : NULL;

    if (reader_render(ctx->result, READER_FORMAT_HTML, tpl, &ctx->page)
        != READER_OK
        || ctx->page.failed)
    {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "reader: rendering the page failed");
        ctx->status = "error";
        goto declined;
    }

    if (ngx_http_reader_accepts_gzip(r, conf)
        && (reader_gzip(ctx->page.data, ctx->page.len, (int) conf->gzip_level,
                        &ctx->gzipped)
            != READER_OK
            || ctx->gzipped.failed))
    {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "reader: gzip failed, sending the page uncompressed");
        reader_buf_free(&ctx->gzipped);
    }

    ctx->status = reader_status_word(READER_OK);
    ctx->usec = ngx_http_reader_usec(&start);
    ctx->timed = 1;

    return NGX_OK;

declined:

    ctx->usec = ngx_http_reader_usec(&start);
    ctx->timed = 1;

    return NGX_DECLINED;
}


/* the charset the response declared: a Content-Type parameter */

static char *
ngx_http_reader_charset(ngx_http_request_t *r)
{
    u_char     *p, *last, *cs;
    ngx_str_t   v;

    v = r->headers_out.charset;

    if (v.len == 0) {

        /* a type set verbatim, e.g. by default_type, keeps its parameter */

        p = r->headers_out.content_type.data;
        last = p + r->headers_out.content_type.len;

        for ( /* void */ ; p && p < last; p++) {
            if (*p == ';'
                && (size_t) (last - p) > sizeof("charset=") - 1)
            {
                while (p + 1 < last && (p[1] == ' ' || p[1] == '\t')) {
                    p++;
                }

                if ((size_t) (last - p - 1) >= sizeof("charset=") - 1
                    && ngx_strncasecmp(p + 1, (u_char *) "charset=",
                                       sizeof("charset=") - 1)
                       == 0)
                {
                    v.data = p + sizeof("charset=");
                    v.len = last - v.data;
                    break;
                }
            }
        }
    }

    while (v.len && (v.data[0] == '"' || v.data[v.len - 1] == '"')) {
        if (v.data[0] == '"') {
            v.data++;
            v.len--;

        } else {
            v.len--;
        }
    }

    if (v.len == 0) {
        return NULL;
    }

    cs = ngx_pnalloc(r->pool, v.len + 1);
    if (cs == NULL) {
        return NULL;
    }

    *ngx_cpymem(cs, v.data, v.len) = '\0';

    return (char *) cs;
}


/* the original header and bytes, as received; rest is what is not copied */

static ngx_int_t
ngx_http_reader_fail_open(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_chain_t *rest)
{
    r->connection->buffered &= ~NGX_HTTP_READER_BUFFERED;

    return ngx_http_reader_send(r, ctx, ctx->data, ctx->len, rest);
}


/*
 * Sends the header, then data (the last buffer unless rest follows it).
 * After a header-only reply the rest of the body is dropped, not sent.
 */

static ngx_int_t
ngx_http_reader_send(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    u_char *data, size_t len, ngx_chain_t *rest)
{
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t  *out;

    ctx->phase = rest ? NGX_HTTP_READER_PASS : NGX_HTTP_READER_DISCARD;

    rc = ngx_http_reader_next_header_filter(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        ctx->phase = NGX_HTTP_READER_DISCARD;
        ngx_http_reader_consume(rest);
        return rc;
    }

    if (len == 0 && rest) {
        return ngx_http_reader_next_body_filter(r, rest);
    }

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_ERROR;
    }

    if (len) {
        b->pos = data;
        b->last = data + len;
        b->memory = 1;
    }

    b->last_buf = (rest == NULL);

    out = ngx_alloc_chain_link(r->pool);
    if (out == NULL) {
        return NGX_ERROR;
    }

    out->buf = b;
    out->next = rest;

    return ngx_http_reader_next_body_filter(r, out);
}


static ngx_uint_t
ngx_http_reader_usec(struct timeval *start)
{
    struct timeval  now;

    ngx_gettimeofday(&now);

    if (now.tv_sec < start->tv_sec
        || (now.tv_sec == start->tv_sec && now.tv_usec < start->tv_usec))
    {
        return 0;
    }

    return (ngx_uint_t) (now.tv_sec - start->tv_sec) * 1000000
           + now.tv_usec - start->tv_usec;
}
