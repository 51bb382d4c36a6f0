/* UTF-8 markup into a libxml2 tree, silently. */

#include "internal.h"


static void
rd_parse_error(void *ctx, xmlErrorPtr err)
{
    (void) ctx;
    (void) err;         /* recovered errors are normal on real pages */
}


reader_status_e
rd_parse(reader_result_t *r)
{
    htmlParserCtxtPtr  ctxt;

    ctxt = htmlNewParserCtxt();
    if (ctxt == NULL) {
        return READER_ERROR;
    }

    /* HTML_PARSE_NOERROR clears the plain callbacks; errors still raised
     * go to this structured handler, never to stderr */
    ctxt->sax->serror = rd_parse_error;

    r->doc = htmlCtxtReadMemory(ctxt, (const char *) r->markup.data,
                                (int) r->markup.len, NULL, "UTF-8",
                                HTML_PARSE_RECOVER | HTML_PARSE_NONET
                                | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                | HTML_PARSE_COMPACT);
    htmlFreeParserCtxt(ctxt);

    if (r->doc == NULL || xmlDocGetRootElement(r->doc) == NULL) {
        r->reason = "the page has no markup";
        return READER_UNDECODABLE;
    }

    return READER_OK;
}
