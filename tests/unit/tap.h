/* A minimal TAP producer for the unit tests (header-only). */
#ifndef READER_TAP_H
#define READER_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int  tap_run, tap_failed;

static inline void
plan(int n)
{
    printf("1..%d\n", n);
}

static inline int
ok(int cond, const char *fmt, ...)
{
    va_list  ap;

    tap_run++;
    if (!cond) {
        tap_failed++;
    }

    printf("%sok %d - ", cond ? "" : "not ", tap_run);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return cond;
}

static inline int
is_str(const char *got, const char *want, const char *name)
{
    int  same = (got == NULL && want == NULL)
                || (got && want && strcmp(got, want) == 0);

    if (!ok(same, "%s", name)) {
        printf("#   got:      %s%s%s\n#   expected: %s%s%s\n",
               got ? "'" : "", got ? got : "NULL", got ? "'" : "",
               want ? "'" : "", want ? want : "NULL", want ? "'" : "");
    }
    return same;
}

static inline int
is_int(long long got, long long want, const char *name)
{
    if (!ok(got == want, "%s", name)) {
        printf("#   got: %lld\n#   expected: %lld\n", got, want);
    }
    return got == want;
}

/* Prints the plan after the tests; returns the exit status for main(). */
static inline int
done_testing(void)
{
    printf("1..%d\n", tap_run);
    return tap_failed ? 1 : 0;
}

#endif /* READER_TAP_H */
