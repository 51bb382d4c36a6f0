/*
 * ngx_http_reader_filter_module: reader_cache, a shared-memory LRU of
 * finished reader pages (slab + rbtree + queue, as limit_req and the SSL
 * session cache keep theirs).
 *
 * An entry is found by what the page is made from and how: the engine
 * options (cache_version), the page URL, the file path of a static file
 * and the charset the header declared.  It holds the reader validator of
 * the source it was made from, so a source that changed is told apart
 * (EXPIRED) and its entry replaced.  It holds the page as sent to a gzip
 * client (identity with reader_gzip off) and the canonical URL of the Link
 * header, or only the engine's verdict for a page that is passed through.
 */

#include "ngx_http_reader_filter_module.h"


#define NGX_HTTP_READER_CACHE_MAX_ENTRY  (1024 * 1024)


typedef struct {
    ngx_str_node_t               sn;          /* sn.str: the key bytes */
    ngx_queue_t                  queue;       /* most recently used first */
    size_t                       size;        /* of this allocation */
    size_t                       etag_len;
    size_t                       canonical_len;
    size_t                       body_len;
    size_t                       page_len;    /* identity length */
    reader_status_e              rc;          /* READER_OK: a page */
    unsigned                     gzip:1;
    u_char                       data[1];     /* key, etag, canonical, body */
} ngx_http_reader_cache_node_t;


typedef struct {
    ngx_rbtree_t                 rbtree;
    ngx_rbtree_node_t            sentinel;
    ngx_queue_t                  queue;
} ngx_http_reader_cache_sh_t;


typedef struct {
    ngx_http_reader_cache_sh_t  *sh;
    ngx_slab_pool_t             *shpool;
} ngx_http_reader_cache_t;


static ngx_int_t ngx_http_reader_cache_init_zone(ngx_shm_zone_t *shm_zone,
    void *data);
static ngx_uint_t ngx_http_reader_cache_private(ngx_http_request_t *r);
static ngx_uint_t ngx_http_reader_cache_vary_other(ngx_str_t *value);
static ngx_int_t ngx_http_reader_cache_key(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
static ngx_http_reader_cache_node_t *ngx_http_reader_cache_find(
    ngx_http_reader_cache_t *cache, ngx_str_t *key);
static ngx_int_t ngx_http_reader_cache_copy(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_cache_node_t *node);
static ngx_http_reader_cache_node_t *ngx_http_reader_cache_alloc(
    ngx_http_reader_cache_t *cache, size_t size);
static void ngx_http_reader_cache_delete(ngx_http_reader_cache_t *cache,
    ngx_http_reader_cache_node_t *node);
static size_t ngx_http_reader_cache_footprint(size_t size);
static u_char *ngx_http_reader_cache_cpymem(u_char *dst, const void *src,
    size_t n);


static ngx_str_t  ngx_http_reader_cache_set_cookie = ngx_string("Set-Cookie");
static ngx_str_t  ngx_http_reader_cache_control = ngx_string("Cache-Control");
static ngx_str_t  ngx_http_reader_cache_vary = ngx_string("Vary");


/*
 * reader_cache zone=NAME[:SIZE] [max_entry=SIZE] | off: the zone is
 * declared where a size is given and may be named elsewhere without one.
 */

char *
ngx_http_reader_cache(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_reader_loc_conf_t *rlcf = conf;

    u_char                   *p;
    size_t                    max_entry;
    ssize_t                   size, n;
    ngx_str_t                *value, name, s;
    ngx_uint_t                i;
    ngx_shm_zone_t           *shm_zone;
    ngx_http_reader_cache_t  *cache;

    if (rlcf->cache != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {

        if (cf->args->nelts != 2) {
            return "takes no parameters with \"off\"";
        }

        rlcf->cache = NULL;
        return NGX_CONF_OK;
    }

    ngx_str_null(&name);
    size = 0;
    max_entry = NGX_HTTP_READER_CACHE_MAX_ENTRY;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "zone=", 5) == 0) {

            name.data = value[i].data + 5;
            p = (u_char *) ngx_strchr(name.data, ':');

            if (p == NULL) {
                name.len = value[i].len - 5;
                continue;
            }

            name.len = p - name.data;

            s.data = p + 1;
            s.len = value[i].data + value[i].len - s.data;

            size = ngx_parse_size(&s);

            if (size == NGX_ERROR) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid zone size \"%V\"", &value[i]);
                return NGX_CONF_ERROR;
            }

            if (size < (ssize_t) (8 * ngx_pagesize)) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "zone \"%V\" is too small", &value[i]);
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "max_entry=", 10) == 0) {

            s.data = value[i].data + 10;
            s.len = value[i].len - 10;

            n = ngx_parse_size(&s);

            if (n == NGX_ERROR || n == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid max_entry \"%V\"", &value[i]);
                return NGX_CONF_ERROR;
            }

            max_entry = (size_t) n;
            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\"", &value[i]);
        return NGX_CONF_ERROR;
    }

    if (name.len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" must have \"zone\" parameter",
                           &cmd->name);
        return NGX_CONF_ERROR;
    }

    shm_zone = ngx_shared_memory_add(cf, &name, size,
                                     &ngx_http_reader_filter_module);
    if (shm_zone == NULL) {
        return NGX_CONF_ERROR;
    }

    if (shm_zone->data == NULL) {
        cache = ngx_pcalloc(cf->pool, sizeof(ngx_http_reader_cache_t));
        if (cache == NULL) {
            return NGX_CONF_ERROR;
        }

        shm_zone->init = ngx_http_reader_cache_init_zone;
        shm_zone->data = cache;
    }

    rlcf->cache = shm_zone;
    rlcf->cache_max_entry = max_entry;

    return NGX_CONF_OK;
}


/* what the engine does with a page, besides the page: part of every key */

void
ngx_http_reader_cache_version(ngx_http_reader_loc_conf_t *conf)
{
    u_char     buf[3 * NGX_INT_T_LEN + 3], *p;
    ngx_md5_t  md5;

    p = ngx_sprintf(buf, "%i %i %uz", conf->gzip, conf->gzip_level,
                    conf->max_size);

    ngx_md5_init(&md5);
    ngx_md5_update(&md5, READER_VERSION "\n", sizeof(READER_VERSION "\n") - 1);

    if (conf->page) {
        ngx_md5_update(&md5, conf->page->digest.data, conf->page->digest.len);
    }

    ngx_md5_update(&md5, buf, p - buf);
    ngx_md5_final(conf->cache_version, &md5);
}


/* a reload with the same zone name and size keeps the entries */

static ngx_int_t
ngx_http_reader_cache_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_reader_cache_t  *ocache = data;

    size_t                    len;
    ngx_http_reader_cache_t  *cache;

    cache = shm_zone->data;

    if (ocache) {
        cache->sh = ocache->sh;
        cache->shpool = ocache->shpool;

        return NGX_OK;
    }

    cache->shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        cache->sh = cache->shpool->data;

        return NGX_OK;
    }

    cache->sh = ngx_slab_alloc(cache->shpool,
                               sizeof(ngx_http_reader_cache_sh_t));
    if (cache->sh == NULL) {
        return NGX_ERROR;
    }

    cache->shpool->data = cache->sh;

    ngx_rbtree_init(&cache->sh->rbtree, &cache->sh->sentinel,
                    ngx_str_rbtree_insert_value);

    ngx_queue_init(&cache->sh->queue);

    len = sizeof(" in reader_cache zone \"\"") + shm_zone->shm.name.len;

    cache->shpool->log_ctx = ngx_slab_alloc(cache->shpool, len);
    if (cache->shpool->log_ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_sprintf(cache->shpool->log_ctx, " in reader_cache zone \"%V\"%Z",
                &shm_zone->shm.name);

    /* a full zone is normal: it evicts, and says so itself when it cannot */

    cache->shpool->log_nomem = 0;

    return NGX_OK;
}


/*
 * NGX_OK: a hit, in ctx->hit (a page) or, with ctx->hit.data NULL, the
 * engine's verdict in ctx->status.  NGX_DECLINED: run the engine; when
 * ctx->cache_key is set, its result is to be stored.
 */

ngx_int_t
ngx_http_reader_cache_lookup(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf)
{
    size_t                         page_len;
    ngx_int_t                      rc;
    reader_status_e                st;
    ngx_http_reader_cache_t       *cache;
    ngx_http_reader_cache_node_t  *node;

    cache = conf->cache->data;

    if (ctx->etag.len == 0 || ngx_http_reader_cache_private(r)) {
        ctx->cache_status = NGX_HTTP_READER_CACHE_BYPASS;
        return NGX_DECLINED;
    }

    if (ngx_http_reader_cache_key(r, ctx, conf) != NGX_OK) {
        return NGX_ERROR;
    }

    page_len = 0;

    ngx_shmtx_lock(&cache->shpool->mutex);

    node = ngx_http_reader_cache_find(cache, &ctx->cache_key);

    if (node == NULL) {
        ctx->cache_status = NGX_HTTP_READER_CACHE_MISS;
        rc = NGX_DECLINED;

    } else if (node->etag_len != ctx->etag.len
               || ngx_memcmp(node->data + node->sn.str.len, ctx->etag.data,
                             ctx->etag.len)
                  != 0)
    {
        ctx->cache_status = NGX_HTTP_READER_CACHE_EXPIRED;
        rc = NGX_DECLINED;

    } else {
        ngx_queue_remove(&node->queue);
        ngx_queue_insert_head(&cache->sh->queue, &node->queue);

        page_len = node->page_len;
        rc = ngx_http_reader_cache_copy(r, ctx, node);
    }

    ngx_shmtx_unlock(&cache->shpool->mutex);

    if (rc != NGX_OK) {
        return rc;
    }

    if (ctx->hit.data && ctx->hit_gzip && !ctx->gzip) {

        /* the rare client without gzip: inflate the stored page */

        st = reader_inflate(ctx->hit.data, ctx->hit.len, page_len,
                            &ctx->job.page);

        if (st != READER_OK || ctx->job.page.failed) {
            ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                          "reader: cannot inflate a cached page, "
                          "running the engine");
            reader_buf_free(&ctx->job.page);
            ngx_str_null(&ctx->hit);
            ngx_str_null(&ctx->canonical);
            ctx->status = NULL;
            ctx->cache_status = NGX_HTTP_READER_CACHE_MISS;
            return NGX_DECLINED;
        }

        ctx->hit.data = ctx->job.page.data;
        ctx->hit.len = ctx->job.page.len;
        ctx->hit_gzip = 0;
    }

    ctx->cache_status = NGX_HTTP_READER_CACHE_HIT;
    ngx_str_null(&ctx->cache_key);

    return NGX_OK;
}


/*
 * Whether the response may differ for another client at the same URL with
 * the same validator: it sets a cookie, says private or no-store, or
 * varies on a request header other than Accept-Encoding.
 */

static ngx_uint_t
ngx_http_reader_cache_private(ngx_http_request_t *r)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &r->headers_out.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return 0;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].hash == 0) {
            continue;
        }

        if (h[i].key.len == ngx_http_reader_cache_set_cookie.len
            && ngx_strncasecmp(h[i].key.data,
                               ngx_http_reader_cache_set_cookie.data,
                               h[i].key.len)
               == 0)
        {
            return 1;
        }

        if (h[i].key.len == ngx_http_reader_cache_control.len
            && ngx_strncasecmp(h[i].key.data,
                               ngx_http_reader_cache_control.data,
                               h[i].key.len)
               == 0
            && (ngx_strlcasestrn(h[i].value.data,
                                 h[i].value.data + h[i].value.len,
                                 (u_char *) "private", 7 - 1)
                || ngx_strlcasestrn(h[i].value.data,
                                    h[i].value.data + h[i].value.len,
                                    (u_char *) "no-store", 8 - 1)))
        {
            return 1;
        }

        if (h[i].key.len == ngx_http_reader_cache_vary.len
            && ngx_strncasecmp(h[i].key.data, ngx_http_reader_cache_vary.data,
                               h[i].key.len)
               == 0
            && ngx_http_reader_cache_vary_other(&h[i].value))
        {
            return 1;
        }
    }
}


/* whether a Vary value names anything but Accept-Encoding ("*" included) */

static ngx_uint_t
ngx_http_reader_cache_vary_other(ngx_str_t *value)
{
    u_char  *p, *last, *start;

    p = value->data;
    last = p + value->len;

    while (p < last) {

        while (p < last && (*p == ' ' || *p == '\t' || *p == ',')) {
            p++;
        }

        start = p;

        while (p < last && *p != ' ' && *p != '\t' && *p != ',') {
            p++;
        }

        if (p > start
            && !(p - start == sizeof("accept-encoding") - 1
                 && ngx_strncasecmp(start, (u_char *) "accept-encoding",
                                    sizeof("accept-encoding") - 1)
                    == 0))
        {
            return 1;
        }
    }

    return 0;
}


/*
 * The engine options, the page URL (it resolves the links), the source
 * (a static file's path; a proxied URI with its arguments) and the
 * charset of the header, one NUL between the variable parts.
 */

static ngx_int_t
ngx_http_reader_cache_key(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_loc_conf_t *conf)
{
    u_char     *p, *last;
    size_t      len, root, charset;
    ngx_str_t   path;

    ngx_str_null(&path);

    if (r->upstream == NULL) {
        last = ngx_http_map_uri_to_path(r, &path, &root, 0);
        if (last == NULL) {
            return NGX_ERROR;
        }

        path.len = last - path.data;
    }

    charset = ctx->charset ? ngx_strlen(ctx->charset) : 0;

    len = sizeof(conf->cache_version) + ctx->url.len + 1 + path.len
          + r->uri.len + 1 + r->args.len + 1 + charset;

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ctx->cache_key.data = p;

    p = ngx_cpymem(p, conf->cache_version, sizeof(conf->cache_version));
    p = ngx_http_reader_cache_cpymem(p, ctx->url.data, ctx->url.len);
    *p++ = '\0';

    if (path.len) {
        p = ngx_cpymem(p, path.data, path.len);

    } else {
        p = ngx_http_reader_cache_cpymem(p, r->uri.data, r->uri.len);
        *p++ = '?';
        p = ngx_http_reader_cache_cpymem(p, r->args.data, r->args.len);
    }

    *p++ = '\0';
    p = ngx_http_reader_cache_cpymem(p, ctx->charset, charset);

    ctx->cache_key.len = p - ctx->cache_key.data;

    return NGX_OK;
}


static ngx_http_reader_cache_node_t *
ngx_http_reader_cache_find(ngx_http_reader_cache_t *cache, ngx_str_t *key)
{
    return (ngx_http_reader_cache_node_t *)
               ngx_str_rbtree_lookup(&cache->sh->rbtree, key,
                                     ngx_crc32_long(key->data, key->len));
}


/* a hit is copied out under the lock: the entry may go once it is freed */

static ngx_int_t
ngx_http_reader_cache_copy(ngx_http_request_t *r, ngx_http_reader_ctx_t *ctx,
    ngx_http_reader_cache_node_t *node)
{
    u_char  *p;

    ctx->status = reader_status_word(node->rc);

    if (node->rc != READER_OK) {
        return NGX_OK;
    }

    p = ngx_pnalloc(r->pool, node->canonical_len + node->body_len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(p, node->data + node->sn.str.len + node->etag_len,
               node->canonical_len + node->body_len);

    if (node->canonical_len) {
        ctx->canonical.data = p;
        ctx->canonical.len = node->canonical_len;
    }

    ctx->hit.data = p + node->canonical_len;
    ctx->hit.len = node->body_len;
    ctx->hit_gzip = node->gzip;

    return NGX_OK;
}


/*
 * After a miss: replaces the entry of the key with the job's result.  An
 * engine failure is not kept, nor a page larger than max_entry; a zone
 * too full even after eviction keeps nothing.  Never fails the request.
 */

void
ngx_http_reader_cache_store(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf)
{
    u_char                        *p;
    size_t                         size;
    ngx_str_t                     *key, canonical;
    ngx_uint_t                     store, gzip;
    reader_buf_t                  *body;
    ngx_http_reader_job_t         *job;
    ngx_http_reader_cache_t       *cache;
    ngx_http_reader_cache_node_t  *node;

    static reader_buf_t            none;

    cache = conf->cache->data;
    key = &ctx->cache_key;
    job = &ctx->job;

    store = (job->rc != READER_ERROR);
    gzip = 0;
    body = &none;
    ngx_str_null(&canonical);

    if (job->rc == READER_OK) {
        gzip = conf->gzip;
        body = gzip ? &job->gzipped : &job->page;
        canonical = ctx->canonical;

        store = body->len && body->len <= conf->cache_max_entry;
    }

    size = offsetof(ngx_http_reader_cache_node_t, data) + key->len
           + ctx->etag.len + canonical.len + body->len;

    ngx_shmtx_lock(&cache->shpool->mutex);

    node = ngx_http_reader_cache_find(cache, key);

    if (node) {
        ngx_http_reader_cache_delete(cache, node);
    }

    node = store ? ngx_http_reader_cache_alloc(cache, size) : NULL;

    if (node) {
        p = ngx_cpymem(node->data, key->data, key->len);
        p = ngx_cpymem(p, ctx->etag.data, ctx->etag.len);
        p = ngx_http_reader_cache_cpymem(p, canonical.data, canonical.len);
        (void) ngx_http_reader_cache_cpymem(p, body->data, body->len);

        node->sn.node.key = ngx_crc32_long(key->data, key->len);
        node->sn.str.data = node->data;
        node->sn.str.len = key->len;
        node->size = size;
        node->etag_len = ctx->etag.len;
        node->canonical_len = canonical.len;
        node->body_len = body->len;
        node->page_len = job->page.len;
        node->rc = job->rc;
        node->gzip = gzip;

        ngx_rbtree_insert(&cache->sh->rbtree, &node->sn.node);
        ngx_queue_insert_head(&cache->sh->queue, &node->queue);
    }

    ngx_shmtx_unlock(&cache->shpool->mutex);

    if (store && node == NULL) {
        ngx_log_error(NGX_LOG_WARN, r->connection->log, 0,
                      "reader: could not store a page of %uz bytes%s",
                      size, cache->shpool->log_ctx);
    }
}


/*
 * A slab allocation that, when the zone is full, evicts the least recently
 * used entries, as much slab memory as it needs, and tries once more.
 */

static ngx_http_reader_cache_node_t *
ngx_http_reader_cache_alloc(ngx_http_reader_cache_t *cache, size_t size)
{
    size_t                         freed, need;
    ngx_queue_t                   *q;
    ngx_http_reader_cache_node_t  *node;

    node = ngx_slab_alloc_locked(cache->shpool, size);

    if (node) {
        return node;
    }

    need = ngx_http_reader_cache_footprint(size);

    for (freed = 0;
         freed < need && !ngx_queue_empty(&cache->sh->queue);
         /* void */)
    {
        q = ngx_queue_last(&cache->sh->queue);
        node = ngx_queue_data(q, ngx_http_reader_cache_node_t, queue);

        freed += ngx_http_reader_cache_footprint(node->size);
        ngx_http_reader_cache_delete(cache, node);
    }

    return ngx_slab_alloc_locked(cache->shpool, size);
}


/* what the slab takes for size bytes: a power of two, or whole pages */

static size_t
ngx_http_reader_cache_footprint(size_t size)
{
    size_t  n;

    if (size > ngx_pagesize / 2) {
        return ngx_align(size, ngx_pagesize);
    }

    for (n = 8; n < size; n <<= 1) { /* void */ }

    return n;
}


static void
ngx_http_reader_cache_delete(ngx_http_reader_cache_t *cache,
    ngx_http_reader_cache_node_t *node)
{
    ngx_queue_remove(&node->queue);
    ngx_rbtree_delete(&cache->sh->rbtree, &node->sn.node);
    ngx_slab_free_locked(cache->shpool, node);
}


/* memcpy() wants a valid source even for no bytes; an empty part has none */

static u_char *
ngx_http_reader_cache_cpymem(u_char *dst, const void *src, size_t n)
{
    return n ? ngx_cpymem(dst, src, n) : dst;
}
