/* Reading a whole file into memory, for tests (header-only). */
#ifndef READER_SLURP_H
#define READER_SLURP_H

#include <stdio.h>
#include <stdlib.h>

/* The file's bytes, NUL-terminated (the NUL not counted in *len); NULL
 * and *len 0 when it cannot be read whole.  The caller frees. */
static inline unsigned char *
slurp(const char *path, size_t *len)
{
    FILE           *f;
    long            n;
    unsigned char  *b;

    *len = 0;

    f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }

    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0)
    {
        fclose(f);
        return NULL;
    }

    b = malloc((size_t) n + 1);
    if (b == NULL || fread(b, 1, (size_t) n, f) != (size_t) n) {
        fclose(f);
        free(b);
        return NULL;
    }

    fclose(f);
    b[n] = '\0';
    *len = (size_t) n;
    return b;
}

#endif
