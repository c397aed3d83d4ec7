package ledger.permit.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core is pure: the contracts and the rules reach no framework, no database and no broker, and know nothing of
 * how facts are stored (the stored-facts module, the services).
 */
class ArchitectureTest {

    private static final String[] OUTSIDE = {"org.springframework..", "org.axonframework..", "java.sql..",
            "javax.sql..", "org.apache.kafka..", "org.postgresql..", "com.zaxxer..", "org.flywaydb..",
            "ledger.permit.storedfacts..", "ledger.permit.command..", "ledger.permit.projector..",
            "ledger.permit.query..", "ledger.permit.web..", "ledger.permit.audit..", "ledger.permit.infra.."};

    static final ArchRule CORE_IS_PURE = noClasses().that()
            .resideInAnyPackage("ledger.permit.rules..", "ledger.permit.contracts..")
            .should().dependOnClassesThat().resideInAnyPackage(OUTSIDE)
            .as("the contracts and the rules reach no framework, database, broker or storage");

    @Test
    void the_contracts_and_the_rules_reach_no_framework_database_broker_or_storage() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ledger.permit.rules", "ledger.permit.contracts");
        assertThat(core.size()).as("classes of the core found").isGreaterThan(30);
        CORE_IS_PURE.check(core);
    }

    /** The rule can fail: a class that reaches JDBC breaks it. */
    @Test
    void a_core_class_that_reaches_jdbc_breaks_the_rule() {
        JavaClasses offender = new ClassFileImporter().importClasses(ReachesJdbc.class);
        assertThat(CORE_IS_PURE.evaluate(offender).hasViolation()).isTrue();
    }

    /** A stand-in for a rules class that reaches the database (in the test sources only). */
    static final class ReachesJdbc {
        java.sql.Connection connection;
    }
}
