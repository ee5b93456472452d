package dev.asyncexample.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Exports to S3: how many finished or failed, the bytes and parts uploaded, uploads aborted. */
public final class ExportMeters {

  private final Counter succeeded;
  private final Counter failed;
  private final Counter bytes;
  private final Counter parts;
  private final Counter aborts;

  public ExportMeters(MeterRegistry registry) {
    this.succeeded = exports(registry, "success");
    this.failed = exports(registry, "failure");
    this.bytes =
        Counter.builder("exports.bytes")
            .description("Bytes of NDJSON uploaded by exports")
            .baseUnit("bytes")
            .register(registry);
    this.parts =
        Counter.builder("exports.parts")
            .description("Parts uploaded (a single PUT counts as one)")
            .register(registry);
    this.aborts =
        Counter.builder("exports.aborts")
            .description("Multipart uploads aborted after a failure")
            .register(registry);
  }

  private static Counter exports(MeterRegistry registry, String result) {
    return Counter.builder("exports")
        .description("Exports finished, by result")
        .tag("result", result)
        .register(registry);
  }

  public void succeeded() {
    succeeded.increment();
  }

  public void failed() {
    failed.increment();
  }

  public void partUploaded(long size) {
    parts.increment();
    bytes.increment((double) size);
  }

  public void aborted() {
    aborts.increment();
  }
}
