# Container image for async-example (Pekko HTTP wrapper around JSONPlaceholder).
#
# Build:
#   docker build -t async-example .
# Run (serves on http://127.0.0.1:8000, Swagger UI at /docs):
#   docker run --rm -p 8000:8000 async-example
# Run without internet (the app starts its own fake JSONPlaceholder inside the JVM):
#   docker run --rm -p 8000:8000 -e UPSTREAM_BASE_URL=embedded async-example
#
# Other settings are environment variables (see conf/application.conf), e.g.
# -e UPSTREAM_TIMEOUT=5s -e LOG_LEVEL=DEBUG. Extra JVM options: -e JAVA_TOOL_OPTIONS="...".
# `docker stop` waits 10 s before SIGKILL, the same as HTTP_SHUTDOWN_DEADLINE's default;
# give it headroom (docker stop -t 15, or --stop-timeout 15 on run) if draining matters.

# ---------------------------------------------------------------------------------------------
# Build stage: JDK + Maven Wrapper produce target/async-example-thin.jar and target/lib/.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /build

# Wrapper and POM first: this layer (Maven itself plus the dependencies and plugins) is rebuilt
# only when one of them changes, not on every source edit.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
# Ref: go-offline resolves the declared dependencies and plugins; anything a plugin resolves
# lazily (e.g. Error Prone on the processor path) is still fetched by the package step below.
RUN chmod +x mvnw && ./mvnw -B -q dependency:go-offline

COPY conf/ conf/
COPY src/ src/
# Tests run in CI (.ci/run); the image build only compiles and packages.
RUN ./mvnw -B package -DskipTests

# ---------------------------------------------------------------------------------------------
# Runtime stage: JRE only, non-root, thin jar next to its lib/.
# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre-noble

# Ref: the Temurin Ubuntu images install curl themselves (kept "for historical reasons", see
# adoptium/containers issue 255), and the HEALTHCHECK below uses it. Should a future base image
# drop it, install it here rather than letting every health probe fail.
RUN if ! command -v curl >/dev/null 2>&1; then \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
      && rm -rf /var/lib/apt/lists/*; \
    fi

# A fixed, unprivileged uid/gid (handy for volume permissions and runAsUser policies) with no
# login shell and no home directory: the app only logs to stdout.
RUN groupadd --gid 10001 app \
    && useradd --uid 10001 --gid app --no-create-home --home-dir /app \
       --shell /usr/sbin/nologin app

WORKDIR /app
# Ref: the thin jar's manifest has Class-Path: lib/<jar> ..., resolved relative to the jar, so
# the jars must sit in /app/lib/. Dependencies are copied first: they change far less often than
# the application, so their layer stays cached (and shared between image versions).
COPY --from=build /build/target/lib/ /app/lib/
COPY --from=build /build/target/async-example-thin.jar /app/app.jar

# JVM flags for a small service, kept in JDK_JAVA_OPTIONS so `-e JDK_JAVA_OPTIONS=...` replaces them
# (the launcher prints them at start). Measured with bench/scale (docs/performance.md): the live heap
# stays near 25 MB under 1,000 connections, yet a heap sized from the host (MaxRAMPercentage with no
# container limit) let RSS grow past 850 MB. With a fixed 128 MB heap and the serial collector (two
# cores leave a parallel one little to gain) RSS stayed near 310 MB. For a larger heap, set
# -Xmx512m, or -XX:MaxRAMPercentage=75 to follow the container's memory limit.
ENV HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8000 \
    JDK_JAVA_OPTIONS="-Xmx128m -XX:+UseSerialGC"

# Start-up: a class-data-sharing archive of the classes a real start loads, written by a training run
# of this very image (same JDK, same class path, same flags). bench/startup times the same steps: the
# first answer came in 7.2 s instead of 24.8 s on a loaded two-core machine. The training run serves a
# post and a bookmark list against the embedded upstream and H2 (in memory), then stops on SIGTERM,
# when the JVM writes the archive. Should it write none, the JVM warns and starts without one.
RUN UPSTREAM_BASE_URL=embedded HTTP_PORT=8000 \
      java -XX:ArchiveClassesAtExit=/app/app.jsa -jar /app/app.jar & pid=$!; \
    for i in $(seq 240); do \
      curl -fs -o /dev/null http://127.0.0.1:8000/v1/posts/1 \
        && curl -fs -o /dev/null http://127.0.0.1:8000/v1/users/1/bookmarks && break; \
      sleep 0.5; \
    done; \
    kill -TERM "$pid"; wait "$pid"; ls -l /app/app.jsa

USER app:app
EXPOSE 8000

# Liveness only (/health); readiness (/ready) turns 503 while draining, which must not count as
# unhealthy. Shell form so HTTP_PORT is expanded; -f turns any non-2xx status into a failure,
# --noproxy keeps a proxy passed in with -e HTTP_PROXY=... out of a loopback call, and
# `|| exit 1` maps curl's many exit codes to the one Docker expects for "unhealthy".
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl --noproxy '*' -fsS --max-time 4 -o /dev/null "http://127.0.0.1:${HTTP_PORT}/health" || exit 1

# Ref: exec form, so java is PID 1 and receives docker stop's SIGTERM directly (the app handles it
# and exits 0 after a graceful shutdown). This also replaces the base image's CA-certificate
# entrypoint script, which this image does not need.
# ExitOnOutOfMemoryError lets the orchestrator restart a JVM that ran out of heap.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/app.jsa", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
