package dev.asyncexample.summary;

/**
 * A JSONPlaceholder user, in the upstream's shape (its coordinates are text there, so here too).
 */
public record User(
    int id,
    String name,
    String username,
    String email,
    User.Address address,
    String phone,
    String website,
    User.Company company) {

  /** Where a user lives. */
  public record Address(String street, String suite, String city, String zipcode, Geo geo) {}

  /** Latitude and longitude, as decimal text. */
  public record Geo(String lat, String lng) {}

  /** Where a user works. */
  public record Company(String name, String catchPhrase, String bs) {}
}
