package ledger.permit.infra.local;

/**
 * Where a PostgreSQL database is, e.g. {@code jdbc:postgresql://localhost:15432/postgres}.
 * Each service works in its own schema of it.
 */
public record DatabaseEndpoint(String jdbcUrl, String username, String password) {

    public String urlFor(String schema) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
