package dev.asyncexample;

import org.apache.pekko.actor.CoordinatedShutdown;

/** Shutdown reason when start-up cannot complete; application.conf maps it to exit status 1. */
public enum StartupFailed implements CoordinatedShutdown.Reason {
  INSTANCE;

  @Override
  public String toString() {
    return "start-up failed";
  }
}
