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


/* A parser context whose SAX callbacks build r's tree (tree.c). */
static htmlParserCtxtPtr
rd_parse_ctxt(reader_result_t *r)
{
    htmlParserCtxtPtr  ctxt;

    ctxt = htmlNewParserCtxt();
    if (ctxt == NULL) {
        return NULL;
    }

    /* what switching to a UTF-8 handler would set, without the copy */
    ctxt->charset = XML_CHAR_ENCODING_UTF8;

    htmlCtxtUseOptions(ctxt, RD_PARSE_OPTIONS);
    rd_tree_sax(ctxt, &r->tree, r->markup.len, r->n_elements,
                r->n_attributes);

    /* no table of id attributes: nothing looks elements up by id, and
     * libxml2 would hash every id (and <a name>) into one */
    ctxt->loadsubset |= XML_SKIP_IDS;

    return ctxt;
}


/*
 * libxml2's parser, for markup build.c does not take.  The markup is
 * parsed where it lies: a string input stream reads the buffer itself,
 * where htmlCtxtReadMemory() copies it and then, told "UTF-8", converts
 * that copy into a third one.  (Not a static input buffer: libxml2 2.9
 * re-reads earlier bytes when it shrinks one.)  Without an encoding
 * libxml2 reads UTF-8 once the context's charset says so; decode.c made
 * the markup valid UTF-8 without NUL (the stream ends at the first NUL:
 * rd_buf keeps one after the end), so the first bytes never look like
 * another encoding to libxml2's sniffing.
 */
static void
rd_parse_libxml2(htmlParserCtxtPtr ctxt, const reader_buf_t *markup)
{
    xmlParserInputPtr  input;

    input = xmlNewStringInputStream(ctxt, markup->data);
    if (input == NULL) {
        return;
    }

    if ((size_t) (input->end - input->base) != markup->len) {
        xmlFreeInputStream(input);      /* a NUL decode.c let through */
        return;
    }

    /* a new context has room for its first input (and libxml2 versions
     * differ in who frees the input when a push fails) */
    (void) inputPush(ctxt, input);

    htmlParseDocument(ctxt);
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

    ctxt = rd_parse_ctxt(r);
    if (ctxt == NULL) {
        return READER_ERROR;
    }

    /* the pre-scan's markup straight into a tree; else libxml2's parser */
    r->built = rd_build(ctxt, &r->markup);
    if (!r->built) {
        rd_tree_free(&r->tree, ctxt->myDoc);
        ctxt->myDoc = NULL;
        htmlFreeParserCtxt(ctxt);

        ctxt = rd_parse_ctxt(r);
        if (ctxt == NULL) {
            return READER_ERROR;
        }
        rd_parse_libxml2(ctxt, &r->markup);
    }

    r->doc = ctxt->myDoc;
    ctxt->myDoc = NULL;

    /* a halt (nesting past 256, a text node past 10 MB, no memory) leaves
     * a tree that silently lacks the rest of the page */
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
