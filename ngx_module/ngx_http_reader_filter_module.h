/*
 * ngx_http_reader_filter_module: shared declarations of the module's files.
 *
 *   ngx_http_reader_filter_module.c  directives, variables, header filter
 *   ngx_http_reader_body.c           body collection, engine call, sending
 *   ngx_http_reader_headers.c        reader headers, validator, conditionals
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


typedef struct {
    ngx_http_complex_value_t     *enable;
    ngx_array_t                  *bypass;

    ngx_hash_t                    types;
    ngx_array_t                  *types_keys;

    size_t                        max_size;
    ngx_flag_t                    gzip;
    ngx_int_t                     gzip_level;

    ngx_http_reader_page_t       *page;       /* NULL: built-in template */
} ngx_http_reader_loc_conf_t;


typedef enum {
    NGX_HTTP_READER_COLLECT = 0,  /* buffering the body */
    NGX_HTTP_READER_PASS,         /* the original response flows through */
    NGX_HTTP_READER_DISCARD       /* a reply is out: drop what follows */
} ngx_http_reader_phase_e;


typedef struct {
    u_char                       *data;       /* the body as received */
    size_t                        len;
    size_t                        size;       /* allocated */

    reader_result_t              *result;
    reader_buf_t                  inflated;
    reader_buf_t                  page;
    reader_buf_t                  gzipped;

    ngx_str_t                     etag;       /* reader validator, or empty */
    ngx_str_t                     url;        /* the page URL for the engine */
    const char                   *status;     /* $reader_status, or NULL */
    ngx_uint_t                    usec;       /* $reader_time, microseconds */

    ngx_http_reader_phase_e       phase;
    unsigned                      timed:1;
} ngx_http_reader_ctx_t;


extern ngx_module_t  ngx_http_reader_filter_module;

extern ngx_http_output_header_filter_pt  ngx_http_reader_next_header_filter;
extern ngx_http_output_body_filter_pt    ngx_http_reader_next_body_filter;


ngx_int_t ngx_http_reader_body_filter(ngx_http_request_t *r, ngx_chain_t *in);
ngx_uint_t ngx_http_reader_inflated_encoding(ngx_http_request_t *r);

ngx_int_t ngx_http_reader_page_url(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx);
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


#endif /* _NGX_HTTP_READER_FILTER_MODULE_H_INCLUDED_ */
