/*
 * nginx-reader extraction engine: public API.
 *
 * Turns the bytes of a stored HTML page into a clean, sanitized article.
 * Plain C11 on libxml2 and zlib; no nginx headers.  Every function is
 * reentrant: all state lives in the objects passed in.  Call reader_init()
 * once per process before the first extraction (it initialises libxml2).
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>

#define READER_VERSION          "0.1.0"

#define READER_DEFAULT_MAX_SIZE  (4u * 1024 * 1024)
#define READER_DEFAULT_MAX_NODES 200000u
#define READER_DEFAULT_MAX_DEPTH 256u


typedef enum {
    READER_OK = 0,          /* extracted */
    READER_NOT_ARTICLE,     /* the page does not look like an article */
    READER_TOO_LARGE,       /* refused by a limit: bytes, nodes or depth */
    READER_UNDECODABLE,     /* not text, or a stream that cannot be decoded */
    READER_ERROR            /* out of memory or an internal failure */
} reader_status_e;


typedef enum {
    READER_FORMAT_HTML = 0, /* the complete reader page */
    READER_FORMAT_TEXT,     /* the article body as plain text */
    READER_FORMAT_JSON      /* metadata, content_html and text */
} reader_format_e;


typedef struct {
    size_t          max_size;   /* input bytes; 0 means the default */
    size_t          max_nodes;  /* element count; 0 means the default */
    unsigned        max_depth;  /* element nesting; 0 means the default */
    const char     *url;        /* the page's own URL, or NULL */
    const char     *charset;    /* transport charset (HTTP header), or NULL */
    int             force;      /* extract even when not an article */
} reader_options_t;


/* Metadata; absent values are NULL.  Strings are UTF-8, owned by the result. */
typedef struct {
    const char     *title;
    const char     *byline;
    const char     *published;  /* ISO 8601, as precise as the page says */
    const char     *site_name;
    const char     *lang;       /* BCP 47 */
    const char     *dir;        /* "ltr" or "rtl" */
    const char     *excerpt;
    const char     *lead_image;
    const char     *url;        /* canonical URL, else options.url */
    const char     *charset;    /* the charset the page was decoded from */
    size_t          word_count; /* words, or characters in CJK scripts */
    unsigned        reading_minutes;    /* >= 1 */
    double          confidence; /* 0..1 */
    int             is_article;
} reader_meta_t;


/* A growable byte buffer; free the data with reader_buf_free(). */
typedef struct {
    unsigned char  *data;
    size_t          len;
    size_t          cap;
    int             failed;     /* an allocation failed: contents are partial */
} reader_buf_t;


typedef struct reader_result_s    reader_result_t;
typedef struct reader_template_s  reader_template_t;


void reader_init(void);
void reader_options_init(reader_options_t *opt);

/*
 * Runs decode, parse and extraction.  Returns NULL only when memory runs
 * out; otherwise a result whose status says what happened.  A result with
 * status READER_NOT_ARTICLE still carries the metadata (and, with
 * opt->force, the best candidate is extracted and the status is READER_OK).
 */
reader_result_t *reader_extract(const unsigned char *data, size_t len,
    const reader_options_t *opt);

reader_status_e reader_result_status(const reader_result_t *res);

/* One line saying why the status is not READER_OK, or "". */
const char *reader_result_reason(const reader_result_t *res);

const reader_meta_t *reader_result_meta(const reader_result_t *res);

/*
 * Renders the result into out (appended).  tpl may be NULL for the built-in
 * page template; it only matters for READER_FORMAT_HTML.
 * Returns READER_OK or READER_ERROR (out of memory).
 */
reader_status_e reader_render(const reader_result_t *res, reader_format_e fmt,
    const reader_template_t *tpl, reader_buf_t *out);

void reader_result_free(reader_result_t *res);

/*
 * Frees what only rendering needs (the parsed page and its statistics,
 * most of a result's memory) while the status, the reason and the metadata
 * stay valid: call it after the last reader_render(), before compressing
 * or sending the page.  Later renders return READER_ERROR.
 */
void reader_result_shrink(reader_result_t *res);

/* The word for a status, as used in $reader_status. */
const char *reader_status_word(reader_status_e status);


/*
 * Page templates: text with {{name}} placeholders (title, byline, published
 * (ISO 8601), date (published as a reader writes it in the page's
 * language), site_name, lang, dir, url, reading_minutes: HTML-escaped) and
 * {{content}}
 * (the sanitized article).  Placeholders go in text or in quoted attribute
 * values; {{content}} is required; <script>, style attributes and
 * placeholders inside <style> are refused.  text NULL compiles a copy of
 * the built-in template.  On error returns NULL and sets *err to a static
 * message.  A compiled template is immutable: share it between threads.
 */
reader_template_t *reader_template_compile(const char *text, size_t len,
    const char **err);

/*
 * The Content-Security-Policy value for pages of the template: no script,
 * no frames, forms or base; images and media from http(s) (images also
 * data:); style only from the template's <style> elements, by their
 * SHA-256 hashes (computed at compile time).  tpl NULL: the built-in
 * template's, a constant.
 */
const char *reader_template_csp(const reader_template_t *tpl);

void reader_template_free(reader_template_t *tpl);

/*
 * Compresses a page rendered from tpl (NULL: the built-in template) as one
 * gzip member at level 1..9 (clamped), appended to out, with less work
 * than compressing it whole: the template's longest constant text (the
 * built-in's style) was compressed once, and its compressed bytes are
 * reused.  Any bytes are accepted (a page without that text is compressed
 * whole).  The deflate state is scaled to the page (the window and hash of
 * a 10 KB page are smaller than zlib's defaults).
 */
reader_status_e reader_template_gzip(const reader_template_t *tpl,
    const unsigned char *in, size_t len, int level, reader_buf_t *out);


/*
 * Inflates a gzip, zlib or raw deflate stream (detected from its header;
 * concatenated gzip members are joined).  More than max_out bytes of output
 * gives READER_TOO_LARGE; a truncated or corrupt stream READER_UNDECODABLE.
 */
reader_status_e reader_inflate(const unsigned char *in, size_t len,
    size_t max_out, reader_buf_t *out);

void reader_buf_free(reader_buf_t *buf);

#endif /* READER_H */
