package ledger.permit.infra.local;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's load GET against a plain HTTP server: what it accepts and what it reports. */
class LedgerClientTest {

    private HttpServer server;
    private LedgerClient client;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer("/ok", 200, "{\"holderId\":\"x\"}");
        answer("/empty", 200, "");
        answer("/missing", 404, "{\"title\":\"Not found\",\"detail\":\"No holder x is recorded.\"}");
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        client = new LedgerClient(url, url).withHeader("X-Purpose", "test");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a_load_get_accepts_the_expected_status_with_a_body_and_reports_anything_else_with_the_answer() {
        assertThatCode(() -> client.getExpecting("/ok", 200)).doesNotThrowAnyException();
        assertThatThrownBy(() -> client.getExpecting("/missing", 200)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("got 404").hasMessageContaining("No holder x is recorded.");
        assertThatThrownBy(() -> client.getExpecting("/empty", 200)).hasMessageContaining("with a body, got 200");
        assertThatThrownBy(() -> client.getExpecting("/ok", 201)).hasMessageContaining("got 200");
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (!"test".equals(exchange.getRequestHeaders().getFirst("X-Purpose"))) {
                status400(exchange);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
    }

    private static void status400(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(400, -1);
        exchange.close();
    }
}
