/*
 * ngx_http_reader_filter_module: shared declarations of the module's files.
 *
 *   ngx_http_reader_filter_module.c  directives, variables, header filter
 *   ngx_http_reader_body.c           body collection, engine job, sending
 *   ngx_http_reader_headers.c        reader headers, validator, conditionals
 *   ngx_http_reader_cache.c          the shared-memory cache of reader pages
 *   ngx_http_reader_thread.c         the engine job in a thread pool
 */

#ifndef _NGX_HTTP_READER_FILTER_MODULE_H_INCLUDED_
#define _NGX_HTTP_READER_FILTER_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>
#include <ngx_md5.h>

#include "reader.h"


/* a local buffered bit, as the image filter has (0x08) */
#define NGX_HTTP_READER_BUFFERED  0x08


typedef struct {
    reader_template_t            *tpl;
    ngx_str_t                     digest;     /* hex MD5 of the file */
} ngx_http_reader_page_t;


/* $reader_cache_status */
typedef enum {
    NGX_HTTP_READER_CACHE_NONE = 0,   /* not looked up */
    NGX_HTTP_READER_CACHE_HIT,
    NGX_HTTP_READER_CACHE_MISS,
    NGX_HTTP_READER_CACHE_EXPIRED,    /* an entry for another source version */
    NGX_HTTP_READER_CACHE_BYPASS      /* no validator, or a private response */
} ngx_http_reader_cache_status_e;


typedef struct {
    ngx_http_complex_value_t     *enable;
    ngx_http_complex_value_t     *url;        /* NULL: the request's URL */
    ngx_array_t                  *bypass;

    ngx_hash_t                    types;
    ngx_array_t                  *types_keys;

    size_t                        max_size;
    ngx_flag_t                    gzip;
    ngx_int_t                     gzip_level;

    ngx_http_reader_page_t       *page;       /* NULL: built-in template */

    ngx_shm_zone_t               *cache;      /* NULL: reader_cache off */
    size_t                        cache_max_entry;
    u_char                        cache_version[16];  /* MD5 of the options */

#if (NGX_THREADS)
    ngx_thread_pool_t            *thread_pool;    /* NULL: in the worker */
#else
    void                         *thread_pool;
#endif
} ngx_http_reader_loc_conf_t;


typedef enum {
    NGX_HTTP_READER_COLLECT = 0,  /* buffering the body */
    NGX_HTTP_READER_PASS,         /* the original response flows through */
    NGX_HTTP_READER_DISCARD,      /* a reply is out: drop what follows */
    NGX_HTTP_READER_HIT,          /* a cached page goes out on the first body */
    NGX_HTTP_READER_RUNNING,      /* the job is in a thread */
    NGX_HTTP_READER_DONE          /* the job is back: send its page */
} ngx_http_reader_phase_e;


/*
 * One run of the engine: inflate, extract, render, gzip.  It reads only
 * what the fields point to (request memory that stays put while it runs)
 * and writes only its outputs, so it may run in a thread; the worker logs
 * what it says afterwards.
 */
typedef struct {
    const u_char                 *data;       /* in: the body as received */
    size_t                        len;
    size_t                        max_size;
    const char                   *url;        /* NULL or the page URL */
    const char                   *charset;    /* NULL or the header's */
    const reader_template_t      *tpl;        /* NULL: the built-in page */
    int                           gzip_level; /* 0: no gzip */
    unsigned                      inflate:1;

    reader_result_t              *result;     /* out: freed with the request */
    reader_buf_t                  inflated;
    reader_buf_t                  page;
    reader_buf_t                  gzipped;

    reader_status_e               rc;         /* READER_OK: page is set */
    const char                   *status;     /* the $reader_status word */
    const char                   *reason;     /* for the error log, or NULL */
    ngx_uint_t                    level;      /* its log level */
    ngx_uint_t                    usec;       /* wall time of the run */
    unsigned                      gzip_failed:1;
} ngx_http_reader_job_t;


typedef struct {
    u_char                       *data;       /* the body as received */
    size_t                        len;
    size_t                        size;       /* allocated */

    ngx_http_reader_job_t         job;

    ngx_str_t                     etag;       /* reader validator, or empty */
    ngx_str_t                     url;        /* the page URL for the engine */
    char                         *charset;    /* the header's, or NULL */
    ngx_str_t                     canonical;  /* the Link target, or empty */
    const char                   *status;     /* $reader_status, or NULL */
    ngx_uint_t                    usec;       /* $reader_time, microseconds */

    ngx_str_t                     cache_key;  /* empty: nothing to store */
    ngx_str_t                     hit;        /* a cached page to send */
    ngx_http_reader_cache_status_e  cache_status;

    ngx_http_reader_phase_e       phase;
    unsigned                      timed:1;
    unsigned                      gzip:1;     /* the client accepts gzip */
    unsigned                      hit_gzip:1;
} ngx_http_reader_ctx_t;


extern ngx_module_t  ngx_http_reader_filter_module;

extern ngx_http_output_header_filter_pt  ngx_http_reader_next_header_filter;
extern ngx_http_output_body_filter_pt    ngx_http_reader_next_body_filter;


ngx_int_t ngx_http_reader_body_filter(ngx_http_request_t *r, ngx_chain_t *in);
ngx_uint_t ngx_http_reader_inflated_encoding(ngx_http_request_t *r);
char *ngx_http_reader_charset(ngx_http_request_t *r);
void ngx_http_reader_job_run(ngx_http_reader_job_t *job);

ngx_int_t ngx_http_reader_page_url(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
ngx_uint_t ngx_http_reader_http_url(ngx_str_t *url);
ngx_int_t ngx_http_reader_validator(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
ngx_int_t ngx_http_reader_not_modified(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx);
ngx_int_t ngx_http_reader_set_headers(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf,
    off_t length, ngx_uint_t gzip);
ngx_int_t ngx_http_reader_set_not_modified(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx);
ngx_uint_t ngx_http_reader_accepts_gzip(ngx_http_request_t *r,
    ngx_http_reader_loc_conf_t *conf);

char *ngx_http_reader_cache(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
void ngx_http_reader_cache_version(ngx_http_reader_loc_conf_t *conf);
ngx_int_t ngx_http_reader_cache_lookup(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
void ngx_http_reader_cache_store(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);

char *ngx_http_reader_thread_pool(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
#if (NGX_THREADS)
ngx_int_t ngx_http_reader_thread_post(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf);
#endif


#endif /* _NGX_HTTP_READER_FILTER_MODULE_H_INCLUDED_ */
