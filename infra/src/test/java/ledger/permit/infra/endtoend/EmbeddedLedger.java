package ledger.permit.infra.endtoend;

import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerServices;
import ledger.permit.infra.local.LocalSettings;
import ledger.permit.infra.local.LocalSystem;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One embedded local system shared by the test classes that extend this, started on first use and
 * stopped when the test run ends.
 */
@ExtendWith(EmbeddedLedger.Shared.class)
abstract class EmbeddedLedger extends LedgerTestSupport {

    /** Starts the shared system once and hands it to each test instance. */
    static final class Shared implements BeforeEachCallback {

        private static Ledger shared;

        @Override
        public void beforeEach(ExtensionContext context) {
            ((EmbeddedLedger) context.getRequiredTestInstance()).ledger = start(context);
        }

        private static synchronized Ledger start(ExtensionContext context) {
            if (shared == null) {
                try {
                    Path data = Files.createTempDirectory("permit-ledger-tests");
                    LocalSystem system = FreePorts.withRetry(() -> LocalSystem.start(new LocalSettings(data, 0, 0,
                            new LedgerServices.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next()),
                            Path.of(System.getProperty("ledger.services.dir", "target/services")),
                            List.of("-Xmx384m"), false)));
                    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                            .put("shared-embedded-ledger", (ExtensionContext.Store.CloseableResource) system::close);
                    LedgerServices services = system.services();
                    shared = Ledger.of(services, system.database(), system.kafkaBootstrapServers());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return shared;
        }
    }
}
