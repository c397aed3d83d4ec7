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
 * <p>
 * The checks run when the projector starts, and then every interval. The first run makes the holders of the read
 * model that were never published (written in bulk, their read model built by a rebuild) due today, so the public
 * topics get their facts without waiting for each one's next event.
 */
public final class TimeDrivenChecks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TimeDrivenChecks.class);
    private static final int BATCH = 100;
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    private final Publication publication;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private volatile boolean unpublishedScheduled;

    public TimeDrivenChecks(Publication publication, TransactionTemplate transaction, Clock clock, Duration interval) {
        this.publication = publication;
        this.transaction = transaction;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Judges every holder due today, in batches of one transaction each; returns how many. The first run makes the
     * holders never published due first ({@link #scheduleUnpublished}).
     */
    public int runOnce() {
        if (!unpublishedScheduled) {
            scheduleUnpublished();
            unpublishedScheduled = true;
        }
        LocalDate today = LocalDate.now(clock);
        int total = 0;
        int judged;
        long saidAt = System.nanoTime();
        do {
            judged = transaction.execute(status -> publication.checkDue(today, BATCH));
            total += judged;
            if (judged == BATCH && System.nanoTime() - saidAt > PROGRESS_EVERY_NANOS) {
                saidAt = System.nanoTime();
                log.info("Time-driven checks for {}: {} holder(s) judged so far", today, total);
            }
        } while (judged == BATCH);
        if (total > 0) {
            log.info("Time-driven checks for {}: {} holder(s) judged", today, total);
        }
        return total;
    }

    /**
     * Makes the holders the public topics have never seen due today ({@link Publication#scheduleUnpublished});
     * returns how many.
     */
    public int scheduleUnpublished() {
        LocalDate today = LocalDate.now(clock);
        int scheduled = transaction.execute(status -> publication.scheduleUnpublished(today));
        if (scheduled > 0) {
            log.info("{} holder(s) of the read model were never published (written in bulk): due today", scheduled);
        }
        return scheduled;
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
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
