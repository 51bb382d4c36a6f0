# nginx-reader: the engine, its tools, the nginx module and the tests.
#   make            build/reader-extract and build/reader-bench
#   make test       unit tests (TAP) and the nginx tests
#   make eval       accuracy over ../shared/corpus (when present); fails when
#                   a dataset's F1 drops more than 0.005 below
#                   tests/eval-baseline.tsv (EVAL_ARGS=--write-baseline
#                   rewrites it)
#   make bench      engine speed against the bare libxml2 parse
#   make bench-server  one nginx worker under wrk: static+gzip, reader page,
#                   cached reader page (docs/performance.md, Server)
#   make module     build/ngx_http_reader_filter_module.so
#   make run        nginx with the module, serving docs/examples on :8080
#   make SAN=1 ...  the same with ASan+UBSan, in build/asan

CC      ?= cc
BUILD   ?= build
XML_CFLAGS := $(shell xml2-config --cflags 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell xml2-config --libs 2>/dev/null || echo -lxml2)

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
           -Wshadow -Wstrict-prototypes -fPIC $(XML_CFLAGS)
LDLIBS  += $(XML_LIBS) -lz -lm

ifeq ($(SAN),1)
BUILD   := build/asan
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

ENGINE_SRC := $(filter-out src/cli.c,$(wildcard src/*.c))
ENGINE_OBJ := $(ENGINE_SRC:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%.t)

.PHONY: all test unit nginx-test eval bench module run fuzz hostile-full clean

all: $(BUILD)/reader-extract $(BUILD)/reader-bench

$(BUILD)/obj/%.o: src/%.c src/reader.h src/internal.h
	@mkdir -p $(@D)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libreader.a: $(ENGINE_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/reader-extract: src/cli.c $(BUILD)/libreader.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libreader.a $(LDLIBS)

$(BUILD)/reader-bench: tests/bench/reader-bench.c $(BUILD)/libreader.a
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libreader.a $(LDLIBS)

$(BUILD)/tests/%.t: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libreader.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Isrc -Itests/unit $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libreader.a $(LDLIBS)

unit: $(UNIT_BIN) $(BUILD)/reader-extract
	READER_EXTRACT=$(BUILD)/reader-extract prove --exec '' $(UNIT_BIN)
	READER_EXTRACT=$(BUILD)/reader-extract prove tests/cli/ tests/source/

test: unit nginx-test

nginx-test: module $(BUILD)/reader-extract
	READER_MODULE=$(abspath $(BUILD))/ngx_http_reader_filter_module.so \
	READER_EXTRACT=$(abspath $(BUILD))/reader-extract prove tests/nginx/

eval: $(BUILD)/reader-extract
	python3 tools/eval.py --extract $(BUILD)/reader-extract \
	    --baseline tests/eval-baseline.tsv $(EVAL_ARGS)

bench: $(BUILD)/reader-bench
	sh tools/bench.sh $(BUILD)/reader-bench

# Wall milliseconds per engine stage over the corpus, beside the bare parse.
.PHONY: bench-stages
bench-stages: $(BUILD)/reader-stages
	sh tools/bench.sh --stages $(BUILD)/reader-stages

$(BUILD)/reader-stages: tests/bench/stages.c $(BUILD)/libreader.a
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libreader.a $(LDLIBS)

.PHONY: bench-server
bench-server: module $(BUILD)/reader-bench $(BUILD)/reader-extract
	READER_MODULE=$(abspath $(BUILD))/ngx_http_reader_filter_module.so \
	READER_BENCH=$(abspath $(BUILD))/reader-bench \
	READER_EXTRACT=$(abspath $(BUILD))/reader-extract \
	    sh tools/bench-server.sh --write

module: $(BUILD)/ngx_http_reader_filter_module.so

MODULE_DEPS := config $(wildcard ngx_module/*.c ngx_module/*.h) $(ENGINE_SRC) \
               src/reader.h src/internal.h

$(BUILD)/ngx_http_reader_filter_module.so: $(MODULE_DEPS)
	sh tools/build-module.sh $(BUILD)

run: module
	sh tools/run.sh $(BUILD)

# The nginx tests under memory checkers, and a bounded load test (wrk on
# 127.0.0.1, every run under 60 s) mixing reader pages, hostile pages,
# upstream faults and clients that go away:
#   nginx-test-asan      every tests/nginx/*.t, the module built with
#                        ASan+UBSan, nginx with the ASan runtime preloaded
#   nginx-test-valgrind  a subset, nginx single-process under memcheck
#   load-test            tests/load/*.t
NGX_ASAN_DIR    := build/nginx-asan
NGX_ASAN_MODULE := $(NGX_ASAN_DIR)/ngx_http_reader_filter_module.so
NGX_SAN_FLAGS   := -fsanitize=address,undefined

.PHONY: nginx-test-asan nginx-test-valgrind load-test

$(NGX_ASAN_MODULE): $(MODULE_DEPS)
	NGX_CC_OPT="-g -O1 -fno-omit-frame-pointer $(NGX_SAN_FLAGS) \
	    -fno-sanitize-recover=undefined" NGX_LD_OPT="$(NGX_SAN_FLAGS)" \
	    sh tools/build-module.sh $(NGX_ASAN_DIR)

nginx-test-asan: $(NGX_ASAN_MODULE) $(BUILD)/reader-extract
	READER_EXTRACT=$(abspath $(BUILD))/reader-extract \
	    sh tools/nginx-asan.sh $(NGX_ASAN_MODULE)

nginx-test-valgrind: module $(BUILD)/reader-extract
	READER_EXTRACT=$(abspath $(BUILD))/reader-extract \
	    sh tools/nginx-valgrind.sh $(BUILD)/ngx_http_reader_filter_module.so

load-test: module
	READER_MODULE=$(abspath $(BUILD))/ngx_http_reader_filter_module.so \
	    prove tests/load/

# The hostile inputs at the generator's full profile (written to a temporary
# directory; minutes, for CI): the same checks as test_hostile in make unit.
hostile-full: $(BUILD)/tests/test_hostile.t $(BUILD)/reader-extract
	sh tests/hostile/full.sh $(BUILD)

# libFuzzer over the whole engine for FUZZ_SECONDS (make fuzz FUZZ_SECONDS=600).
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/fuzz_engine: tests/fuzz/fuzz_engine.c tests/unit/utf8_check.h \
                           $(ENGINE_SRC) src/reader.h src/internal.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L \
	    -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined $(XML_CFLAGS) -Isrc -Itests/unit \
	    -o $@ $< $(ENGINE_SRC) $(XML_LIBS) -lz -lm

fuzz: $(BUILD)/fuzz/fuzz_engine
	nice -n 10 sh tests/fuzz/run.sh $< $(FUZZ_SECONDS)

clean:
	rm -rf build

# Real-browser tests (tests/browser/; tools/install-browser.sh installs
# Chromium and playwright-core).  The oracle (docs/security.md) adds its
# nginx mode when the module is built; xss-full builds it.
.PHONY: xss-quick xss-full browser-test screenshots
BROWSER_ENV = READER_EXTRACT=$(abspath $(BUILD)/reader-extract)

xss-quick: $(BUILD)/reader-extract
	$(BROWSER_ENV) node tests/browser/xss-oracle.mjs --every 9 --label xss-quick

xss-full: $(BUILD)/reader-extract module
	$(BROWSER_ENV) node tests/browser/xss-oracle.mjs --label xss-full

browser-test: $(BUILD)/reader-extract
	$(BROWSER_ENV) node --test tests/browser/pages.test.mjs

screenshots: $(BUILD)/reader-extract
	$(BROWSER_ENV) node tests/browser/screenshots.mjs

test: xss-quick browser-test

# docs/directives.md against the module's directive and variable tables,
# the reader directives used in the docs' examples, and the relative links
# of the markdown files (tests/docs/).
.PHONY: docs-check
docs-check:
	prove tests/docs/
