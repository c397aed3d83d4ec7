package ledger.permit.projector.publication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Emits the changes that time alone causes (an anniversary passed without endorsement, a threshold of
 * years reached, a policy taking effect) on their day. The schedule is the {@code next_check_on} of each
 * holder in PostgreSQL, so it survives restarts: a day missed while the projector was down is judged when
 * it returns, and each change is published once because it is judged against the statuses published.
 */
public final class TimeDrivenChecks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TimeDrivenChecks.class);
    private static final int BATCH = 100;

    private final Publication publication;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public TimeDrivenChecks(Publication publication, TransactionTemplate transaction, Clock clock, Duration interval) {
        this.publication = publication;
        this.transaction = transaction;
        this.clock = clock;
        this.interval = interval;
    }

    /** Judges every holder due today, in batches of one transaction each; returns how many. */
    public int runOnce() {
        LocalDate today = LocalDate.now(clock);
        int total = 0;
        int judged;
        do {
            judged = transaction.execute(status -> publication.checkDue(today, BATCH));
            total += judged;
        } while (judged == BATCH);
        if (total > 0) {
            log.info("Time-driven checks for {}: {} holder(s) judged", today, total);
        }
        return total;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("time-driven-checks")
                .daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("Time-driven checks failed; they run again in {}: {}", interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
