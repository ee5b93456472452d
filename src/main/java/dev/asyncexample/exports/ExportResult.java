package dev.asyncexample.exports;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What {@code POST /v1/exports} answers: where the object is, and how many posts and bytes it has.
 *
 * @param name the export's name, as {@code GET /v1/exports/{name}} takes it
 */
public record ExportResult(
    String bucket, String key, long posts, long bytes, @JsonIgnore String name) {}
