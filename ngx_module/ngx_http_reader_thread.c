/*
 * ngx_http_reader_filter_module: reader_thread_pool, the engine job in one
 * of nginx's thread pools, so that a large page does not stall the other
 * connections of the worker (as ngx_http_copy_filter_module reads files
 * with "aio threads").  The request is blocked while the job runs; when it
 * is back, the request's write handler calls the body filter again.
 */

#include "ngx_http_reader_filter_module.h"


#if (NGX_THREADS)
static void ngx_http_reader_thread_handler(void *data, ngx_log_t *log);
static void ngx_http_reader_thread_event_handler(ngx_event_t *ev);
#endif


char *
ngx_http_reader_thread_pool(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_reader_loc_conf_t *rlcf = conf;

    ngx_str_t  *value;

    if (rlcf->thread_pool != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        rlcf->thread_pool = NULL;
        return NGX_CONF_OK;
    }

#if (NGX_THREADS)

    /* a pool named nowhere else is an error when the configuration ends */

    rlcf->thread_pool = ngx_thread_pool_add(cf, &value[1]);
    if (rlcf->thread_pool == NULL) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;

#else

    return "requires nginx built with --with-threads";

#endif
}


#if (NGX_THREADS)

/*
 * NGX_OK: the job runs in the pool; NGX_DECLINED: it is to run here (the
 * queue is full, or the request already waits for another thread).
 */

ngx_int_t
ngx_http_reader_thread_post(ngx_http_request_t *r,
    ngx_http_reader_ctx_t *ctx, ngx_http_reader_loc_conf_t *conf)
{
    ngx_thread_task_t  *task;

    if (r->aio) {
        return NGX_DECLINED;
    }

    task = ngx_thread_task_alloc(r->pool, 0);
    if (task == NULL) {
        return NGX_ERROR;
    }

    task->ctx = &ctx->job;
    task->handler = ngx_http_reader_thread_handler;
    task->event.data = r;
    task->event.handler = ngx_http_reader_thread_event_handler;

    if (ngx_thread_task_post(conf->thread_pool, task) != NGX_OK) {
        return NGX_DECLINED;
    }

    r->main->blocked++;
    r->aio = 1;

    return NGX_OK;
}


/* in the thread: the job only */

static void
ngx_http_reader_thread_handler(void *data, ngx_log_t *log)
{
    ngx_http_reader_job_run(data);
}


/* back in the worker */

static void
ngx_http_reader_thread_event_handler(ngx_event_t *ev)
{
    ngx_connection_t       *c;
    ngx_http_request_t     *r;
    ngx_http_reader_ctx_t  *ctx;

    r = ev->data;
    c = r->connection;

    ngx_http_set_log_request(c->log, r);

    r->main->blocked--;
    r->aio = 0;

    ctx = ngx_http_get_module_ctx(r, ngx_http_reader_filter_module);
    ctx->phase = NGX_HTTP_READER_DONE;

    /*
     * ngx_http_writer runs the body filter, which sends the page; after a
     * client went away it is ngx_http_request_finalizer, which ends it
     */

    r->write_event_handler(r);
    ngx_http_run_posted_requests(c);
}

#endif
