package ledger.permit.infra.endtoend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port found free may be taken by another process before a service binds it; a start that fails is
     * tried again (with new ports where the start picks them), at most three times.
     */
    static <T> T withRetry(java.util.function.Supplier<T> start) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return start.get();
            } catch (RuntimeException e) {
                last = e;
                System.err.println("Start attempt " + attempt + " failed: " + e.getMessage().lines().findFirst()
                        .orElse(""));
            }
        }
        throw last;
    }

    static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
