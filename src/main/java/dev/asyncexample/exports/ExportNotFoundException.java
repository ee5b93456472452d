package dev.asyncexample.exports;

/** The export asked for does not exist (S3 said NoSuchKey). */
public final class ExportNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ExportNotFoundException() {
    super("Export not found", null, false, false);
  }
}
