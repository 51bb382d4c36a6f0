/* Every page of ../shared/corpus, for tests (header-only). */
#ifndef READER_CORPUS_H
#define READER_CORPUS_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slurp.h"

#define CORPUS  "../shared/corpus"


/*
 * Calls each(path, bytes, len, arg) for every <dataset>/<case>/source.html
 * under CORPUS (the bytes NUL-terminated, freed after the call).  Returns
 * the number of pages, or -1 after printing why when the corpus is absent
 * (a user's clone has no ../shared).
 */
static inline long
corpus_each(void (*each)(const char *path, const unsigned char *data,
    size_t len, void *arg), void *arg)
{
    DIR            *top, *ds;
    struct dirent  *d, *c;
    char            path[1024];
    unsigned char  *data;
    size_t          len;
    long            pages = 0;

    top = opendir(CORPUS);
    if (top == NULL) {
        printf("# skipped: %s: %s (the shared corpus is absent)\n", CORPUS,
               strerror(errno));
        return -1;
    }

    while ((d = readdir(top)) != NULL) {
        if (d->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", CORPUS, d->d_name);
        ds = opendir(path);
        if (ds == NULL) {
            continue;
        }

        while ((c = readdir(ds)) != NULL) {
            if (c->d_name[0] == '.') {
                continue;
            }
            snprintf(path, sizeof(path), "%s/%s/%s/source.html", CORPUS,
                     d->d_name, c->d_name);
            data = slurp(path, &len);
            if (data == NULL) {
                continue;
            }
            pages++;
            each(path, data, len, arg);
            free(data);
        }
        closedir(ds);
    }

    closedir(top);
    return pages;
}

#endif
