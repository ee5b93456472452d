{
  # Optional developer shell: `nix develop` (or direnv's `use flake`, see .envrc). Nothing in the
  # build needs nix; a JDK 17 on PATH is enough, because ./mvnw brings the Maven the build uses.
  description = "async-example-java: JDK 17 + Maven dev shell with start/test/lint/docker commands";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      devShells = forAllSystems (
        pkgs:
        let
          inherit (pkgs) lib;
          jdk = pkgs.jdk17;

          # One shell command: a script on PATH that runs from the project root (the directory
          # the shell was entered in), wherever it is typed.
          command = name: summary: body: {
            inherit name summary;
            package = pkgs.writeShellScriptBin name ''
              set -euo pipefail
              cd "''${ASYNC_EXAMPLE_ROOT:-$PWD}"
              ${body}
            '';
          };

          commands = [
            (command "start" "run the server on :8000 (./mvnw exec:java)" ''
              exec ./mvnw exec:java "$@"
            '')
            (command "test" "compile, run the tests, check formatting (./mvnw verify)" ''
              exec ./mvnw verify "$@"
            '')
            (command "test-services" "the same, failing if PostgreSQL or Redis does not answer" ''
              SERVICE_TESTS=required exec ./mvnw verify "$@"
            '')
            (command "lint" "reformat the Java sources, then check them (Spotless)" ''
              ./mvnw spotless:apply
              exec ./mvnw spotless:check
            '')
            (command "docker-build" "build the image async-example (extra args: docker build)" ''
              exec docker build -t async-example "$@" .
            '')
            (command "docker-run" "run it on :8000; e.g. docker-run -e UPSTREAM_BASE_URL=embedded" ''
              exec docker run --rm -p 8000:8000 "$@" async-example
            '')
          ];

          pad = s: s + lib.concatStrings (lib.genList (_: " ") (14 - lib.stringLength s));
          help =
            "async-example dev shell (JDK 17, Maven). Commands:\n"
            + lib.concatMapStrings (c: "  ${pad c.name}${c.summary}\n") commands;
        in
        {
          default = pkgs.mkShell {
            packages = [
              jdk
              pkgs.maven
              # psql and redis-cli, and servers for the service-backed tests if none run locally.
              pkgs.postgresql
              pkgs.redis
            ] ++ map (c: c.package) commands;

            JAVA_HOME = jdk.home;

            shellHook = ''
              export ASYNC_EXAMPLE_ROOT="$PWD"
              # `test` is also a shell builtin, which wins over the script on PATH. In an
              # interactive `nix develop` shell, a bare `test` runs the tests, and `test` with
              # arguments is still the builtin. (Under direnv, type `env test`.)
              test() {
                if [ "$#" -eq 0 ]; then
                  "$(type -P test)"
                else
                  builtin test "$@"
                fi
              }
              printf '%s' ${lib.escapeShellArg help} >&2
            '';
          };
        }
      );
    };
}
