package dev.gridmint.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enforces the module map of ARCHITECTURE.md §3: dependencies point down only, and the pure
 * modules read no clock and no global randomness. The cli module sees every class, so the
 * rules live here.
 */
class ModuleDirectionTest {

    /** The maths of the network and its simulator; WorkloadMain, the workloads' process entry point, is an edge and may time itself. */
    private static final String[] PURE_PACKAGES = {
        "dev.gridmint.core..", "dev.gridmint.market..", "dev.gridmint.verify..", "dev.gridmint.workloads.tensor..",
        "dev.gridmint.workloads.nn..", "dev.gridmint.workloads.optim..", "dev.gridmint.workloads.names..", "dev.gridmint.sim..",
        "dev.gridmint.workloads.train..", "dev.gridmint.workloads.diloco..", "dev.gridmint.workloads.gpt..",
        "dev.gridmint.workloads.serve.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The other modules' test jars (the acceptance DSL, test keys) are on this module's test classpath.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.gridmint");
    }

    @Test
    void dependenciesPointDownOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("core").definedBy("dev.gridmint.core..")
                .layer("store").definedBy("dev.gridmint.store..")
                .layer("market").definedBy("dev.gridmint.market..")
                .layer("verify").definedBy("dev.gridmint.verify..")
                .layer("workloads").definedBy("dev.gridmint.workloads..")
                .layer("sim").definedBy("dev.gridmint.sim..")
                .layer("node").definedBy("dev.gridmint.node..")
                .layer("cli").definedBy("dev.gridmint.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("node").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("store").mayOnlyBeAccessedByLayers("node", "cli")
                .whereLayer("market").mayOnlyBeAccessedByLayers("node", "cli")
                .whereLayer("verify").mayOnlyBeAccessedByLayers("node", "cli")
                .whereLayer("workloads").mayOnlyBeAccessedByLayers("node", "cli")
                .whereLayer("sim").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("core").mayOnlyBeAccessedByLayers("store", "market", "verify", "workloads", "sim", "node", "cli")
                .check(classes);
    }

    @Test
    void pureModulesReadNoClock() {
        noClasses().that().resideInAnyPackage(PURE_PACKAGES)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Instant.class, "now")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .because("time is passed in, so the same inputs always give the same state")
                .check(classes);
    }

    @Test
    void pureModulesUseNoGlobalRandomness() {
        noClasses().that().resideInAnyPackage(PURE_PACKAGES)
                // The JDK engine feeds a seed to the JDK's key generator through a SecureRandom that returns only that seed.
                .and().doNotHaveFullyQualifiedName("dev.gridmint.core.crypto.JdkEd25519Engine$FixedSeedRandom")
                .should().callMethod(Math.class, "random")
                .orShould().callConstructor(Random.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().callConstructor(SecureRandom.class)
                .orShould().callMethod(SecureRandom.class, "getInstanceStrong")
                .because("randomness is seeded and passed in")
                .check(classes);
    }

    @Test
    void theLedgerCoreDoesNoNetworkOrDatabaseIo() {
        noClasses().that().resideInAPackage("dev.gridmint.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.sql..", "java.net.http..")
                .check(classes);
    }

    @Test
    void onlyTheLibsodiumEngineTouchesNativeCodeInCore() {
        noClasses().that().resideInAPackage("dev.gridmint.core..")
                .and().doNotHaveFullyQualifiedName("dev.gridmint.core.crypto.LibsodiumEd25519Engine")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .because("loading libsodium is core's one, fail-soft, exception to its no-I/O rule (see dev.gridmint.core.crypto)")
                .check(classes);
    }
}
