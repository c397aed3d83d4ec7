package ledger.permit.command.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Two commands on one holder at once: the event store's sequence check lets one append and refuses the
 * other (a {@link ConcurrencyException}); the refused one is tried again on the holder as it now is, so no
 * update is lost. Only that conflict is retried: a refusal by the holder's rules is an answer, not a fault.
 */
@Configuration(proxyBeanMethods = false)
class CommandRetries {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandRetries.class);

    static final int MAX_RETRIES = 8;

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("command-retry").daemon().factory());
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor) {
        RetryScheduler backOff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor).backoffFactor(5).maxRetryCount(MAX_RETRIES).build();
        RetryScheduler onConflictOnly = (command, failure, failures, dispatch) -> {
            if (!isConflict(failure)) {
                return false;
            }
            boolean retried = backOff.scheduleRetry(command, failure, failures, dispatch);
            log.info("{}: another change to the holder was recorded first; {}", command.getPayloadType().getSimpleName(),
                    retried ? "tried again (failure " + failures.size() + ")" : "no tries left");
            return retried;
        };
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(onConflictOnly).build();
    }

    private static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
