package dev.asyncexample.bookmarks;

/** The bookmark contract on the embedded default, H2 in memory (ApiTestSupport's database). */
class BookmarksOnH2Test extends BookmarksTests {}
