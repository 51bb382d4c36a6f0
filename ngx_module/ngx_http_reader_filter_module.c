/*
 * ngx_http_reader_filter_module: directives, variables and the header
 * filter, which decides whether a response becomes a reader page.
 */

#include "ngx_http_reader_filter_module.h"


/* a template file larger than this is certainly a mistake */
#define NGX_HTTP_READER_TEMPLATE_MAX  (1024 * 1024)


static ngx_int_t ngx_http_reader_header_filter(ngx_http_request_t *r);
static ngx_int_t ngx_http_reader_enabled(ngx_http_request_t *r,
    ngx_http_reader_loc_conf_t *conf);
static ngx_int_t ngx_http_reader_encoding_ok(ngx_http_request_t *r);
static ngx_http_reader_ctx_t *ngx_http_reader_create_ctx(ngx_http_request_t *r);
static void ngx_http_reader_cleanup(void *data);

static ngx_int_t ngx_http_reader_status_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_reader_time_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_reader_cache_status_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);

static char *ngx_http_reader_url(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_reader_template(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static void ngx_http_reader_template_cleanup(void *data);
static void *ngx_http_reader_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_reader_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_reader_add_variables(ngx_conf_t *cf);
static ngx_int_t ngx_http_reader_filter_init(ngx_conf_t *cf);
static ngx_int_t ngx_http_reader_init_module(ngx_cycle_t *cycle);


static ngx_conf_num_bounds_t  ngx_http_reader_gzip_level_bounds = {
    ngx_conf_check_num_bounds, 1, 9
};


static ngx_command_t  ngx_http_reader_filter_commands[] = {

    { ngx_string("reader"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_HTTP_LIF_CONF
                        |NGX_CONF_TAKE1,
      ngx_http_set_complex_value_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_reader_loc_conf_t, enable),
      NULL },

    { ngx_string("reader_types"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_types_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_reader_loc_conf_t, types_keys),
      &ngx_http_html_default_types[0] },

    { ngx_string("reader_max_size"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_size_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_reader_loc_conf_t, max_size),
      NULL },

    { ngx_string("reader_bypass"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_set_predicate_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_reader_loc_conf_t, bypass),
      NULL },

    { ngx_string("reader_gzip"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_reader_loc_conf_t, gzip),
      NULL },

    { ngx_string("reader_gzip_level"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_reader_loc_conf_t, gzip_level),
      &ngx_http_reader_gzip_level_bounds },

    { ngx_string("reader_url"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_reader_url,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("reader_template"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_reader_template,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("reader_cache"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_reader_cache,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("reader_thread_pool"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_reader_thread_pool,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_reader_filter_module_ctx = {
    ngx_http_reader_add_variables,         /* preconfiguration */
    ngx_http_reader_filter_init,           /* postconfiguration */

    NULL,                                  /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_reader_create_loc_conf,       /* create location configuration */
    ngx_http_reader_merge_loc_conf         /* merge location configuration */
};


ngx_module_t  ngx_http_reader_filter_module = {
    NGX_MODULE_V1,
    &ngx_http_reader_filter_module_ctx,    /* module context */
    ngx_http_reader_filter_commands,       /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    ngx_http_reader_init_module,           /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_http_variable_t  ngx_http_reader_vars[] = {

    { ngx_string("reader_status"), NULL, ngx_http_reader_status_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("reader_time"), NULL, ngx_http_reader_time_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("reader_cache_status"), NULL,
      ngx_http_reader_cache_status_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


/* indexed by ngx_http_reader_cache_status_e */
static ngx_str_t  ngx_http_reader_cache_status_words[] = {
    ngx_null_string,
    ngx_string("HIT"),
    ngx_string("MISS"),
    ngx_string("EXPIRED"),
    ngx_string("BYPASS")
};


ngx_http_output_header_filter_pt  ngx_http_reader_next_header_filter;
ngx_http_output_body_filter_pt    ngx_http_reader_next_body_filter;


static ngx_int_t
ngx_http_reader_header_filter(ngx_http_request_t *r)
{
    ngx_int_t                    rc;
    ngx_http_reader_ctx_t       *ctx;
    ngx_http_reader_loc_conf_t  *conf;

    if (r != r->main
        || r->headers_out.status != NGX_HTTP_OK
        || ngx_http_get_module_ctx(r, ngx_http_reader_filter_module))
    {
        return ngx_http_reader_next_header_filter(r);
    }

    conf = ngx_http_get_module_loc_conf(r, ngx_http_reader_filter_module);

    rc = ngx_http_reader_enabled(r, conf);

    if (rc == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (rc == NGX_DECLINED
        || ngx_http_test_content_type(r, &conf->types) == NULL)
    {
        return ngx_http_reader_next_header_filter(r);
    }

    ctx = ngx_http_reader_create_ctx(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    /* from here on the module has looked at the response */

    rc = ngx_http_test_predicates(r, conf->bypass);

    if (rc == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (rc == NGX_DECLINED) {
        ctx->status = "bypass";
        return ngx_http_reader_next_header_filter(r);
    }

    if (r->headers_out.content_length_n == 0) {
        return ngx_http_reader_next_header_filter(r);
    }

    if (r->headers_out.content_length_n > (off_t) conf->max_size) {
        ctx->status = "too_large";
        return ngx_http_reader_next_header_filter(r);
    }

    if (ngx_http_reader_encoding_ok(r) != NGX_OK) {
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "reader: cannot undo \"Content-Encoding: %V\", "
                      "passing the response through",
                      &r->headers_out.content_encoding->value);
        ctx->status = "encoded";
        return ngx_http_reader_next_header_filter(r);
    }

    if (ngx_http_reader_page_url(r, ctx, conf) != NGX_OK
        || ngx_http_reader_validator(r, ctx, conf) != NGX_OK)
    {
        return NGX_ERROR;
    }

    ctx->gzip = ngx_http_reader_accepts_gzip(r, conf);

    if (ngx_http_reader_not_modified(r, ctx)) {
        ctx->status = "not_modified";

        if (ngx_http_reader_set_not_modified(r, ctx) != NGX_OK) {
            return NGX_ERROR;
        }

        return ngx_http_reader_next_header_filter(r);
    }

    if (r->method == NGX_HTTP_HEAD && r->upstream) {

        /*
         * a proxied HEAD brings no body to transform: announce the reader
         * page without a length, as the gzip filter does
         */

        ctx->status = "applied";

        if (ngx_http_reader_set_headers(r, ctx, conf, -1, ctx->gzip)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        return ngx_http_reader_next_header_filter(r);
    }

    /* the page is one piece, whatever its origin: no ranges of it */

    r->allow_ranges = 0;

    ctx->charset = ngx_http_reader_charset(r);

    if (conf->cache) {
        rc = ngx_http_reader_cache_lookup(r, ctx, conf);

        if (rc == NGX_ERROR) {
            return NGX_ERROR;
        }

        if (rc == NGX_OK) {

            if (ctx->hit.data == NULL) {
                /* a cached verdict: the original goes out as on a miss */
                return ngx_http_reader_next_header_filter(r);
            }

            /* the page goes out with the first body buffer, as image does */

            ctx->phase = NGX_HTTP_READER_HIT;
            return NGX_OK;
        }
    }

    /* delay the header until the body is known, as xslt and image do */

    ctx->phase = NGX_HTTP_READER_COLLECT;

    r->main_filter_need_in_memory = 1;

    return NGX_OK;
}


/* "reader" is on when its value is non-empty and not "0" or "off" */

static ngx_int_t
ngx_http_reader_enabled(ngx_http_request_t *r,
    ngx_http_reader_loc_conf_t *conf)
{
    ngx_str_t  val;

    if (conf->enable == NULL) {
        return NGX_DECLINED;
    }

    if (ngx_http_complex_value(r, conf->enable, &val) != NGX_OK) {
        return NGX_ERROR;
    }

    if (val.len == 0
        || (val.len == 1 && val.data[0] == '0')
        || (val.len == 3 && ngx_strncasecmp(val.data, (u_char *) "off", 3)
                            == 0))
    {
        return NGX_DECLINED;
    }

    return NGX_OK;
}


/* identity, gzip and deflate are undone by the module; anything else not */

static ngx_int_t
ngx_http_reader_encoding_ok(ngx_http_request_t *r)
{
    ngx_table_elt_t  *ce;

    ce = r->headers_out.content_encoding;

    if (ce == NULL
        || ce->value.len == 0
        || ngx_http_reader_inflated_encoding(r)
        || (ce->value.len == 8
            && ngx_strncasecmp(ce->value.data, (u_char *) "identity", 8)
               == 0))
    {
        return NGX_OK;
    }

    return NGX_DECLINED;
}


ngx_uint_t
ngx_http_reader_inflated_encoding(ngx_http_request_t *r)
{
    ngx_str_t  *v;

    if (r->headers_out.content_encoding == NULL) {
        return 0;
    }

    v = &r->headers_out.content_encoding->value;

    return (v->len == 4 && ngx_strncasecmp(v->data, (u_char *) "gzip", 4) == 0)
           || (v->len == 6
               && ngx_strncasecmp(v->data, (u_char *) "x-gzip", 6) == 0)
           || (v->len == 7
               && ngx_strncasecmp(v->data, (u_char *) "deflate", 7) == 0);
}


static ngx_http_reader_ctx_t *
ngx_http_reader_create_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t     *cln;
    ngx_http_reader_ctx_t  *ctx;

    ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_reader_ctx_t));
    if (ctx == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     ctx->data = NULL;
     *     ctx->job = { 0 };
     *     ctx->charset = NULL;
     *     ctx->canonical = { 0, NULL };
     *     ctx->status = NULL;
     *     ctx->cache_key = { 0, NULL };
     *     ctx->hit = { 0, NULL };
     *     ctx->cache_status = NGX_HTTP_READER_CACHE_NONE;
     *     ctx->timed = 0;
     */

    ctx->phase = NGX_HTTP_READER_PASS;

    /* engine memory is malloc()ed: freed with the request, on every path */

    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (cln == NULL) {
        return NULL;
    }

    cln->handler = ngx_http_reader_cleanup;
    cln->data = ctx;

    ngx_http_set_ctx(r, ctx, ngx_http_reader_filter_module);

    return ctx;
}


static void
ngx_http_reader_cleanup(void *data)
{
    ngx_http_reader_ctx_t  *ctx = data;

    reader_result_free(ctx->job.result);
    ctx->job.result = NULL;

    reader_buf_free(&ctx->job.inflated);
    reader_buf_free(&ctx->job.page);
    reader_buf_free(&ctx->job.gzipped);
}


static ngx_int_t
ngx_http_reader_status_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_reader_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_reader_filter_module);

    if (ctx == NULL || ctx->status == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
    v->data = (u_char *) ctx->status;
    v->len = ngx_strlen(ctx->status);

    return NGX_OK;
}


static ngx_int_t
ngx_http_reader_time_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                 *p;
    ngx_http_reader_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_reader_filter_module);

    if (ctx == NULL || !ctx->timed) {
        v->not_found = 1;
        return NGX_OK;
    }

    p = ngx_pnalloc(r->pool, NGX_INT_T_LEN + 4);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
    v->data = p;
    v->len = ngx_sprintf(p, "%ui.%03ui", ctx->usec / 1000, ctx->usec % 1000)
             - p;

    return NGX_OK;
}


static ngx_int_t
ngx_http_reader_cache_status_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_reader_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_reader_filter_module);

    if (ctx == NULL || ctx->cache_status == NGX_HTTP_READER_CACHE_NONE) {
        v->not_found = 1;
        return NGX_OK;
    }

    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
    v->data = ngx_http_reader_cache_status_words[ctx->cache_status].data;
    v->len = ngx_http_reader_cache_status_words[ctx->cache_status].len;

    return NGX_OK;
}


/*
 * reader_url: the page URL, with variables.  A value without variables is
 * checked here, so that a typo fails the configuration rather than warning
 * on every request; an empty one means the request's URL.
 */

static char *
ngx_http_reader_url(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_reader_loc_conf_t *rlcf = conf;

    ngx_str_t                         *value;
    ngx_http_compile_complex_value_t   ccv;

    if (rlcf->url != NULL) {
        return "is duplicate";
    }

    value = cf->args->elts;

    rlcf->url = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
    if (rlcf->url == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));

    ccv.cf = cf;
    ccv.value = &value[1];
    ccv.complex_value = rlcf->url;

    if (ngx_http_compile_complex_value(&ccv) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (rlcf->url->lengths == NULL
        && value[1].len
        && !ngx_http_reader_http_url(&value[1]))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "reader_url \"%V\" is not an absolute http or "
                           "https URL", &value[1]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/* reader_template file: compiled once, when the configuration is read */

static char *
ngx_http_reader_template(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_reader_loc_conf_t *rlcf = conf;

    u_char                  *text, hash[16];
    off_t                    size;
    ssize_t                  n;
    ngx_fd_t                 fd;
    ngx_md5_t                md5;
    ngx_str_t               *value, name;
    const char              *err;
    ngx_file_info_t          fi;
    reader_template_t       *tpl;
    ngx_pool_cleanup_t      *cln;
    ngx_http_reader_page_t  *page;

    if (rlcf->page != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;
    name = value[1];

    if (ngx_conf_full_name(cf->cycle, &name, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    fd = ngx_open_file(name.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_open_file_n " \"%s\" failed", name.data);
        return NGX_CONF_ERROR;
    }

    text = NULL;
    n = -1;
    size = 0;

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_fd_info_n " \"%s\" failed", name.data);

    } else {
        size = ngx_file_size(&fi);

        if (size > NGX_HTTP_READER_TEMPLATE_MAX) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "reader_template \"%s\" is larger than %d bytes",
                               name.data, NGX_HTTP_READER_TEMPLATE_MAX);

        } else {
            text = ngx_pnalloc(cf->temp_pool, (size_t) size + 1);

            if (text) {
                n = ngx_read_fd(fd, text, (size_t) size);

                if (n != (ssize_t) size) {
                    ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                                       ngx_read_fd_n " \"%s\" failed",
                                       name.data);
                    n = -1;
                }
            }
        }
    }

    if (ngx_close_file(fd) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_ALERT, cf, ngx_errno,
                           ngx_close_file_n " \"%s\" failed", name.data);
    }

    if (n < 0) {
        return NGX_CONF_ERROR;
    }

    text[n] = '\0';
    err = NULL;

    tpl = reader_template_compile((const char *) text, (size_t) n, &err);

    if (tpl == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "reader_template \"%s\": %s", name.data,
                           err ? err : "invalid template");
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        reader_template_free(tpl);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_reader_template_cleanup;
    cln->data = tpl;

    page = ngx_palloc(cf->pool, sizeof(ngx_http_reader_page_t));
    if (page == NULL) {
        return NGX_CONF_ERROR;
    }

    page->digest.data = ngx_pnalloc(cf->pool, 32);
    if (page->digest.data == NULL) {
        return NGX_CONF_ERROR;
    }

    /* the digest versions the reader validator: a new template, a new ETag */

    ngx_md5_init(&md5);
    ngx_md5_update(&md5, text, (size_t) n);
    ngx_md5_final(hash, &md5);

    page->digest.len = ngx_hex_dump(page->digest.data, hash, 16)
                       - page->digest.data;
    page->tpl = tpl;

    rlcf->page = page;

    return NGX_CONF_OK;
}


static void
ngx_http_reader_template_cleanup(void *data)
{
    reader_template_free(data);
}


static void *
ngx_http_reader_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_reader_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_reader_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->enable = NULL;
     *     conf->url = NULL;
     *     conf->types = { NULL };
     *     conf->types_keys = NULL;
     */

    conf->bypass = NGX_CONF_UNSET_PTR;
    conf->max_size = NGX_CONF_UNSET_SIZE;
    conf->gzip = NGX_CONF_UNSET;
    conf->gzip_level = NGX_CONF_UNSET;
    conf->page = NGX_CONF_UNSET_PTR;
    conf->cache = NGX_CONF_UNSET_PTR;
    conf->cache_max_entry = NGX_CONF_UNSET_SIZE;
    conf->thread_pool = NGX_CONF_UNSET_PTR;

    return conf;
}


static char *
ngx_http_reader_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_reader_loc_conf_t *prev = parent;
    ngx_http_reader_loc_conf_t *conf = child;

    if (conf->enable == NULL) {
        conf->enable = prev->enable;
    }

    if (conf->url == NULL) {
        conf->url = prev->url;
    }

    ngx_conf_merge_ptr_value(conf->bypass, prev->bypass, NULL);

    if (ngx_http_merge_types(cf, &conf->types_keys, &conf->types,
                             &prev->types_keys, &prev->types,
                             ngx_http_html_default_types)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    ngx_conf_merge_size_value(conf->max_size, prev->max_size,
                              READER_DEFAULT_MAX_SIZE);
    ngx_conf_merge_value(conf->gzip, prev->gzip, 1);
    ngx_conf_merge_value(conf->gzip_level, prev->gzip_level, 6);
    ngx_conf_merge_ptr_value(conf->page, prev->page, NULL);
    ngx_conf_merge_ptr_value(conf->thread_pool, prev->thread_pool, NULL);

    /* zone and max_entry are set together by one directive */

    if (conf->cache == NGX_CONF_UNSET_PTR) {
        conf->cache = (prev->cache == NGX_CONF_UNSET_PTR) ? NULL : prev->cache;
        conf->cache_max_entry = prev->cache_max_entry;
    }

    if (conf->cache) {
        ngx_http_reader_cache_version(conf);
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_reader_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_reader_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_reader_filter_init(ngx_conf_t *cf)
{
    ngx_http_reader_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_reader_header_filter;

    ngx_http_reader_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_reader_body_filter;

    return NGX_OK;
}


/* libxml2 is initialised in the master, before the workers are forked */

static ngx_int_t
ngx_http_reader_init_module(ngx_cycle_t *cycle)
{
    reader_init();

    return NGX_OK;
}
