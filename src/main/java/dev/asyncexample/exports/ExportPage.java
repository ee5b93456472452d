package dev.asyncexample.exports;

import java.util.List;

/**
 * One page of exports, oldest first.
 *
 * @param next the name to pass as {@code after} for the next page, or null on the last page
 */
public record ExportPage(List<ExportItem> items, String next) {}
