/* Strict UTF-8 validation for tests and the fuzzer (header-only). */
#ifndef READER_UTF8_CHECK_H
#define READER_UTF8_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* Shortest forms only, no surrogates, nothing past U+10FFFF. */
static inline int
utf8_valid(const unsigned char *p, size_t n)
{
    const unsigned char  *end;
    uint32_t              cp, min;
    unsigned              c;
    size_t                k;

    if (n == 0) {
        return 1;
    }

    for (end = p + n; p < end; /* void */) {
        c = *p++;

        if (c < 0x80) {
            continue;
        }

        if (c >= 0xC2 && c <= 0xDF) {
            k = 1; cp = c & 0x1F; min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2; cp = c & 0x0F; min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3; cp = c & 0x07; min = 0x10000;
        } else {
            return 0;
        }

        if ((size_t) (end - p) < k) {
            return 0;
        }

        while (k--) {
            if ((*p & 0xC0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | (*p++ & 0x3F);
        }

        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
    }

    return 1;
}

#endif /* READER_UTF8_CHECK_H */
