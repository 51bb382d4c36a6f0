/*
 * What JSON-LD says about the article: the first object of an Article or
 * SocialMediaPosting type (a type IRI's last segment; arrays, @graph and
 * WebPage.mainEntity looked into, to a bounded depth) gives the headline,
 * authors (strings, Persons, references by @id), date, publisher, image
 * and description; a WebPage its date, a WebSite its name.
 */

#include <string.h>

#include "internal.h"


#define RD_LD_DEPTH  4          /* array / @graph / mainEntity levels */


/* The last segment of a type IRI: "http://schema.org/NewsArticle". */
static int
rd_ld_type_is(const rd_json_t *v, const char *suffix, int exact)
{
    const char  *p = v->p + 1, *end = v->end - 1, *s;
    size_t       n = strlen(suffix);

    if (v->type != RD_JSON_STRING) {
        return 0;
    }

    for (s = end; s > p && s[-1] != '/' && s[-1] != ':' && s[-1] != '#'; s--) {
        /* back to the last segment */
    }

    if (exact) {
        return (size_t) (end - s) == n && memcmp(s, suffix, n) == 0;
    }
    return (size_t) (end - s) >= n && memcmp(end - n, suffix, n) == 0;
}


enum {
    RD_LD_OTHER = 0,
    RD_LD_ARTICLE,
    RD_LD_PAGE,
    RD_LD_SITE
};


static int
rd_ld_kind1(const rd_json_t *t)
{
    /* schema.org's Article and SocialMediaPosting families */
    if (rd_ld_type_is(t, "Article", 0) || rd_ld_type_is(t, "Posting", 0)
        || rd_ld_type_is(t, "Report", 1) || rd_ld_type_is(t, "APIReference", 1))
    {
        return RD_LD_ARTICLE;
    }
    if (rd_ld_type_is(t, "WebSite", 1)) {
        return RD_LD_SITE;
    }
    if (rd_ld_type_is(t, "Page", 0)) {
        return RD_LD_PAGE;
    }
    return RD_LD_OTHER;
}


static int
rd_ld_kind(const rd_json_t *type)
{
    rd_json_iter_t  it;
    rd_json_t       t;
    int             kind, best = RD_LD_OTHER;

    if (type->type != RD_JSON_ARRAY) {
        return rd_ld_kind1(type);
    }

    rd_json_iter(type, &it);
    while (rd_json_next(&it, NULL, &t)) {
        kind = rd_ld_kind1(&t);
        if (kind == RD_LD_ARTICLE) {
            return kind;
        }
        if (best == RD_LD_OTHER) {
            best = kind;
        }
    }
    return best;
}


static const char *
rd_ld_str(reader_result_t *r, const rd_json_t *v, size_t max)
{
    char  *s = rd_json_string(&r->arena, v, 4 * max);

    return s ? rd_meta_clean(&r->arena, s, strlen(s), max, RD_CLEAN_ENTITIES)
             : NULL;
}


/* An object's "name", or a string itself. */
static const char *
rd_ld_name(reader_result_t *r, const rd_json_t *v, size_t max)
{
    rd_json_t  name;

    if (v->type == RD_JSON_STRING) {
        return rd_ld_str(r, v, max);
    }
    return rd_json_get(v, "name", &name) ? rd_ld_str(r, &name, max) : NULL;
}


/* The object of scope (an array or @graph) whose @id equals id. */
static int
rd_ld_find_id(const rd_json_t *scope, const rd_json_t *id, rd_json_t *out)
{
    rd_json_iter_t  it;
    rd_json_t       item, v;

    if (scope == NULL || id->type != RD_JSON_STRING) {
        return 0;
    }

    rd_json_iter(scope, &it);
    while (rd_json_next(&it, NULL, &item)) {
        if (rd_json_get(&item, "@id", &v) && v.type == RD_JSON_STRING
            && v.end - v.p == id->end - id->p
            && memcmp(v.p, id->p, (size_t) (v.end - v.p)) == 0)
        {
            *out = item;
            return 1;
        }
    }
    return 0;
}


/* One author: a string, a Person (its name), or a reference by @id. */
static const char *
rd_ld_person(reader_result_t *r, const rd_json_t *v, const rd_json_t *scope)
{
    rd_json_t    id, ref;
    const char  *name;

    name = rd_ld_name(r, v, RD_META_BYLINE_MAX);
    if (name == NULL && v->type == RD_JSON_OBJECT
        && rd_json_get(v, "@id", &id) && rd_ld_find_id(scope, &id, &ref))
    {
        name = rd_ld_name(r, &ref, RD_META_BYLINE_MAX);
    }
    return name && !rd_meta_is_url(name) ? name : NULL;
}


/* author: a string, an object, or an array of them joined with ", ". */
static const char *
rd_ld_authors(reader_result_t *r, const rd_json_t *v, const rd_json_t *scope)
{
    rd_json_iter_t  it;
    rd_json_t       item;
    reader_buf_t    b = { 0 };
    const char     *name, *s;
    unsigned        n = 0;

    if (v->type != RD_JSON_ARRAY) {
        return rd_ld_person(r, v, scope);
    }

    rd_json_iter(v, &it);
    while (n < 8 && rd_json_next(&it, NULL, &item)) {
        name = rd_ld_person(r, &item, scope);
        if (name == NULL || (b.data && strstr((char *) b.data, name))) {
            continue;
        }
        if (n++) {
            rd_buf_puts(&b, ", ");
        }
        rd_buf_puts(&b, name);
    }

    s = b.data ? rd_meta_clean(&r->arena, (char *) b.data, b.len,
                               RD_META_BYLINE_MAX, 0)
               : NULL;
    reader_buf_free(&b);
    return s;
}


/* image: a URL string, an ImageObject (url, contentUrl), or an array. */
static const char *
rd_ld_image(reader_result_t *r, const rd_json_t *v)
{
    rd_json_iter_t  it;
    rd_json_t       item, u;

    if (v->type == RD_JSON_ARRAY) {
        rd_json_iter(v, &it);
        return rd_json_next(&it, NULL, &item) && item.type != RD_JSON_ARRAY
               ? rd_ld_image(r, &item) : NULL;
    }
    if (v->type == RD_JSON_OBJECT) {
        if (rd_json_get(v, "url", &u) || rd_json_get(v, "contentUrl", &u)) {
            return rd_ld_str(r, &u, 2048);
        }
        return NULL;
    }
    return rd_ld_str(r, v, 2048);
}


static void rd_ld_value(reader_result_t *r, rd_ld_t *ld, const rd_json_t *v,
    const rd_json_t *scope, int depth);


static void
rd_ld_object(reader_result_t *r, rd_ld_t *ld, const rd_json_t *obj,
    const rd_json_t *scope, int depth)
{
    rd_json_iter_t  it;
    rd_json_t       key, val, type = { 0 }, headline = { 0 }, name = { 0 };
    rd_json_t       author = { 0 }, date = { 0 }, publisher = { 0 };
    rd_json_t       image = { 0 }, desc = { 0 }, main = { 0 }, graph = { 0 };
    int             kind;

    /* one pass over the members */
    rd_json_iter(obj, &it);
    while (rd_json_next(&it, &key, &val)) {
        if (rd_json_key_is(&key, "@type")) {
            type = val;
        } else if (rd_json_key_is(&key, "headline")) {
            headline = val;
        } else if (rd_json_key_is(&key, "name")) {
            name = val;
        } else if (rd_json_key_is(&key, "author")
                   || (author.type == RD_JSON_NONE
                       && rd_json_key_is(&key, "creator")))
        {
            author = val;
        } else if (rd_json_key_is(&key, "datePublished")
                   || (date.type == RD_JSON_NONE
                       && rd_json_key_is(&key, "dateCreated")))
        {
            date = val;
        } else if (rd_json_key_is(&key, "publisher")) {
            publisher = val;
        } else if (rd_json_key_is(&key, "image")
                   || (image.type == RD_JSON_NONE
                       && rd_json_key_is(&key, "thumbnailUrl")))
        {
            image = val;
        } else if (rd_json_key_is(&key, "description")) {
            desc = val;
        } else if (rd_json_key_is(&key, "mainEntity")) {
            main = val;
        } else if (rd_json_key_is(&key, "@graph")) {
            graph = val;
        }
    }

    if (graph.type != RD_JSON_NONE) {
        rd_ld_value(r, ld, &graph, &graph, depth + 1);
    }

    kind = type.type != RD_JSON_NONE ? rd_ld_kind(&type) : RD_LD_OTHER;

    if (kind == RD_LD_ARTICLE && !ld->article) {
        ld->article = 1;
        ld->title = rd_ld_str(r, headline.type ? &headline : &name,
                              RD_META_TITLE_MAX);
        if (headline.type && name.type) {
            ld->name = rd_ld_str(r, &name, RD_META_TITLE_MAX);
        }
        ld->author = author.type ? rd_ld_authors(r, &author, scope) : NULL;
        ld->published = date.type ? rd_ld_str(r, &date, 64) : NULL;
        ld->publisher = publisher.type
                        ? rd_ld_name(r, &publisher, RD_META_BYLINE_MAX) : NULL;
        ld->image = image.type ? rd_ld_image(r, &image) : NULL;
        ld->description = desc.type ? rd_ld_str(r, &desc, 1000) : NULL;

    } else if (kind == RD_LD_PAGE) {
        if (ld->page_date == NULL && date.type) {
            ld->page_date = rd_ld_str(r, &date, 64);
        }
        if (main.type == RD_JSON_OBJECT || main.type == RD_JSON_ARRAY) {
            rd_ld_value(r, ld, &main, scope, depth + 1);
        }

    } else if (kind == RD_LD_SITE && ld->site == NULL && name.type) {
        ld->site = rd_ld_str(r, &name, RD_META_BYLINE_MAX);
    }
}


/* A top-level value, an array of them, or a @graph; depth-bounded. */
static void
rd_ld_value(reader_result_t *r, rd_ld_t *ld, const rd_json_t *v,
    const rd_json_t *scope, int depth)
{
    rd_json_iter_t  it;
    rd_json_t       item;

    if (depth > RD_LD_DEPTH) {
        return;
    }

    if (v->type == RD_JSON_ARRAY) {
        rd_json_iter(v, &it);
        while (rd_json_next(&it, NULL, &item)) {
            rd_ld_value(r, ld, &item, v, depth + 1);
        }

    } else if (v->type == RD_JSON_OBJECT) {
        rd_ld_object(r, ld, v, scope, depth);
    }
}


void
rd_meta_ld(reader_result_t *r, rd_ld_t *ld, const char *s, size_t len)
{
    rd_json_t  v;

    if (rd_json_parse(s, len, &v)) {
        rd_ld_value(r, ld, &v, v.type == RD_JSON_ARRAY ? &v : NULL, 0);
    }
}
