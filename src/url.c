/*
 * URLs: RFC 3986 reference resolution with the leniencies of browsers (tab
 * and newline removed, C0 and space trimmed, '\' read as '/' in http(s)),
 * the scheme allow-list of the output, and <base href>.
 */

#include <string.h>
#include <strings.h>

#include "internal.h"


/* The five components of a URI reference; absent ones have p NULL. */
typedef struct {
    const char  *scheme;        /* without ':' */
    size_t       scheme_len;
    const char  *auth;          /* without '//' */
    size_t       auth_len;
    const char  *path;          /* never NULL */
    size_t       path_len;
    const char  *query;         /* without '?' */
    size_t       query_len;
    const char  *frag;          /* without '#' */
    size_t       frag_len;
} rd_uri_t;


static int
rd_is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}


static int
rd_is_scheme_char(int c)
{
    return rd_is_alpha(c) || (c >= '0' && c <= '9')
           || c == '+' || c == '-' || c == '.';
}


/* The length of the scheme at s (before its ':'), or 0. */
static size_t
rd_scheme_len(const char *s, size_t len)
{
    size_t  i;

    if (len == 0 || !rd_is_alpha((unsigned char) s[0])) {
        return 0;
    }

    for (i = 1; i < len && rd_is_scheme_char((unsigned char) s[i]); i++) {
        /* void */
    }

    return i < len && s[i] == ':' ? i : 0;
}


static void
rd_uri_split(const char *s, size_t len, rd_uri_t *u)
{
    const char  *p = s, *end = s + len, *q;

    memset(u, 0, sizeof(*u));

    u->scheme_len = rd_scheme_len(s, len);
    if (u->scheme_len) {
        u->scheme = s;
        p += u->scheme_len + 1;
    }

    if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
        p += 2;
        for (q = p; q < end && *q != '/' && *q != '?' && *q != '#'; q++) {
            /* void */
        }
        u->auth = p;
        u->auth_len = (size_t) (q - p);
        p = q;
    }

    for (q = p; q < end && *q != '?' && *q != '#'; q++) {
        /* void */
    }
    u->path = p;
    u->path_len = (size_t) (q - p);
    p = q;

    if (p < end && *p == '?') {
        for (q = ++p; q < end && *q != '#'; q++) {
            /* void */
        }
        u->query = p;
        u->query_len = (size_t) (q - p);
        p = q;
    }

    if (p < end && *p == '#') {
        u->frag = p + 1;
        u->frag_len = (size_t) (end - p - 1);
    }
}


static int
rd_is_http(const char *scheme, size_t len)
{
    return (len == 4 && strncasecmp(scheme, "http", 4) == 0)
           || (len == 5 && strncasecmp(scheme, "https", 5) == 0);
}


/*
 * RFC 3986 5.2.4 remove_dot_segments: in[0..len) appended to out at *o.
 * One pass; out has room for len bytes.
 */
static void
rd_remove_dots(const char *in, size_t len, char *out, size_t *o)
{
    const char  *p = in, *end = in + len, *q;
    size_t       start = *o, n;

    while (p < end) {
        n = (size_t) (end - p);

        if (n >= 3 && memcmp(p, "../", 3) == 0) {
            p += 3;
        } else if (n >= 2 && memcmp(p, "./", 2) == 0) {
            p += 2;
        } else if (n >= 3 && memcmp(p, "/./", 3) == 0) {
            p += 2;
        } else if (n == 2 && memcmp(p, "/.", 2) == 0) {
            out[(*o)++] = '/';
            break;
        } else if ((n >= 4 && memcmp(p, "/../", 4) == 0)
                   || (n == 3 && memcmp(p, "/..", 3) == 0))
        {
            while (*o > start && out[*o - 1] != '/') {
                (*o)--;
            }
            if (*o > start) {
                (*o)--;
            }
            if (n == 3) {
                out[(*o)++] = '/';
                break;
            }
            p += 3;
        } else if ((n == 1 && *p == '.') || (n == 2 && memcmp(p, "..", 2) == 0)) {
            break;
        } else {
            for (q = p + 1; q < end && *q != '/'; q++) {
                /* void */
            }
            memcpy(out + *o, p, (size_t) (q - p));
            *o += (size_t) (q - p);
            p = q;
        }
    }
}


static void
rd_put(char *out, size_t *o, const char *s, size_t n)
{
    memcpy(out + *o, s, n);
    *o += n;
}


/*
 * The reference as a browser reads it: leading and trailing C0 controls and
 * spaces trimmed, tab, CR and LF removed anywhere, other controls, space,
 * '"', '<', '>' and '`' percent-encoded (as the URL parser would encode
 * them: the same URL, and one that never looks like markup).  Copied into
 * the arena.
 */
static char *
rd_url_clean(rd_arena_t *a, const char *ref, size_t *len)
{
    static const char  hex[] = "0123456789ABCDEF";

    const char     *p = ref, *end = ref + strlen(ref);
    char           *s;
    size_t          n = 0;
    unsigned char   c;

    while (p < end && (unsigned char) *p <= 0x20) {
        p++;
    }
    while (end > p && (unsigned char) end[-1] <= 0x20) {
        end--;
    }

    s = rd_arena_alloc(a, (size_t) (end - p) * 3 + 1);
    if (s == NULL) {
        return NULL;
    }

    for ( ; p < end; p++) {
        c = (unsigned char) *p;

        if (c == '\t' || c == '\n' || c == '\r') {
            continue;
        }

        if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>'
            || c == '`')
        {
            s[n++] = '%';
            s[n++] = hex[c >> 4];
            s[n++] = hex[c & 0xf];
            continue;
        }

        s[n++] = (char) c;
    }

    s[n] = '\0';
    *len = n;
    return s;
}


const char *
rd_url_resolve(rd_arena_t *a, const char *base, const char *ref)
{
    rd_uri_t   b, r;
    char      *s, *out;
    size_t     len, blen, i, o;

    if (ref == NULL) {
        return NULL;
    }

    s = rd_url_clean(a, ref, &len);
    if (s == NULL || base == NULL) {
        return s;
    }

    blen = strlen(base);
    rd_uri_split(base, blen, &b);

    /* an opaque base (mailto:, data:) or a relative one resolves nothing */
    if (b.scheme == NULL
        || (b.auth == NULL && (b.path_len == 0 || b.path[0] != '/')))
    {
        return s;
    }

    i = rd_scheme_len(s, len);
    if (i ? rd_is_http(s, i) : rd_is_http(b.scheme, b.scheme_len)) {
        for ( ; i < len && s[i] != '?' && s[i] != '#'; i++) {
            if (s[i] == '\\') {
                s[i] = '/';
            }
        }
    }

    rd_uri_split(s, len, &r);

    if (r.scheme) {
        return s;
    }

    out = rd_arena_alloc(a, blen + len + 4);
    if (out == NULL) {
        return NULL;
    }

    o = 0;
    rd_put(out, &o, b.scheme, b.scheme_len + 1);

    if (r.auth) {
        rd_put(out, &o, "//", 2);
        rd_put(out, &o, r.auth, r.auth_len);
        rd_remove_dots(r.path, r.path_len, out, &o);

    } else {
        if (b.auth) {
            rd_put(out, &o, "//", 2);
            rd_put(out, &o, b.auth, b.auth_len);
        }

        if (r.path_len == 0) {
            rd_put(out, &o, b.path, b.path_len);
            if (r.query == NULL && b.query) {
                rd_put(out, &o, "?", 1);
                rd_put(out, &o, b.query, b.query_len);
            }

        } else if (r.path[0] == '/') {
            rd_remove_dots(r.path, r.path_len, out, &o);

        } else {
            /* merge: the base path up to its last '/', then the reference */
            char    *m;
            size_t   ml = 0;

            m = rd_arena_alloc(a, b.path_len + r.path_len + 2);
            if (m == NULL) {
                return NULL;
            }

            if (b.auth && b.path_len == 0) {
                m[ml++] = '/';
            } else {
                for (i = b.path_len; i > 0 && b.path[i - 1] != '/'; i--) {
                    /* void */
                }
                rd_put(m, &ml, b.path, i);
            }
            rd_put(m, &ml, r.path, r.path_len);
            rd_remove_dots(m, ml, out, &o);
        }
    }

    if (r.query) {
        rd_put(out, &o, "?", 1);
        rd_put(out, &o, r.query, r.query_len);
    }

    if (r.frag) {
        rd_put(out, &o, "#", 1);
        rd_put(out, &o, r.frag, r.frag_len);
    }

    out[o] = '\0';
    return out;
}


/*
 * The next character of a URL as the scheme check reads it: character
 * references decoded (numeric ones and the named ones that spell URL
 * syntax, HTML5 names included, which libxml2 2.9 leaves undecoded).
 */
static unsigned
rd_url_char(const char **pp, const char *end)
{
    static const struct {
        const char  *name;
        unsigned     c;
    } named[] = {
        { "tab;", '\t' }, { "newline;", '\n' }, { "colon;", ':' },
        { "sol;", '/' }, { "period;", '.' }, { "plus;", '+' },
        { "amp;", '&' }, { "num;", '#' }, { "quest;", '?' }
    };

    const char  *p = *pp;
    unsigned     c = 0;
    size_t       i, n;
    int          digits = 0;

    if (*p != '&' || end - p < 3) {
        *pp = p + 1;
        return (unsigned char) *p;
    }

    if (p[1] == '#') {
        if (p[2] == 'x' || p[2] == 'X') {
            for (p += 3; p < end && digits < 8; p++, digits++) {
                if (*p >= '0' && *p <= '9') {
                    c = c * 16 + (unsigned) (*p - '0');
                } else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f') {
                    c = c * 16 + (unsigned) ((*p | 0x20) - 'a' + 10);
                } else {
                    break;
                }
            }
        } else {
            for (p += 2; p < end && *p >= '0' && *p <= '9' && digits < 10;
                 p++, digits++)
            {
                c = c * 10 + (unsigned) (*p - '0');
            }
        }

        if (digits == 0) {
            *pp = *pp + 1;
            return '&';
        }

        if (p < end && *p == ';') {
            p++;
        }

        *pp = p;
        return c;
    }

    for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        n = strlen(named[i].name);
        if ((size_t) (end - p - 1) >= n
            && strncasecmp(p + 1, named[i].name, n) == 0)
        {
            *pp = p + 1 + n;
            return named[i].c;
        }
    }

    *pp = p + 1;
    return '&';
}


/*
 * Reads s up to the first character of stop (returned; 0 at the end),
 * keeping the first size - 1 characters in buf, lower-cased; *len counts
 * them all.  Controls and spaces are skipped anywhere: a browser trims them
 * or rejects the scheme, so skipping them only ever makes the check stricter.
 */
static unsigned
rd_url_prefix(const char **pp, const char *end, const char *stop, char *buf,
    size_t size, size_t *len)
{
    size_t    n = 0;
    unsigned  c;

    *len = 0;

    while (*pp < end) {
        c = rd_url_char(pp, end);

        if (c <= 0x20 || c == 0x7f) {
            continue;
        }

        if (c < 0x80 && strchr(stop, (int) c)) {
            buf[n] = '\0';
            return c;
        }

        if (n + 1 < size) {
            buf[n++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        (*len)++;
    }

    buf[n] = '\0';
    return 0;
}


static int
rd_is(const char *buf, size_t len, const char *s)
{
    return len == strlen(s) && strcmp(buf, s) == 0;
}


int
rd_url_allowed(const char *url, int is_image)
{
    static const char  *images[] = {
        "image/png", "image/gif", "image/jpeg", "image/webp", "image/avif"
    };

    const char  *p = url, *end = url + strlen(url);
    char         buf[16];
    size_t       len, i;
    unsigned     c;

    if (rd_url_prefix(&p, end, ":/?#", buf, sizeof(buf), &len) != ':') {
        return 1;               /* relative: no scheme */
    }

    if (rd_is(buf, len, "http") || rd_is(buf, len, "https")
        || rd_is(buf, len, "mailto"))
    {
        return 1;
    }

    if (!is_image || !rd_is(buf, len, "data")) {
        return 0;
    }

    c = rd_url_prefix(&p, end, ";,", buf, sizeof(buf), &len);
    if (c == 0) {
        return 0;
    }

    for (i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
        if (rd_is(buf, len, images[i])) {
            return 1;
        }
    }

    return 0;
}


void
rd_url_base(reader_result_t *r)
{
    xmlNode     *n;
    xmlChar     *href;
    const char  *url;

    /* the pre-scan wrote no <base> start tag: no walk of the whole tree */
    if (r->doc == NULL || !r->has_base) {
        return;
    }

    /* the first <base href> in tree order, as browsers do */
    for (n = xmlDocGetRootElement(r->doc); n; ) {
        if (n->type == XML_ELEMENT_NODE
            && xmlStrcasecmp(n->name, BAD_CAST "base") == 0
            && (href = xmlGetProp(n, BAD_CAST "href")) != NULL)
        {
            url = rd_url_resolve(&r->arena, r->opt.url, (const char *) href);
            xmlFree(href);

            if (url && rd_scheme_len(url, strlen(url))
                && rd_is_http(url, rd_scheme_len(url, strlen(url))))
            {
                r->base_url = url;
            }
            return;
        }

        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }

        while (n->next == NULL) {
            n = n->parent;
            if (n == NULL || n->type == XML_DOCUMENT_NODE
                || n->type == XML_HTML_DOCUMENT_NODE)
            {
                return;
            }
        }
        n = n->next;
    }
}
