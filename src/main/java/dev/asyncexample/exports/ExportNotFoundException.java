package dev.asyncexample.exports;

import dev.asyncexample.http.ApiProblem;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** The export asked for does not exist (S3 said NoSuchKey). */
public final class ExportNotFoundException extends RuntimeException implements ApiProblem {
  private static final long serialVersionUID = 1L;

  ExportNotFoundException() {
    super("Export not found", null, false, false);
  }

  @Override
  public StatusCode status() {
    return StatusCodes.NOT_FOUND;
  }

  @Override
  public String detail() {
    return getMessage();
  }

  @Override
  public boolean logged() {
    return false;
  }
}
