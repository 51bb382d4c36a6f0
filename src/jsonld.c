/*
 * A small JSON reader for JSON-LD.  Values are spans of the input (no tree
 * is built); containers are skipped by counting brackets, never by
 * recursion, so hostile nesting costs linear time and no stack.  Strings
 * are decoded only when asked for, into the arena, with a length cap.
 *
 * Lenient where pages are sloppy: a CDATA or HTML-comment wrapper, control
 * characters inside strings, trailing commas.
 */

#include <string.h>

#include "internal.h"


static const char *
rd_json_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'
                       || *p == '\f'))
    {
        p++;
    }
    return p;
}


/* One past the closing quote of the string starting at p, or NULL. */
static const char *
rd_json_skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\') {
            p++;
        } else if (*p == '"') {
            return p + 1;
        }
    }
    return NULL;
}


/* The end of the value at p (p already past whitespace), or NULL. */
static const char *
rd_json_skip(const char *p, const char *end, int *type)
{
    size_t  depth;

    switch (*p) {
    case '"':
        *type = RD_JSON_STRING;
        return rd_json_skip_string(p, end);

    case '{':
    case '[':
        *type = *p == '{' ? RD_JSON_OBJECT : RD_JSON_ARRAY;

        /* brackets are counted, not matched: a mismatch is the page's
         * problem and costs nothing more than a wrong span */
        for (depth = 0; p < end; p++) {
            if (*p == '"') {
                p = rd_json_skip_string(p, end);
                if (p == NULL) {
                    return NULL;
                }
                p--;

            } else if (*p == '{' || *p == '[') {
                depth++;

            } else if (*p == '}' || *p == ']') {
                if (--depth == 0) {
                    return p + 1;
                }
            }
        }
        return NULL;

    case ',': case ':': case '}': case ']':
        return NULL;
    }

    *type = (*p == '-' || (*p >= '0' && *p <= '9')) ? RD_JSON_NUMBER
                                                    : RD_JSON_LITERAL;
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ':'
           && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
    {
        p++;
    }
    return p;
}


static int
rd_json_at(const char *p, const char *end, rd_json_t *v)
{
    const char  *e;
    int          type;

    p = rd_json_ws(p, end);
    if (p >= end) {
        return 0;
    }

    e = rd_json_skip(p, end, &type);
    if (e == NULL) {
        return 0;
    }

    v->p = p;
    v->end = e;
    v->type = type;
    return 1;
}


static const char *
rd_json_prefix(const char *p, const char *end, const char *prefix)
{
    size_t  n = strlen(prefix);

    p = rd_json_ws(p, end);
    if ((size_t) (end - p) >= n && memcmp(p, prefix, n) == 0) {
        return p + n;
    }
    return p;
}


int
rd_json_parse(const char *s, size_t len, rd_json_t *v)
{
    const char  *p = s, *end = s + len;

    /* script bodies are sometimes wrapped for ancient parsers */
    p = rd_json_prefix(p, end, "//");
    p = rd_json_prefix(p, end, "<!--");
    p = rd_json_prefix(p, end, "<![CDATA[");

    return rd_json_at(p, end, v);
}


void
rd_json_iter(const rd_json_t *v, rd_json_iter_t *it)
{
    if (v->type == RD_JSON_OBJECT || v->type == RD_JSON_ARRAY) {
        it->p = v->p + 1;
        it->end = v->end - 1;
        it->object = v->type == RD_JSON_OBJECT;

    } else {
        it->p = it->end = v->end;
        it->object = 0;
    }
}


int
rd_json_next(rd_json_iter_t *it, rd_json_t *key, rd_json_t *val)
{
    const char  *p = it->p;
    rd_json_t    unused;

    if (key == NULL) {
        key = &unused;
    }

    for ( ;; ) {
        p = rd_json_ws(p, it->end);
        if (p >= it->end) {
            return 0;
        }
        if (*p != ',') {
            break;
        }
        p++;
    }

    if (it->object) {
        if (!rd_json_at(p, it->end, key) || key->type != RD_JSON_STRING) {
            it->p = it->end;
            return 0;
        }

        p = rd_json_ws(key->end, it->end);
        if (p >= it->end || *p != ':') {
            it->p = it->end;
            return 0;
        }
        p++;

    } else {
        key->p = key->end = p;
        key->type = RD_JSON_NONE;
    }

    if (!rd_json_at(p, it->end, val)) {
        it->p = it->end;
        return 0;
    }

    it->p = val->end;
    return 1;
}


/* Keys are compared raw: the JSON-LD vocabulary needs no escapes. */
int
rd_json_key_is(const rd_json_t *key, const char *name)
{
    size_t  n = strlen(name);

    return key->type == RD_JSON_STRING && (size_t) (key->end - key->p) == n + 2
           && memcmp(key->p + 1, name, n) == 0;
}


int
rd_json_get(const rd_json_t *obj, const char *name, rd_json_t *val)
{
    rd_json_iter_t  it;
    rd_json_t       key;

    if (obj->type != RD_JSON_OBJECT) {
        return 0;
    }

    rd_json_iter(obj, &it);
    while (rd_json_next(&it, &key, val)) {
        if (rd_json_key_is(&key, name)) {
            return 1;
        }
    }
    return 0;
}


static unsigned
rd_json_hex4(const char *p, const char *end)
{
    unsigned  v = 0;
    int       i;

    if (end - p < 4) {
        return 0x10000;
    }

    for (i = 0; i < 4; i++) {
        char  c = p[i];

        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= (unsigned) (c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v |= (unsigned) (c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v |= (unsigned) (c - 'A' + 10);
        } else {
            return 0x10000;
        }
    }
    return v;
}


char *
rd_json_string(rd_arena_t *a, const rd_json_t *v, size_t max)
{
    const char     *p, *end;
    unsigned char  *out, *o;
    unsigned        cp, lo;
    size_t          n;

    if (v->type != RD_JSON_STRING) {
        return NULL;
    }

    p = v->p + 1;
    end = v->end - 1;
    n = (size_t) (end - p);

    /* an escape never decodes longer than it is written */
    out = rd_arena_alloc(a, (n < max ? n : max) + 4);
    if (out == NULL) {
        return NULL;
    }

    for (o = out; p < end && (size_t) (o - out) < max; ) {
        if (*p != '\\') {
            *o++ = (unsigned char) *p++;
            continue;
        }

        if (++p >= end) {
            break;
        }

        switch (*p++) {
        case 'b': *o++ = '\b'; continue;
        case 'f': *o++ = '\f'; continue;
        case 'n': *o++ = '\n'; continue;
        case 'r': *o++ = '\r'; continue;
        case 't': *o++ = '\t'; continue;
        case 'u': break;
        default: *o++ = (unsigned char) p[-1]; continue;
        }

        cp = rd_json_hex4(p, end);
        if (cp > 0xffff) {
            *o++ = '?';
            continue;
        }
        p += 4;

        if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 6 && p[0] == '\\'
            && p[1] == 'u'
            && (lo = rd_json_hex4(p + 2, end)) >= 0xdc00 && lo <= 0xdfff)
        {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            p += 6;

        } else if ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0) {
            cp = 0xfffd;
        }

        o += rd_utf8_put(cp, o);
    }

    if (p < end) {
        /* cut short: drop the last, perhaps partial, character */
        while (o > out && (o[-1] & 0xc0) == 0x80) {
            o--;
        }
        if (o > out && o[-1] >= 0xc0) {
            o--;
        }
    }

    *o = '\0';
    return (char *) out;
}
