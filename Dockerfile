# ChronoTrail server image: built from Debian bookworm with the project's own bootstrap and CMake;
# the runtime stage carries only the binary and the shared libraries it links.
# Build: docker build -t chronotrail-api .   (scripts/check-image proves it with podman, offline)

FROM debian:bookworm AS build
# Parallel compile jobs; the default suits a small CI machine.
ARG JOBS=2
WORKDIR /src
COPY scripts/bootstrap scripts/bootstrap
RUN scripts/bootstrap run && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt ./
COPY cmake cmake
COPY src src
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHRONOTRAIL_TESTS=OFF \
 && cmake --build build -j "${JOBS}" --target chronotrail \
 && strip build/chronotrail

FROM debian:bookworm AS runtime
# The libraries `ldd chronotrail` lists, ca-certificates for TLS to RDS, S3 and Cognito, tzdata
# for date-tz, and curl for the HEALTHCHECK (libcurl is linked already; the tool adds ~300 kB).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libboost-json1.81.0 libboost-url1.81.0 libdate-tz3 libpq5 libsqlite3-0 libssl3 libcurl4 \
      ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/chronotrail --shell /usr/sbin/nologin chronotrail \
 && install -d -o chronotrail -g chronotrail -m 0750 /var/lib/chronotrail
COPY --from=build /src/build/chronotrail /usr/local/bin/chronotrail

# The only writable path the server needs (SQLite file and local key when run standalone);
# ECS mounts a task volume here and keeps the root filesystem read-only.
ENV CHRONOTRAIL_DATA_DIR=/var/lib/chronotrail \
    HOST=0.0.0.0 \
    PORT=8000
VOLUME ["/var/lib/chronotrail"]
WORKDIR /var/lib/chronotrail
USER chronotrail
EXPOSE 8000
# The server drains in-flight requests on SIGTERM (SHUTDOWN_TIMEOUT_SECONDS), which ECS sends.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/health" || exit 1
# JSON log lines go to stdout, where awslogs picks them up.
ENTRYPOINT ["/usr/local/bin/chronotrail"]
CMD ["serve"]
