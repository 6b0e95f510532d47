# The denofn platform image: one entry (src/main/main.ts); compose runs it as two roles.
# Online (defaults): docker build -t denofn .
# Offline (after `deno task images`):
#   docker build --build-arg BASE_IMAGE=denofn/base-deno --build-arg DOCKER_CLI_IMAGE=denofn/docker-cli \
#     --build-arg DENO_DIR_IMAGE=denofn/deno-deps -t denofn .
ARG BASE_IMAGE=denoland/deno:2.9.6
ARG DOCKER_CLI_IMAGE=docker:28-cli
ARG DENO_DIR_IMAGE=denoland/deno:2.9.6

FROM ${DOCKER_CLI_IMAGE} AS docker-cli
FROM ${DENO_DIR_IMAGE} AS deno-dir

FROM ${BASE_IMAGE}
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
COPY --from=deno-dir /deno-dir /deno-dir
# Builds use their own Deno cache: here the image's, which holds the bundler and npm packages.
ENV DENO_DIR=/deno-dir DENOFN_BUILD_CACHE=/deno-dir DENO_NO_UPDATE_CHECK=1 PORT=8000 \
    DENOFN_REGISTRY_IN=/srv/denofn/registry_in DENOFN_REGISTRY=/srv/denofn/registry \
    DENOFN_DATA=/srv/denofn/data DENOFN_TEMPLATES=/srv/denofn/templates
WORKDIR /srv/denofn
COPY . .
RUN ["deno", "cache", "src/main/main.ts"]
EXPOSE 8000
ENTRYPOINT []
# One entry for every role: DENOFN_ROLE=all (default), registry or gateway.
CMD ["deno", "run", "--allow-all", "--unstable-kv", "--unstable-no-legacy-abort", "--v8-flags=--max-semi-space-size=64", "src/main/main.ts"]
