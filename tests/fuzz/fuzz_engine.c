/*
 * libFuzzer harness: the whole engine on arbitrary bytes.
 *
 * The first byte picks options (force, a transport charset hint, tight
 * limits); the rest is the page.  Every format is rendered and must be
 * valid UTF-8, and libxml2 must never stop at its depth limit (the
 * pre-scan bounds nesting); the same bytes also go through reader_inflate.
 * Built by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined);
 * tests/unit/test_fuzz_regress.c replays tests/fuzz/regressions with it.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "utf8_check.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static const char  *fuzz_charsets[8] = {
    NULL, "utf-8", "windows-1252", "gbk", "shift_jis", "utf-16le", "x-bogus",
    NULL
};


static void
fuzz_render(const reader_result_t *res, reader_format_e fmt)
{
    reader_buf_t  out = { 0 };

    if (reader_render(res, fmt, NULL, &out) == READER_OK
        && !utf8_valid(out.data, out.len))
    {
        fprintf(stderr, "format %d: output is not valid UTF-8\n", (int) fmt);
        abort();
    }

    reader_buf_free(&out);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int         initialised;
    reader_options_t   opt;
    reader_result_t   *res;
    reader_buf_t       out = { 0 };
    unsigned           flags;

    if (!initialised) {
        reader_init();
        initialised = 1;
    }

    if (size == 0) {
        return 0;
    }

    flags = data[0];
    data++;
    size--;

    reader_options_init(&opt);
    opt.force = flags & 1;
    opt.charset = fuzz_charsets[(flags >> 1) & 7];
    opt.url = "http://example.com/dir/page.html";
    opt.max_size = 1u << 20;
    if (flags & 0x10) {
        opt.max_nodes = 2000;
        opt.max_depth = 40;
    }

    res = reader_extract(data, size, &opt);
    if (res) {
        /* the pre-scan's depth bound keeps libxml2 from stopping early */
        if (strstr(reader_result_reason(res), "nests too deeply")) {
            fprintf(stderr, "libxml2 hit its depth limit\n");
            abort();
        }

        if (reader_result_status(res) == READER_OK) {
            fuzz_render(res, READER_FORMAT_HTML);
            fuzz_render(res, READER_FORMAT_TEXT);
        }
        fuzz_render(res, READER_FORMAT_JSON);
        reader_result_free(res);
    }

    reader_inflate(data, size, 1u << 20, &out);
    reader_buf_free(&out);

    return 0;
}

