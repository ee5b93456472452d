package dev.asyncexample.upstream;

import org.apache.pekko.util.ByteString;

/** An upstream answer read in full: status and body. Shared as-is by every coalesced caller. */
public record UpstreamReply(int status, ByteString body) {}
