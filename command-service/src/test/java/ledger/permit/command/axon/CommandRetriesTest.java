package ledger.permit.command.axon;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A command that lost the race for a holder's next sequence is tried again; a refusal is not. */
class CommandRetriesTest {

    private final CommandRetries retries = new CommandRetries();
    private final ScheduledExecutorService executor = retries.commandRetryExecutor();
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = retries.commandGateway(bus, executor);
    private final AtomicInteger attempts = new AtomicInteger();

    record Record(String what) {
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    @Test
    void a_command_that_lost_a_concurrent_append_is_tried_again_until_it_is_recorded() {
        bus.subscribe(Record.class.getName(), message -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new ConcurrencyException("another change to the holder was appended first");
            }
            return 1;
        });
        Integer recorded = gateway.sendAndWait(new Record("month"));
        assertThat(recorded).isEqualTo(1);
        assertThat(attempts).hasValue(4);
    }

    @Test
    void a_refusal_is_answered_at_once_and_not_tried_again() {
        bus.subscribe(Record.class.getName(), message -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("not possible in the permit's stage");
        });
        assertThatThrownBy(() -> gateway.sendAndWait(new Record("month")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retries_end_after_the_limit_with_the_conflict() {
        bus.subscribe(Record.class.getName(), message -> {
            attempts.incrementAndGet();
            throw new ConcurrencyException("always first");
        });
        assertThatThrownBy(() -> gateway.sendAndWait(new Record("month"))).isInstanceOf(ConcurrencyException.class);
        assertThat(attempts).hasValue(CommandRetries.MAX_RETRIES + 1);
    }
}
