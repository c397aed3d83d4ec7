package ledger.permit.infra.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client of the command and query APIs, for the demo data, tools and tests. */
public final class LedgerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String commandUrl;
    private final String queryUrl;

    public LedgerClient(String commandUrl, String queryUrl) {
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
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

    /** Posts to the command API with extra headers (e.g. who records the fact: X-Actor, X-Agency). */
    public Response post(String path, Object body, Map<String, String> headers) {
        try {
            String json = body instanceof String text ? text : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(commandUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            headers.forEach(request::header);
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

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(queryUrl + path)).GET());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : parse(response.body());
            return new Response(response.statusCode(), contentType, body);
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
