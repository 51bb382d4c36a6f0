/* Growable buffers and the per-result bump arena. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"


/*
 * Grows b to hold extra more bytes than it has: to twice its capacity, or
 * to exactly what is asked when that is more (one large reserve, such as a
 * page's size, is not rounded up to a power of two).
 */
static int
rd_buf_grow(reader_buf_t *b, size_t extra)
{
    size_t          cap;
    unsigned char  *p;

    if (extra >= SIZE_MAX / 2 - b->len) {
        b->failed = 1;
        return 0;
    }

    cap = b->cap > 128 ? b->cap * 2 : 256;
    if (cap <= b->len + extra) {
        cap = b->len + extra + 1;
    }

    p = realloc(b->data, cap);
    if (p == NULL) {
        b->failed = 1;
        return 0;
    }

    b->data = p;
    b->cap = cap;
    return 1;
}


/* Makes room for extra bytes after len (and one more: cap > len + extra). */
int
rd_buf_reserve(reader_buf_t *b, size_t extra)
{
    if (b->failed) {
        return 0;
    }

    return b->cap - b->len > extra || rd_buf_grow(b, extra);
}


/* Appends n bytes and keeps the buffer NUL-terminated (not counted in len). */
void
rd_buf_append(reader_buf_t *b, const void *p, size_t n)
{
    if (b->failed || (b->cap - b->len <= n + 1 && !rd_buf_grow(b, n + 1))) {
        return;
    }

    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}


void
rd_buf_puts(reader_buf_t *b, const char *s)
{
    rd_buf_append(b, s, strlen(s));
}


void
rd_buf_putc(reader_buf_t *b, int c)
{
    if (b->failed || (b->cap - b->len <= 2 && !rd_buf_grow(b, 2))) {
        return;
    }

    b->data[b->len++] = (unsigned char) c;
    b->data[b->len] = '\0';
}


void
reader_buf_free(reader_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}


struct rd_arena_block_s {
    rd_arena_block_t   *next;
    size_t              used;
    size_t              size;
    max_align_t         data[];
};

#define RD_ARENA_BLOCK  16384


void *
rd_arena_alloc(rd_arena_t *a, size_t n)
{
    rd_arena_block_t  *b = a->head;
    size_t             size;
    void              *p;

    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);

    if (b == NULL || b->size - b->used < n) {
        size = n > RD_ARENA_BLOCK / 4 ? n : RD_ARENA_BLOCK;
        b = malloc(sizeof(rd_arena_block_t) + size);
        if (b == NULL) {
            return NULL;
        }

        b->size = size;
        b->used = 0;

        if (a->head && size != RD_ARENA_BLOCK) {
            /* a large block goes behind the current one, which stays open */
            b->next = a->head->next;
            a->head->next = b;

        } else {
            b->next = a->head;
            a->head = b;
        }
    }

    p = (char *) b->data + b->used;
    b->used += n;
    return p;
}


char *
rd_arena_strndup(rd_arena_t *a, const char *s, size_t n)
{
    char  *p = rd_arena_alloc(a, n + 1);

    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }

    return p;
}


char *
rd_arena_strdup(rd_arena_t *a, const char *s)
{
    return s ? rd_arena_strndup(a, s, strlen(s)) : NULL;
}


void
rd_arena_free(rd_arena_t *a)
{
    rd_arena_block_t  *b, *next;

    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }

    a->head = NULL;
}
