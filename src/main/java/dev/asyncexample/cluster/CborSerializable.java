package dev.asyncexample.cluster;

/**
 * Marks a message that may travel between nodes; application.conf binds it to Pekko's Jackson CBOR
 * serializer, so such messages are records Jackson can write, never Java serialization.
 */
public interface CborSerializable {}
