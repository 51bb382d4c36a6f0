/*
 * ngx_http_reader_filter_module: the reader page's headers, its validator
 * and the conditional requests answered against that validator.
 */

#include "ngx_http_reader_filter_module.h"


static ngx_uint_t ngx_http_reader_etag_listed(ngx_str_t *list,
    ngx_str_t *etag);
static ngx_int_t ngx_http_reader_set_validators(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx);
static ngx_uint_t ngx_http_reader_headers(ngx_http_request_t *r,
    ngx_str_t *key, ngx_uint_t clear, ngx_str_t *token);
static ngx_int_t ngx_http_reader_link(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_str_t *link);
static uintptr_t ngx_http_reader_escape_unsafe(u_char *dst, u_char *src,
    size_t size);
static ngx_int_t ngx_http_reader_configured_url(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
static ngx_uint_t ngx_http_reader_valid_host(ngx_str_t *host);
static ngx_int_t ngx_http_reader_replace_header(ngx_http_request_t *r,
    ngx_str_t *key, ngx_str_t *value, ngx_table_elt_t **elt);
static ngx_table_elt_t *ngx_http_reader_push_header(ngx_http_request_t *r,
    ngx_str_t *key, ngx_str_t *value);


static ngx_str_t  ngx_http_reader_content_type = ngx_string("text/html");
static ngx_str_t  ngx_http_reader_utf8 = ngx_string("utf-8");

static ngx_str_t  ngx_http_reader_etag_key = ngx_string("ETag");
static ngx_str_t  ngx_http_reader_ce_key = ngx_string("Content-Encoding");
static ngx_str_t  ngx_http_reader_gzip = ngx_string("gzip");
static ngx_str_t  ngx_http_reader_vary_key = ngx_string("Vary");
static ngx_str_t  ngx_http_reader_vary = ngx_string("Accept-Encoding");
static ngx_str_t  ngx_http_reader_vary_lc = ngx_string("accept-encoding");
static ngx_str_t  ngx_http_reader_csp_key =
    ngx_string("Content-Security-Policy");
static ngx_str_t  ngx_http_reader_link_key = ngx_string("Link");


/* the fixed headers of every reader page */

static ngx_keyval_t  ngx_http_reader_fixed_headers[] = {
    { ngx_string("X-Content-Type-Options"), ngx_string("nosniff") },
    { ngx_string("Referrer-Policy"), ngx_string("no-referrer") },
    { ngx_string("X-Robots-Tag"), ngx_string("noindex") },
    { ngx_null_string, ngx_null_string }
};


/*
 * The page URL the engine resolves from (and the cache keys on): reader_url
 * when it gives an absolute http(s) URL, else scheme://host/uri of the
 * request.
 */

ngx_int_t
ngx_http_reader_page_url(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf)
{
    u_char                    *p;
    size_t                     len;
    ngx_int_t                  rc;
    ngx_str_t                  scheme, host;
    ngx_http_core_srv_conf_t  *cscf;

    rc = ngx_http_reader_configured_url(r, ctx, conf);

    if (rc != NGX_DECLINED) {
        return rc;
    }

    ngx_str_set(&scheme, "http://");

#if (NGX_HTTP_SSL)
    if (r->connection->ssl) {
        ngx_str_set(&scheme, "https://");
    }
#endif

    /* the Host header keeps the port; a strange one is not trusted */

    if (r->headers_in.host
        && ngx_http_reader_valid_host(&r->headers_in.host->value))
    {
        host = r->headers_in.host->value;

    } else {
        cscf = ngx_http_get_module_srv_conf(r, ngx_http_core_module);
        host = cscf->server_name;
    }

    if (host.len == 0 || !ngx_http_reader_valid_host(&host)) {
        ngx_str_null(&ctx->url);
        return NGX_OK;
    }

    len = scheme.len + host.len + r->uri.len
          + 2 * ngx_escape_uri(NULL, r->uri.data, r->uri.len, NGX_ESCAPE_URI)
          + 1;

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ctx->url.data = p;

    p = ngx_cpymem(p, scheme.data, scheme.len);
    p = ngx_cpymem(p, host.data, host.len);
    p = (u_char *) ngx_escape_uri(p, r->uri.data, r->uri.len, NGX_ESCAPE_URI);
    *p = '\0';

    ctx->url.len = p - ctx->url.data;

    return NGX_OK;
}


/*
 * reader_url, evaluated: NGX_DECLINED when it is unset, empty or not an
 * absolute http(s) URL (with a warning).  Bytes that cannot appear in a
 * URL ($uri is decoded) are percent-encoded, as a browser would.
 */

static ngx_int_t
ngx_http_reader_configured_url(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf)
{
    u_char     *p;
    ngx_str_t   value;

    if (conf->url == NULL) {
        return NGX_DECLINED;
    }

    if (ngx_http_complex_value(r, conf->url, &value) != NGX_OK) {
        return NGX_ERROR;
    }

    if (value.len == 0) {
        return NGX_DECLINED;
    }

    p = ngx_pnalloc(r->pool, value.len + 1
                    + 2 * ngx_http_reader_escape_unsafe(NULL, value.data,
                                                        value.len));
    if (p == NULL) {
        return NGX_ERROR;
    }

    ctx->url.data = p;

    p = (u_char *) ngx_http_reader_escape_unsafe(p, value.data, value.len);
    *p = '\0';

    ctx->url.len = p - ctx->url.data;

    if (ngx_http_reader_http_url(&ctx->url)) {
        return NGX_OK;
    }

    ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                  "reader: reader_url \"%V\" is not an absolute http or "
                  "https URL, using the request's", &ctx->url);

    ngx_str_null(&ctx->url);

    return NGX_DECLINED;
}


/*
 * "http://" or "https://" (any case) and a host: the characters the Host
 * header may have here, starting with a letter, a digit or '['.
 */

ngx_uint_t
ngx_http_reader_http_url(ngx_str_t *url)
{
    u_char     *p, *last, c;
    ngx_str_t   host;

    p = url->data;
    last = p + url->len;

    if (last - p > 7 && ngx_strncasecmp(p, (u_char *) "http://", 7) == 0) {
        p += 7;

    } else if (last - p > 8
               && ngx_strncasecmp(p, (u_char *) "https://", 8) == 0)
    {
        p += 8;

    } else {
        return 0;
    }

    host.data = p;

    while (p < last && *p != '/' && *p != '?' && *p != '#') {
        p++;
    }

    host.len = p - host.data;

    if (host.len == 0) {
        return 0;
    }

    c = ngx_tolower(host.data[0]);

    return ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '[')
           && ngx_http_reader_valid_host(&host);
}


static ngx_uint_t
ngx_http_reader_valid_host(ngx_str_t *host)
{
    u_char  *p, *last;

    for (p = host->data, last = p + host->len; p < last; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
              || (*p >= '0' && *p <= '9')
              || *p == '.' || *p == '-' || *p == '_' || *p == ':'
              || *p == '[' || *p == ']'))
        {
            return 0;
        }
    }

    return 1;
}


/*
 * W/"md5(source validator, READER_VERSION, template digest, page URL)":
 * the source's ETag when it has one, else its Last-Modified time and
 * length.  The page URL is in because the links and canonical name of the
 * reader page depend on it (reader_url).  Empty when the source has no
 * validator at all.
 */

ngx_int_t
ngx_http_reader_validator(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf)
{
    u_char     *p, hash[16], buf[NGX_TIME_T_LEN + NGX_OFF_T_LEN + 2];
    ngx_str_t   src;
    ngx_md5_t   md5;

    if (r->headers_out.etag) {
        src = r->headers_out.etag->value;

    } else if (r->headers_out.last_modified_time != -1) {
        src.data = buf;
        src.len = ngx_sprintf(buf, "%xT-%xO",
                              r->headers_out.last_modified_time,
                              r->headers_out.content_length_n)
                  - buf;

    } else {
        ngx_str_null(&ctx->etag);
        return NGX_OK;
    }

    ngx_md5_init(&md5);
    ngx_md5_update(&md5, src.data, src.len);
    ngx_md5_update(&md5, "\n" READER_VERSION "\n",
                   sizeof("\n" READER_VERSION "\n") - 1);

    if (conf->page) {
        ngx_md5_update(&md5, conf->page->digest.data, conf->page->digest.len);
    }

    if (ctx->url.len) {
        ngx_md5_update(&md5, "\n", 1);
        ngx_md5_update(&md5, ctx->url.data, ctx->url.len);
    }

    ngx_md5_final(hash, &md5);

    p = ngx_pnalloc(r->pool, sizeof("W/\"\"") - 1 + 2 * sizeof(hash));
    if (p == NULL) {
        return NGX_ERROR;
    }

    ctx->etag.data = p;

    p = ngx_cpymem(p, "W/\"", 3);
    p = ngx_hex_dump(p, hash, sizeof(hash));
    *p++ = '"';

    ctx->etag.len = p - ctx->etag.data;

    return NGX_OK;
}


/*
 * If-None-Match (weak comparison) or, without it, If-Modified-Since with
 * the if_modified_since semantics of ngx_http_not_modified_filter_module.
 */

ngx_int_t
ngx_http_reader_not_modified(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx)
{
    time_t                     ims, lm;
    ngx_http_core_loc_conf_t  *clcf;

    if (r->headers_in.if_none_match) {
        return ctx->etag.len
               && ngx_http_reader_etag_listed(
                      &r->headers_in.if_none_match->value, &ctx->etag);
    }

    lm = r->headers_out.last_modified_time;

    if (r->headers_in.if_modified_since == NULL || lm == -1) {
        return 0;
    }

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);

    if (clcf->if_modified_since == NGX_HTTP_IMS_OFF) {
        return 0;
    }

    ims = ngx_parse_http_time(r->headers_in.if_modified_since->value.data,
                              r->headers_in.if_modified_since->value.len);

    if (ims == lm) {
        return 1;
    }

    return clcf->if_modified_since == NGX_HTTP_IMS_BEFORE && ims > lm;
}


/* whether list ("*" or entity-tags) names etag, ignoring W/ prefixes */

static ngx_uint_t
ngx_http_reader_etag_listed(ngx_str_t *list, ngx_str_t *etag)
{
    u_char     *p, *last, *start;
    ngx_str_t   opaque;

    opaque = *etag;

    if (opaque.len > 2 && opaque.data[0] == 'W' && opaque.data[1] == '/') {
        opaque.data += 2;
        opaque.len -= 2;
    }

    p = list->data;
    last = p + list->len;

    if (list->len == 1 && *p == '*') {
        return 1;
    }

    while (p < last) {

        if (*p == ' ' || *p == '\t' || *p == ',') {
            p++;
            continue;
        }

        if (last - p > 2 && p[0] == 'W' && p[1] == '/') {
            p += 2;
        }

        start = p;

        if (*p == '"') {
            for (p++; p < last && *p != '"'; p++) { /* void */ }

            if (p < last) {
                p++;
            }
        }

        while (p < last && *p != ',') {
            p++;
        }

        while (p > start && (p[-1] == ' ' || p[-1] == '\t')) {
            p--;
        }

        if ((size_t) (p - start) == opaque.len
            && ngx_strncmp(start, opaque.data, opaque.len) == 0)
        {
            return 1;
        }

        while (p < last && *p != ',') {
            p++;
        }
    }

    return 0;
}


/* the headers of a reader page; length -1 when it is not known */

ngx_int_t
ngx_http_reader_set_headers(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf,
    off_t length, ngx_uint_t gzip)
{
    ngx_str_t          csp, link, none;
    ngx_keyval_t      *kv;
    ngx_table_elt_t  **elt;

    r->headers_out.content_type_len = ngx_http_reader_content_type.len;
    r->headers_out.content_type = ngx_http_reader_content_type;
    r->headers_out.content_type_lowcase = NULL;
    r->headers_out.charset = ngx_http_reader_utf8;

    ngx_http_clear_content_length(r);
    ngx_http_clear_accept_ranges(r);

    r->headers_out.content_length_n = length;

    ngx_str_null(&none);

    if (ngx_http_reader_replace_header(r, &ngx_http_reader_ce_key,
                                       gzip ? &ngx_http_reader_gzip : &none,
                                       &r->headers_out.content_encoding)
        != NGX_OK
        || ngx_http_reader_set_validators(r, ctx) != NGX_OK)
    {
        return NGX_ERROR;
    }

    /* replace what the source said: it was about the original page */

    csp.data = (u_char *) reader_template_csp(conf->page ? conf->page->tpl
                                                         : NULL);
    csp.len = ngx_strlen(csp.data);

    if (ngx_http_reader_replace_header(r, &ngx_http_reader_csp_key, &csp,
                                       NULL)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    for (kv = ngx_http_reader_fixed_headers; kv->key.len; kv++) {
        if (ngx_http_reader_replace_header(r, &kv->key, &kv->value, NULL)
            != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    if (ngx_http_reader_link(r, ctx, &link) != NGX_OK) {
        return NGX_ERROR;
    }

#if (nginx_version >= 1023000)
    elt = &r->headers_out.link;     /* $sent_http_link follows it */
#else
    elt = NULL;
#endif

    return ngx_http_reader_replace_header(r, &ngx_http_reader_link_key, &link,
                                          elt);
}


/* a 304 for the reader page, as ngx_http_not_modified_filter_module does */

ngx_int_t
ngx_http_reader_set_not_modified(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx)
{
    ngx_str_t  none;

    r->headers_out.status = NGX_HTTP_NOT_MODIFIED;
    r->headers_out.status_line.len = 0;
    r->headers_out.content_type.len = 0;

    ngx_http_clear_content_length(r);
    ngx_http_clear_accept_ranges(r);

    ngx_str_null(&none);

    if (ngx_http_reader_replace_header(r, &ngx_http_reader_ce_key, &none,
                                       &r->headers_out.content_encoding)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    return ngx_http_reader_set_validators(r, ctx);
}


/* ETag (Last-Modified stays the source's) and Vary: Accept-Encoding */

static ngx_int_t
ngx_http_reader_set_validators(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx)
{
#if (NGX_HTTP_GZIP)
    ngx_http_core_loc_conf_t  *clcf;
#endif

    if (ngx_http_reader_replace_header(r, &ngx_http_reader_etag_key,
                                       &ctx->etag, &r->headers_out.etag)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    /* an upstream that compresses may have said it already */

    if (ngx_http_reader_headers(r, &ngx_http_reader_vary_key, 0,
                                &ngx_http_reader_vary_lc))
    {
        return NGX_OK;
    }

#if (NGX_HTTP_GZIP)

    /* with gzip_vary on the header filter adds it: do not add it twice */

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_core_module);

    if (clcf->gzip_vary) {
        r->gzip_vary = 1;
        return NGX_OK;
    }

#endif

    if (ngx_http_reader_push_header(r, &ngx_http_reader_vary_key,
                                    &ngx_http_reader_vary)
        == NULL)
    {
        return NGX_ERROR;
    }

    return NGX_OK;
}


/*
 * Link: <url>; rel="canonical": the URL the page declares as canonical
 * when it is http(s) (ctx->canonical), else the request's own.  Bytes that
 * cannot appear inside <...> are percent-encoded.
 */

static ngx_int_t
ngx_http_reader_link(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_str_t *link)
{
    u_char     *p;
    size_t      len;
    ngx_str_t   url;

    url = ctx->canonical.len ? ctx->canonical : ctx->url;

    if (url.len == 0) {
        ngx_str_null(link);
        return NGX_OK;
    }

    len = sizeof("<>; rel=\"canonical\"") - 1 + url.len
          + 2 * ngx_http_reader_escape_unsafe(NULL, url.data, url.len);

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    link->data = p;
    *p++ = '<';

    p = (u_char *) ngx_http_reader_escape_unsafe(p, url.data, url.len);

    p = ngx_cpymem(p, ">; rel=\"canonical\"",
                   sizeof(">; rel=\"canonical\"") - 1);

    link->len = p - link->data;

    return NGX_OK;
}


/*
 * Percent-encodes control bytes, space, non-ASCII bytes, '<', '>' and '"':
 * what cannot appear in a URL nor inside <...>; '%' is kept, so an escaped
 * URL stays as it is.  As ngx_escape_uri(): with dst NULL, the number of
 * bytes to encode; else the end of the copy.
 */

static uintptr_t
ngx_http_reader_escape_unsafe(u_char *dst, u_char *src, size_t size)
{
    u_char      c;
    ngx_uint_t  n;

    static u_char  hex[] = "0123456789ABCDEF";

    n = 0;

    while (size--) {
        c = *src++;

        if (c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"') {
            if (dst) {
                *dst++ = '%';
                *dst++ = hex[c >> 4];
                *dst++ = hex[c & 0xf];
            }

            n++;

        } else if (dst) {
            *dst++ = c;
        }
    }

    return dst ? (uintptr_t) dst : (uintptr_t) n;
}


ngx_uint_t
ngx_http_reader_accepts_gzip(ngx_http_request_t *r,
    ngx_http_reader_loc_conf_t *conf)
{
    if (!conf->gzip) {
        return 0;
    }

#if (NGX_HTTP_GZIP)

    /* Accept-Encoding with q-values, gzip_http_version, gzip_proxied... */

    if (r->gzip_tested) {
        return r->gzip_ok;
    }

    return ngx_http_gzip_ok(r) == NGX_OK;

#else

    return 0;

#endif
}


/*
 * Walks the response headers named key: with clear, hides them (header
 * filters skip hash == 0); with a lower-case token, tells whether one of
 * them contains it.
 */

static ngx_uint_t
ngx_http_reader_headers(ngx_http_request_t *r, ngx_str_t *key,
    ngx_uint_t clear, ngx_str_t *token)
{
    ngx_uint_t        i, found;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    found = 0;

    part = &r->headers_out.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].hash == 0
            || h[i].key.len != key->len
            || ngx_strncasecmp(h[i].key.data, key->data, key->len) != 0)
        {
            continue;
        }

        if (clear) {
            h[i].hash = 0;
        }

        if (token
            && ngx_strlcasestrn(h[i].value.data,
                                h[i].value.data + h[i].value.len,
                                token->data, token->len - 1)
               != NULL)
        {
            found = 1;
        }
    }

    return found;
}


/*
 * Hides the headers named key, then adds "key: value" unless value is
 * empty; *elt (the headers_out pointer for key, if any) follows.
 */

static ngx_int_t
ngx_http_reader_replace_header(ngx_http_request_t *r, ngx_str_t *key,
    ngx_str_t *value, ngx_table_elt_t **elt)
{
    ngx_table_elt_t  *h;

    (void) ngx_http_reader_headers(r, key, 1, NULL);

    h = NULL;

    if (value->len) {
        h = ngx_http_reader_push_header(r, key, value);
        if (h == NULL) {
            return NGX_ERROR;
        }
    }

    if (elt) {
        *elt = h;
    }

    return NGX_OK;
}


static ngx_table_elt_t *
ngx_http_reader_push_header(ngx_http_request_t *r, ngx_str_t *key,
    ngx_str_t *value)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NULL;
    }

    h->hash = 1;
    h->key = *key;
    h->value = *value;
    h->lowcase_key = NULL;

#if (nginx_version >= 1023000)
    h->next = NULL;
#endif

    return h;
}
