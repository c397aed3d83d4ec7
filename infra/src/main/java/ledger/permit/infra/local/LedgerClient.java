package ledger.permit.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client of the command and query APIs, for the demo data, tools and tests. */
public final class LedgerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * The load GET's client, made at its first use: blocking, one pooled connection per calling thread. At some 2,000
     * answers a second it took about 140 µs of CPU an answer where {@code java.net.http} took 300 to 470, CPU the
     * measured service shares. Nothing is retried, redirected, decompressed or kept as a cookie: each call is one
     * exchange, as sent.
     */
    private static final class Load {
        static final CloseableHttpClient CLIENT = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(256).setMaxConnPerRoute(256)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
                .disableAutomaticRetries().disableRedirectHandling().disableContentCompression()
                .disableCookieManagement().disableAuthCaching()
                .build();
    }

    private final String commandUrl;
    private final String queryUrl;
    private final Map<String, String> headers;

    /** A client without a token: the APIs answer it 401 everywhere but health and the console's files. */
    public LedgerClient(String commandUrl, String queryUrl) {
        this(commandUrl, queryUrl, Map.of());
    }

    private LedgerClient(String commandUrl, String queryUrl, Map<String, String> headers) {
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
        this.headers = Map.copyOf(headers);
    }

    /** This client, sending {@code token} as its bearer token. */
    public LedgerClient withToken(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    /** This client, sending a header on every request (e.g. an agency's {@code X-Purpose}). */
    public LedgerClient withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new LedgerClient(commandUrl, queryUrl, all);
    }

    /** A response: its status, content type and body (parsed when JSON). */
    public record Response(int status, String contentType, JsonNode body) {
        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }
    }

    public Response post(String path, String json) {
        return post(path, json, Map.of());
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    /** Posts to the command API with extra headers (e.g. an Idempotency-Key); they win over the client's own. */
    public Response post(String path, Object body, Map<String, String> headers) {
        try {
            String json = body instanceof String text ? text : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(commandUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            headers.forEach(request::setHeader);
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts a document of any type to the query API (e.g. a candidate policy file to validate). */
    public Response postToQuery(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(queryUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public String queryUrl() {
        return queryUrl;
    }

    public String commandUrl() {
        return commandUrl;
    }

    public Response getFromCommand(String path) {
        return send(HttpRequest.newBuilder(URI.create(commandUrl + path)).GET());
    }

    /** GET of an absolute URL (any service, e.g. a projector's actuator), with this client's headers. */
    public Response getFrom(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** POST of a document to an absolute URL, with this client's headers. */
    public Response postTo(String url, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(queryUrl + path)).GET());
    }

    /**
     * GET on the query service for a load, whose clients share the cores with the service they measure: the answer's
     * bytes are read but not parsed, and decoded as text only to report an answer whose status is not
     * {@code expected}, or an empty one.
     */
    public void getExpecting(String path, int expected) {
        HttpGet get = new HttpGet(queryUrl + path);
        headers.forEach(get::setHeader);
        try {
            Load.CLIENT.execute(get, response -> {
                byte[] body = response.getEntity() == null ? new byte[0]
                        : EntityUtils.toByteArray(response.getEntity());
                if (response.getCode() != expected || body.length == 0) {
                    throw new IllegalStateException("GET " + path + ": expected " + expected + " with a body, got "
                            + response.getCode() + " " + new String(body, StandardCharsets.UTF_8));
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : parse(response.body());
        return new Response(response.statusCode(), contentType, body);
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        HttpRequest.Builder withHeaders = HttpRequest.newBuilder(built, (name, value) -> true);
        headers.forEach((name, value) -> {
            if (built.headers().firstValue(name).isEmpty()) {
                withHeaders.setHeader(name, value);
            }
        });
        try {
            return HTTP.send(withHeaders.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
