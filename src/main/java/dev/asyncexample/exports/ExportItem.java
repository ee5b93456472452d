package dev.asyncexample.exports;

import java.time.Instant;

/** One export as {@code GET /v1/exports} lists it. */
public record ExportItem(String name, String key, long size, Instant lastModified) {}
