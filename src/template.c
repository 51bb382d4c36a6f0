/* Reader page templates.  STUB: the real one replaces this. */

#include <stdlib.h>

#include "internal.h"


struct reader_template_s {
    int  unused;
};


reader_template_t *
reader_template_compile(const char *text, size_t len, const char **err)
{
    (void) text; (void) len;
    *err = "templates are not implemented yet";
    return NULL;
}


const char *
reader_template_csp(const reader_template_t *tpl)
{
    (void) tpl;
    return "default-src 'none'";
}


void
reader_template_free(reader_template_t *tpl)
{
    free(tpl);
}


void
rd_render_page(const reader_result_t *r, const reader_template_t *tpl,
    reader_buf_t *out)
{
    (void) tpl;
    rd_buf_puts(out, "<!DOCTYPE html>\n<html><body><article>");
    rd_render_content(r, out);
    rd_buf_puts(out, "</article></body></html>\n");
}
