package dev.asyncexample.lambda;

import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * An event turned into a request, with what the answer's shape depends on.
 *
 * @param multiValue the event carried multi-value headers (an ALB answers in kind)
 */
record LambdaRequest(EventShape shape, boolean multiValue, HttpRequest request) {}
