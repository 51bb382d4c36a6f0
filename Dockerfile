# syntax=docker/dockerfile:1
#
# nginx-reader: Debian 12's nginx with the reader module, serving the sample
# site (or proxying an upstream), as a non-root user on port 8080.
#
#   docker build -t nginx-reader .
#   docker run --rm -p 8080:8080 nginx-reader
#   open http://127.0.0.1:8080/read/blog/tide-clock.html
#
# Environment (tools/docker-entrypoint.sh): LISTEN (8080), READER_MODE
# (site, proxy, origin), UPSTREAM (host:port, proxy mode), WORKER_PROCESSES,
# ACCESS_LOG.  docs/deployment.md has the details and a Kubernetes example.
#
# Every RUN is a step of tools/docker-build.sh, which CI runs without Docker
# (tools/docker-build.sh ci).  A dynamic module must be built for the exact
# nginx that loads it: the builder starts from the runtime base, so both
# have the same nginx package.

ARG BASE=debian:bookworm-slim

FROM ${BASE} AS base
COPY tools/docker-build.sh /usr/local/share/nginx-reader/docker-build.sh
RUN sh /usr/local/share/nginx-reader/docker-build.sh runtime-deps --clean


FROM base AS builder
RUN sh /usr/local/share/nginx-reader/docker-build.sh build-deps --clean
COPY . /src
RUN sh /src/tools/docker-build.sh install /out \
 && sh /src/tools/docker-build.sh selftest /out


FROM base
COPY --from=builder /out/ /
RUN sh /usr/local/share/nginx-reader/docker-build.sh user
USER 10001:10001
ENV LISTEN=8080 READER_MODE=site
# the module loads into this image's nginx and the configuration is valid
# (no access log: the build's stdout is not the container's)
RUN ["env", "ACCESS_LOG=off", "nginx-reader", "check"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["nginx-reader", "health"]
ENTRYPOINT ["nginx-reader"]
CMD ["run"]
