package ledger.permit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * The largest request body an API takes ({@code ledger.http.max-body-bytes}): a larger one is refused with
 * 413 before it is read, whether it announces its length or comes in chunks, and nothing is recorded.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLimits {

    /**
     * @param bulkPaths        path prefixes of bulk endpoints (a feed's batches), which take up to
     *                         {@code maxBulkBytes} ({@code ledger.http.bulk-paths}, {@code ledger.http.max-bulk-body-bytes})
     */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(@Value("${ledger.http.max-body-bytes:65536}") long maxBytes,
                                                        @Value("${ledger.http.bulk-paths:}") List<String> bulkPaths,
                                                        @Value("${ledger.http.max-bulk-body-bytes:4194304}")
                                                        long maxBulkBytes, ObjectMapper json) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(
                new BodySizeLimit(maxBytes, bulkPaths, maxBulkBytes, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** A body that went past the limit while it was read. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long maxBytes) {
            super("the request body is larger than " + maxBytes + " bytes");
        }
    }

    static ProblemDetail tooLarge(long maxBytes) {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large",
                "The request body is larger than " + maxBytes + " bytes; nothing was recorded.");
    }

    static final class BodySizeLimit extends OncePerRequestFilter {
        private final long defaultMaxBytes;
        private final List<String> bulkPaths;
        private final long maxBulkBytes;
        private final ObjectMapper json;

        BodySizeLimit(long maxBytes, List<String> bulkPaths, long maxBulkBytes, ObjectMapper json) {
            this.defaultMaxBytes = maxBytes;
            this.bulkPaths = bulkPaths.stream().filter(path -> !path.isBlank()).toList();
            this.maxBulkBytes = maxBulkBytes;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI();
            long maxBytes = bulkPaths.stream().anyMatch(path::startsWith) ? maxBulkBytes : defaultMaxBytes;
            if (request.getContentLengthLong() > maxBytes) {
                ProblemDetail problem = tooLarge(maxBytes);
                problem.setInstance(java.net.URI.create(request.getRequestURI()));
                response.setHeader("Connection", "close");
                Problems.write(response, json, problem);
                return;
            }
            chain.doFilter(new LimitedRequest(request, maxBytes), response);
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                ServletInputStream in = super.getInputStream();
                limited = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > maxBytes) {
                            throw new BodyTooLargeException(maxBytes);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (read += n) > maxBytes) {
                            throw new BodyTooLargeException(maxBytes);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return limited;
        }
    }
}
