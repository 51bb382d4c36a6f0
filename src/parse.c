/* The pre-scanned UTF-8 markup into a libxml2 tree, silently. */

#include <limits.h>

#include "internal.h"


/*
 * Never NOENT, DTDLOAD or HUGE: no entity expansion, no network, and
 * libxml2's own limits (depth 256, 10 MB text nodes) stay in force.
 * NOERROR and NOWARNING clear the error callbacks of this context, so
 * recovered errors (normal on real pages) reach neither stderr nor the
 * nginx error log.  No NOIMPLIED: the engine wants <html> and <body>.
 */
#define RD_PARSE_OPTIONS  (HTML_PARSE_RECOVER | HTML_PARSE_NONET               \
                           | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING         \
                           | HTML_PARSE_COMPACT)


reader_status_e
rd_parse(reader_result_t *r)
{
    htmlParserCtxtPtr  ctxt;
    int                halted, deep;

    if (r->markup.len == 0) {
        r->reason = "the page has no content";
        return READER_NOT_ARTICLE;
    }

    if (r->markup.len > INT_MAX) {
        r->reason = "the page is larger than libxml2 accepts";
        return READER_TOO_LARGE;
    }

    ctxt = htmlNewParserCtxt();
    if (ctxt == NULL) {
        return READER_ERROR;
    }

    r->doc = htmlCtxtReadMemory(ctxt, (const char *) r->markup.data,
                                (int) r->markup.len, NULL, "UTF-8",
                                RD_PARSE_OPTIONS);

    /* xmlHaltParser (nesting past 256, a text node past 10 MB, no memory)
     * leaves a tree that silently lacks the rest of the page */
    halted = ctxt->disableSAX != 0;
    deep = ctxt->lastError.code == XML_ERR_INTERNAL_ERROR;
    htmlFreeParserCtxt(ctxt);

    if (halted) {
        r->reason = deep ? "libxml2 stopped early: the page nests too deeply"
                         : "libxml2 stopped early: a text node over 10 MB";
        return READER_TOO_LARGE;
    }

    if (r->doc == NULL || xmlDocGetRootElement(r->doc) == NULL) {
        r->reason = "the page has no markup";
        return READER_UNDECODABLE;
    }

    return READER_OK;
}
