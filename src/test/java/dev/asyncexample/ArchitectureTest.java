package dev.asyncexample;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shape of the code: packages by feature that never depend on each other in a circle, and an
 * HTTP layer that knows no feature, so a reader follows a request top-down without jumping back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {

  private static final String BASE = "dev.asyncexample";

  /**
   * The features, and metrics (which the edge reaches through a hook of its own); {@code http/} and
   * the shared helpers must import none of them.
   */
  private static final String[] FEATURES = {
    BASE + ".posts..",
    BASE + ".upstream..",
    BASE + ".cache..",
    BASE + ".bookmarks..",
    BASE + ".summary..",
    BASE + ".store..",
    BASE + ".exports..",
    BASE + ".embedded..",
    BASE + ".lambda..",
    BASE + ".metrics.."
  };

  private JavaClasses production;

  @BeforeAll
  void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
  }

  @Test
  void packagesDoNotDependOnEachOtherInCircles() {
    slices().assignedFrom(byPackage()).should().beFreeOfCycles().check(production);
  }

  @Test
  void theHttpLayerAndSharedHelpersKnowNoFeature() {
    noClasses()
        .that()
        .resideInAnyPackage(
            BASE + ".http..", BASE + ".json..", BASE + ".concurrent..", BASE + ".tracing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FEATURES)
        .check(production);
  }

  /**
   * One slice per package, the root package (the boot classes) included: ArchUnit's usual {@code
   * (*)} pattern leaves it out, and a cycle through it would go unseen.
   */
  private static SliceAssignment byPackage() {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.equals(BASE) && !name.startsWith(BASE + ".")) {
          return SliceIdentifier.ignore();
        }
        return SliceIdentifier.of(name.equals(BASE) ? "(root)" : name.substring(BASE.length() + 1));
      }

      @Override
      public String getDescription() {
        return "packages of " + BASE;
      }
    };
  }
}
