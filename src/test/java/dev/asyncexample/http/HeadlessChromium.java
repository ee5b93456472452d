package dev.asyncexample.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Nothing is downloaded: both
 * executables are named, so Selenium Manager never runs. {@code BROWSER_TESTS} (environment
 * variable or system property) says what happens when they are missing: {@code auto} skips with the
 * reason, {@code required} fails (the default when {@code CI=true}), {@code off} always skips.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

  private final Path scratch;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final List<ProcessHandle> processes;

  private HeadlessChromium(Path scratch, ChromeDriverService service, ChromeDriver driver) {
    this.scratch = scratch;
    this.service = service;
    this.driver = driver;
    // chromedriver and the browser it started, so close() can check that they all went away.
    this.processes =
        ProcessHandle.current()
            .descendants()
            .filter(process -> process.info().command().orElse("").contains("chrom"))
            .collect(Collectors.toList());
  }

  /** Returns if both executables are there; otherwise skips or fails, as BROWSER_TESTS says. */
  static void skipUnlessInstalled() {
    String mode = mode();
    Assumptions.assumeFalse(mode.equals("off"), "BROWSER_TESTS=off");
    List<Path> missing =
        List.of(BROWSER, DRIVER).stream()
            .filter(path -> !Files.isExecutable(path))
            .collect(Collectors.toList());
    if (!missing.isEmpty()) {
      String reason =
          missing
              + " missing: install Debian's chromium and chromium-driver"
              + " (apt-get install -y chromium chromium-driver; .ci/run does it)";
      if (mode.equals("required")) {
        fail(reason + "; required here (BROWSER_TESTS=required, or CI=true without BROWSER_TESTS)");
      }
      Assumptions.abort(reason + "; BROWSER_TESTS=required makes this a failure");
    }
  }

  /** Starts chromedriver and, through it, the browser. */
  static HeadlessChromium start() throws IOException {
    // The profile and the shared-memory files go to a TMPDIR of their own, removed on close:
    // Chromium leaves empty directories in /tmp behind otherwise.
    Path scratch = Files.createTempDirectory("docs-browser-");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of("TMPDIR", scratch.toString()))
            .build();
    service.start();
    try {
      return new HeadlessChromium(scratch, service, new ChromeDriver(service, options()));
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  private static ChromeOptions options() {
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        // Root in a container has no user namespaces for the sandbox.
        "--no-sandbox",
        "--disable-gpu",
        // A small /dev/shm (Docker's 64 MB) crashes renderers; /tmp has room.
        "--disable-dev-shm-usage",
        // No calls home: the machine is offline, and they would only add noise and load.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1024");
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    return options;
  }

  private static String mode() {
    String value = System.getProperty("BROWSER_TESTS", System.getenv("BROWSER_TESTS"));
    if (value == null || value.isBlank()) {
      return "true".equals(System.getenv("CI")) ? "required" : "auto";
    }
    String mode = value.trim().toLowerCase(Locale.ROOT);
    if (!List.of("auto", "required", "off").contains(mode)) {
      throw new IllegalStateException(
          "BROWSER_TESTS must be auto, required or off, not '" + value + "'");
    }
    return mode;
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The console's errors since the last call: script errors, failed loads, CSP refusals. */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  /** Quits the browser and stops the driver, then checks that none of their processes is left. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
    awaitExit(processes);
    List<ProcessHandle> left =
        processes.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    left.forEach(ProcessHandle::destroyForcibly);
    awaitExit(left);
    deleteScratch();
    if (!left.isEmpty()) {
      fail("browser processes still running after quit: " + left);
    }
  }

  private static void awaitExit(List<ProcessHandle> processes) {
    try {
      CompletableFuture.allOf(
              processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
          .get(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // The caller looks at which ones are still alive.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deleteScratch() {
    try (Stream<Path> files = Files.walk(scratch)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the browser's " + scratch, e);
    }
  }
}
