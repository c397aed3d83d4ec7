package ledger.permit.infra.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The three services of the ledger, started against one database and one Kafka cluster. */
public final class LedgerServices implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** The region the local system binds seed 003's unnamed city to (a demo choice, not a claim). */
    public static final String DEMO_SEED003_REGION = "530100";
    /** The districts the demo takes as seed 003's 市中心城区: 五华、盘龙、官渡、西山、呈贡. */
    public static final String DEMO_SEED003_CENTRAL_CITY = "530102,530103,530111,530112,530114";

    /** Ports of the query API, the command API and the projector's actuator. */
    public record Ports(int query, int command, int projector) {
    }

    private final ServiceProcess command;
    private ServiceProcess projector;
    private final ServiceProcess query;
    private final java.util.function.Supplier<ServiceProcess> projectorStarter;
    private final LocalTokens tokens;
    private final CommandStarter commandStarter;

    /** Starts a command service by name, on a port, with settings beside (or instead of) the common ones. */
    private interface CommandStarter {
        ServiceProcess start(String name, int port, Map<String, String> settings);
    }

    private LedgerServices(ServiceProcess command, ServiceProcess projector, ServiceProcess query,
                           java.util.function.Supplier<ServiceProcess> projectorStarter, LocalTokens tokens,
                           CommandStarter commandStarter) {
        this.command = command;
        this.projector = projector;
        this.query = query;
        this.projectorStarter = projectorStarter;
        this.tokens = tokens;
        this.commandStarter = commandStarter;
    }

    /**
     * Starts the command service and the projector side by side, then the query service, which reads the
     * schema the projector creates; returns once all three are healthy.
     *
     * @param replayOnStart whether the Kafka cluster starts empty, so the event store must be forwarded again
     * @param pseudonymKey  the secret of the public topics' holder keys (see {@link PseudonymKey})
     * @param tokens        the issuer whose tokens the services accept (they get its public key only)
     */
    public static LedgerServices start(Path servicesDirectory, DatabaseEndpoint database, String kafkaBootstrap,
                                       Ports ports, boolean replayOnStart, String pseudonymKey,
                                       LocalTokens tokens, List<String> javaOptions, Path logDirectory) {
        Map<String, String> common = with(settings(database, tokens),
                Map.of("spring.kafka.bootstrap-servers", kafkaBootstrap));
        ServiceProcess command = null;
        ServiceProcess projector = null;
        CommandStarter commandStarter = (name, port, settings) ->
                ServiceProcess.start(name, servicesDirectory.resolve("command-service-exec.jar"), port,
                        with(with(common, Map.of("spring.datasource.url", database.urlFor("event_store"),
                                "ledger.replay-on-start", String.valueOf(replayOnStart && name.equals("command-service")))),
                                settings), javaOptions, logDirectory);
        try {
            command = commandStarter.start("command-service", ports.command(), Map.of());
            java.util.function.Supplier<ServiceProcess> projectorStarter = () -> ServiceProcess.start(
                    "entitlement-projector", servicesDirectory.resolve("entitlement-projector-exec.jar"),
                    ports.projector(), with(common, Map.of("spring.datasource.url", database.urlFor("read_model"))),
                    Map.of("LEDGER_PSEUDONYM_KEY", pseudonymKey), javaOptions, logDirectory);
            projector = projectorStarter.get();
            ServiceProcess startingCommand = command;
            CompletableFuture<ServiceProcess> commandUp =
                    CompletableFuture.supplyAsync(() -> startingCommand.awaitHealthy(START_TIMEOUT));
            projector.awaitHealthy(START_TIMEOUT);
            ServiceProcess query = ServiceProcess.start("query-service",
                    servicesDirectory.resolve("query-service-exec.jar"), ports.query(),
                    querySettings(database, tokens, Map.of()),
                    javaOptions, logDirectory);
            try {
                query.awaitHealthy(START_TIMEOUT);
                commandUp.join();
            } catch (RuntimeException e) {
                query.close();
                throw e;
            }
            return new LedgerServices(command, projector, query, projectorStarter, tokens, commandStarter);
        } catch (RuntimeException e) {
            if (projector != null) {
                projector.close();
            }
            if (command != null) {
                command.close();
            }
            throw e.getCause() instanceof RuntimeException cause && e instanceof java.util.concurrent.CompletionException
                    ? cause : e;
        }
    }

    /**
     * The settings every service of the local system gets, Kafka's aside: the tokens' public key, the database's
     * user, and the demo's binding of seed 003.
     */
    private static Map<String, String> settings(DatabaseEndpoint database, LocalTokens tokens) {
        return Map.of(
                "spring.security.oauth2.resourceserver.jwt.public-key-location",
                "file:" + tokens.publicKeyFile().toAbsolutePath(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password(),
                // seed 003 names no city: the local system binds it to 昆明市 for the demo, and says so
                "ledger.policy-bindings.seed003-central-city", DEMO_SEED003_REGION,
                "ledger.policy-central-cities.seed003-central-city", DEMO_SEED003_CENTRAL_CITY);
    }

    /**
     * The settings of a query service on {@code database}'s read model, accepting {@code tokens}' tokens, as the
     * local system starts it, with {@code own} beside them (or instead of them).
     */
    public static Map<String, String> querySettings(DatabaseEndpoint database, LocalTokens tokens,
                                                    Map<String, String> own) {
        return with(with(settings(database, tokens), Map.of("spring.datasource.url", database.urlFor("read_model"))),
                own);
    }

    /** The issuer of tokens these services accept. */
    public LocalTokens tokens() {
        return tokens;
    }

    /**
     * A client of both APIs carrying a token for {@code subject} (valid for 12 hours), acting for {@code agency}
     * with {@code roles}.
     */
    public LedgerClient client(String subject, String agency, String... roles) {
        return new LedgerClient(commandUrl(), queryUrl())
                .withToken(tokens.issue(subject, agency, Duration.ofHours(12), List.of(roles)));
    }

    public String commandUrl() {
        return command.baseUrl();
    }

    public String queryUrl() {
        return query.baseUrl();
    }

    public String projectorUrl() {
        return projector.baseUrl();
    }

    /**
     * Starts one more command service on the same event store and Kafka cluster, on {@code port}, and waits
     * until it is healthy; the caller stops it.
     */
    public ServiceProcess startAnotherCommandService(int port) {
        return startAnotherCommandService("command-service-" + port, port, Map.of());
    }

    /**
     * Starts one more command service named {@code name} on {@code port}, with {@code settings} in place of the
     * usual ones (another schema, say), and waits until it is healthy; the caller stops it.
     */
    public ServiceProcess startAnotherCommandService(String name, int port, Map<String, String> settings) {
        return commandStarter.start(name, port, settings).awaitHealthy(START_TIMEOUT);
    }

    /** Kills the projector at once (SIGKILL), wherever it is in its work: for fault tests. */
    public void killProjector() {
        projector.kill();
    }

    /** Stops the projector as an operator would (SIGTERM, graceful); {@link #restartProjector()} starts it again. */
    public void stopProjector() {
        projector.close();
    }

    /** Starts the projector again, as it was started, and waits until it is healthy. */
    public void restartProjector() {
        projector = projectorStarter.get().awaitHealthy(START_TIME_OUT_FOR_RESTART);
    }

    private static final Duration START_TIME_OUT_FOR_RESTART = START_TIMEOUT;

    public List<ServiceProcess> processes() {
        return List.of(command, projector, query);
    }

    /** Stops the services: the query side first, the command service last so it can finish forwarding. */
    @Override
    public void close() {
        query.close();
        projector.close();
        command.close();
    }

    private static Map<String, String> with(Map<String, String> common, Map<String, String> own) {
        var all = new java.util.LinkedHashMap<>(common);
        all.putAll(own);
        return all;
    }
}
