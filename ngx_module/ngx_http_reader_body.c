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
static ngx_int_t ngx_http_reader_start(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
static ngx_int_t ngx_http_reader_finish(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
static void ngx_http_reader_job_fail(ngx_http_reader_job_t *job,
    const char *status, ngx_uint_t level, const char *reason);
static void ngx_http_reader_canonical(ngx_http_reader_ctx_t *ctx);
static ngx_int_t ngx_http_reader_send_page(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf,
    u_char *data, size_t len, ngx_uint_t gzip);
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

    if (ctx == NULL || ctx->phase == NGX_HTTP_READER_PASS) {
        return ngx_http_reader_next_body_filter(r, in);
    }

    conf = ngx_http_get_module_loc_conf(r, ngx_http_reader_filter_module);

    switch (ctx->phase) {

    case NGX_HTTP_READER_RUNNING:

        /* nothing follows the last buffer; the writer just polls */

        ngx_http_reader_consume(in);
        return NGX_OK;

    case NGX_HTTP_READER_DONE:
        ngx_http_reader_consume(in);
        return ngx_http_reader_finish(r, ctx, conf);

    default:
        break;
    }

    if (in == NULL) {
        return ngx_http_reader_next_body_filter(r, in);
    }

    if (ctx->phase == NGX_HTTP_READER_DISCARD) {
        ngx_http_reader_consume(in);
        return NGX_OK;
    }

    if (ctx->phase == NGX_HTTP_READER_HIT) {
        ngx_http_reader_consume(in);
        return ngx_http_reader_send_page(r, ctx, conf, ctx->hit.data,
                                         ctx->hit.len, ctx->hit_gzip);
    }

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
            return ngx_http_reader_start(r, ctx, conf);
        }
    }

    /*
     * Not marked buffered while collecting (as the xslt filter): when the
     * upstream fails before the last buffer, the request must end at once,
     * not wait for output until send_timeout.
     */
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


/*
 * The body is complete: run the job here, or in the thread pool (the
 * request then waits, buffered, until the job is back).
 */

static ngx_int_t
ngx_http_reader_start(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf)
{
#if (NGX_THREADS)
    ngx_int_t               rc;
#endif
    ngx_http_reader_job_t  *job;

    job = &ctx->job;

    job->data = ctx->data ? ctx->data : (u_char *) "";
    job->len = ctx->len;
    job->max_size = conf->max_size;
    job->url = ctx->url.len ? (const char *) ctx->url.data : NULL;
    job->charset = ctx->charset;
    job->tpl = conf->page ? conf->page->tpl : NULL;
    job->inflate = ngx_http_reader_inflated_encoding(r) ? 1 : 0;

    /* the cache keeps the gzip page even when this client cannot take it */

    if (conf->gzip && (ctx->gzip || ctx->cache_key.len)) {
        job->gzip_level = (int) conf->gzip_level;
    }

#if (NGX_THREADS)

    if (conf->thread_pool) {
        rc = ngx_http_reader_thread_post(r, ctx, conf);

        if (rc == NGX_ERROR) {
            return NGX_ERROR;
        }

        if (rc == NGX_OK) {
            ctx->phase = NGX_HTTP_READER_RUNNING;
            r->connection->buffered |= NGX_HTTP_READER_BUFFERED;
            return NGX_OK;
        }

        /* NGX_DECLINED: the queue is full; the worker does it */
    }

#endif

    ngx_http_reader_job_run(job);

    return ngx_http_reader_finish(r, ctx, conf);
}


/* the job is done: log what it says, keep the result, send the page */

static ngx_int_t
ngx_http_reader_finish(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf)
{
    ngx_uint_t              gzip;
    reader_buf_t           *out;
    ngx_http_reader_job_t  *job;

    job = &ctx->job;

    r->connection->buffered &= ~NGX_HTTP_READER_BUFFERED;

    ctx->status = job->status;
    ctx->usec = job->usec;
    ctx->timed = 1;

    if (job->reason) {
        ngx_log_error(job->level, r->connection->log, 0,
                      "reader: %s: %s%s", job->status, job->reason,
                      job->rc == READER_OK ? "" : ", passing it through");
    }

    if (job->gzip_failed) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "reader: gzip failed, sending the page uncompressed");
    }

    if (job->rc == READER_OK) {
        ngx_http_reader_canonical(ctx);
    }

    if (ctx->cache_key.len) {
        ngx_http_reader_cache_store(r, ctx, conf);
    }

    if (job->rc != READER_OK) {
        return ngx_http_reader_fail_open(r, ctx, NULL);
    }

    gzip = ctx->gzip && job->gzipped.len;
    out = gzip ? &job->gzipped : &job->page;

    return ngx_http_reader_send_page(r, ctx, conf, out->data, out->len, gzip);
}


/*
 * Inflate, extract, render, compress, with no access to the request or its
 * pool.  job->rc READER_OK: the page is in job->page (and job->gzipped);
 * otherwise job->status says why the response is to be passed through.
 */

void
ngx_http_reader_job_run(ngx_http_reader_job_t *job)
{
    size_t             len;
    const u_char      *data;
    struct timeval     start;
    reader_status_e    st;
    reader_options_t   opt;

    ngx_gettimeofday(&start);

    data = job->data;
    len = job->len;

    if (job->inflate) {
        st = reader_inflate(data, len, job->max_size, &job->inflated);

        if (st != READER_OK || job->inflated.failed) {
            ngx_http_reader_job_fail(job, "inflate_failed", NGX_LOG_ERR,
                                     st == READER_TOO_LARGE
                                     ? "the body is larger than "
                                       "reader_max_size when inflated"
                                     : "the compressed body is truncated "
                                       "or corrupt");
            goto done;
        }

        data = job->inflated.data ? job->inflated.data : (u_char *) "";
        len = job->inflated.len;
    }

    reader_options_init(&opt);
    opt.max_size = job->max_size;
    opt.url = job->url;
    opt.charset = job->charset;

    job->result = reader_extract(data, len, &opt);

    if (job->result == NULL) {
        ngx_http_reader_job_fail(job, "error", NGX_LOG_ERR,
                                 "out of memory in the engine");
        goto done;
    }

    st = reader_result_status(job->result);

    if (st != READER_OK) {
        ngx_http_reader_job_fail(job, reader_status_word(st),
                                 st == READER_ERROR ? NGX_LOG_ERR
                                                    : NGX_LOG_INFO,
                                 reader_result_reason(job->result));
        job->rc = st;
        goto done;
    }

    if (reader_render(job->result, READER_FORMAT_HTML, job->tpl, &job->page)
        != READER_OK
        || job->page.failed)
    {
        ngx_http_reader_job_fail(job, "error", NGX_LOG_ERR,
                                 "rendering the page failed");
        goto done;
    }

    /* the tree is not needed past the render: not held while the page is
     * compressed and sent (the metadata stays for the headers) */
    reader_result_shrink(job->result);

    if (job->gzip_level
        && (reader_template_gzip(job->tpl, job->page.data, job->page.len,
                                 job->gzip_level, &job->gzipped)
            != READER_OK
            || job->gzipped.failed))
    {
        job->gzip_failed = 1;
        reader_buf_free(&job->gzipped);
    }

    job->rc = READER_OK;
    job->status = reader_status_word(READER_OK);

done:

    job->usec = ngx_http_reader_usec(&start);
}


/* READER_ERROR unless the caller names the engine's own status */

static void
ngx_http_reader_job_fail(ngx_http_reader_job_t *job, const char *status,
    ngx_uint_t level, const char *reason)
{
    job->rc = READER_ERROR;
    job->status = status;
    job->level = level;
    job->reason = reason;
}


/* the Link target: the page's canonical URL when it is http(s) */

static void
ngx_http_reader_canonical(ngx_http_reader_ctx_t *ctx)
{
    const char           *url;
    const reader_meta_t  *meta;

    meta = reader_result_meta(ctx->job.result);
    url = meta->url;

    if (url
        && (ngx_strncasecmp((u_char *) url, (u_char *) "http://", 7) == 0
            || ngx_strncasecmp((u_char *) url, (u_char *) "https://", 8) == 0))
    {
        ctx->canonical.data = (u_char *) url;
        ctx->canonical.len = ngx_strlen(url);
    }
}


/* the charset the response declared: a Content-Type parameter */

char *
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


/* the reader page: its headers, then the bytes */

static ngx_int_t
ngx_http_reader_send_page(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf, u_char *data, size_t len,
    ngx_uint_t gzip)
{
    if (ngx_http_reader_set_headers(r, ctx, conf, (off_t) len, gzip)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_reader_send(r, ctx, data, len, NULL);
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
