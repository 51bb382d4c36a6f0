/* The pre-scanned UTF-8 markup into a libxml2 tree, silently. */

#include <limits.h>
#include <libxml/parserInternals.h>

#include "internal.h"


/*
 * Never NOENT, DTDLOAD or HUGE: no entity expansion, no network, and
 * libxml2's own limits (depth 256, 10 MB text nodes) stay in force.
 * NOERROR and NOWARNING clear the error callbacks of this context, so
 * recovered errors (normal on real pages) reach neither stderr nor the
 * nginx error log.  No NOIMPLIED: the engine wants <html> and <body>.
 * IGNORE_ENC: the markup is UTF-8 whatever its <meta charset> says.
 * NODEFDTD: no made-up <!DOCTYPE> after the parse (tree.c owns the nodes,
 * and nothing reads it).
 */
#define RD_PARSE_OPTIONS  (HTML_PARSE_RECOVER | HTML_PARSE_NONET               \
                           | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING         \
                           | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD)


/*
 * The markup is parsed where it lies: a string input stream reads the
 * buffer itself, where htmlCtxtReadMemory() copies it and then, told
 * "UTF-8", converts that copy into a third one.  (Not a static input
 * buffer: libxml2 2.9 re-reads earlier bytes when it shrinks one.)
 * Without an encoding libxml2 reads UTF-8 once the context's charset says
 * so; decode.c made the markup valid UTF-8 without NUL (the stream ends at
 * the first NUL: rd_buf keeps one after the end), so the first bytes never
 * look like another encoding to libxml2's sniffing.
 */
static xmlDoc *
rd_parse_in_place(htmlParserCtxtPtr ctxt, reader_result_t *r)
{
    const reader_buf_t  *markup = &r->markup;
    xmlDoc             *doc;
    xmlParserInputPtr   input;

    input = xmlNewStringInputStream(ctxt, markup->data);
    if (input == NULL) {
        return NULL;
    }

    if ((size_t) (input->end - input->base) != markup->len) {
        xmlFreeInputStream(input);      /* a NUL decode.c let through */
        return NULL;
    }

    /* a new context has room for its first input (and libxml2 versions
     * differ in who frees the input when a push fails) */
    (void) inputPush(ctxt, input);

    /* what switching to a UTF-8 handler would set, without the copy */
    ctxt->charset = XML_CHAR_ENCODING_UTF8;

    htmlCtxtUseOptions(ctxt, RD_PARSE_OPTIONS);
    rd_tree_sax(ctxt, &r->tree, markup->len, r->n_elements, r->n_attributes);

    /* no table of id attributes: nothing looks elements up by id, and
     * libxml2 would hash every id (and <a name>) into one */
    ctxt->loadsubset |= XML_SKIP_IDS;

    htmlParseDocument(ctxt);

    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    return doc;
}


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

    r->doc = rd_parse_in_place(ctxt, r);

    /* a halt (nesting past 256, a text node past 10 MB, no memory) leaves a tree that silently lacks the rest of the page */
    halted = ctxt->disableSAX != 0;
    deep = ctxt->lastError.code == XML_ERR_INTERNAL_ERROR;
    htmlFreeParserCtxt(ctxt);

    if (r->tree.failed) {
        r->reason = "out of memory for the parse tree";
        return READER_ERROR;
    }

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
