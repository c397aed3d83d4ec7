package ledger.permit.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Requests Tomcat refuses before they reach the application (a path with an encoded NUL or slash, say)
 * are answered with a problem document too, not Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String title = status >= 500 ? "Internal error" : "Bad request";
            String type = status >= 500 ? "internal-error" : "bad-request";
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:permit-ledger:problem:" + type + "\",\"title\":\"" + title
                        + "\",\"status\":" + status + ",\"detail\":\"The request could not be read as HTTP the "
                        + "ledger accepts (its path or headers are malformed); nothing was recorded.\"}");
                writer.flush();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was taken over: nothing more to say
        }
    }

    /** Installs this valve on the embedded Tomcat's host. */
    @Configuration(proxyBeanMethods = false)
    public static class Setup {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
