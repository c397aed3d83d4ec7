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
    private static final long PLACE_WAITING_EVERY_MILLIS = 2_000;

    private final Publication publication;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private volatile boolean unpublishedScheduled;
    /** The holders still waiting after classes were last looked for, and when that was. */
    private volatile long parkedAfterPlacing = -1;
    private volatile long placedAt;

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
        boolean first = !unpublishedScheduled;
        if (first) {
            scheduleUnpublished();
            unpublishedScheduled = true;
        }
        // at the first run, before the holders never published are judged: their classes are the whole read model's
        placeWaiting(first);
        return judgeDue(LocalDate.now(clock));
    }

    /** Judges every holder due {@code today}, in batches of one transaction each; returns how many. */
    private int judgeDue(LocalDate today) {
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
     * Looks for classes of k holders for the holders that wait for one ({@link Publication#placeWaiting}) and judges
     * those it makes due: always if {@code always}, else when their number has changed since it last looked, or an
     * interval has passed (holders published since may have made a class large enough). Returns how many were made
     * due.
     */
    public int placeWaiting(boolean always) {
        LocalDate today = LocalDate.now(clock);
        long parked = transaction.execute(status -> publication.parked());
        if (!always && (parked == 0 || parked == parkedAfterPlacing
                && System.nanoTime() - placedAt < interval.toNanos())) {
            return 0;
        }
        int due = transaction.execute(status -> publication.placeWaiting(today));
        placedAt = System.nanoTime();
        if (due > 0) {
            judgeDue(today);
        }
        parkedAfterPlacing = transaction.execute(status -> publication.parked());
        return due;
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
        // holders that wait for a class are published soon after one can take them, not at the next check
        long waiting = Math.min(interval.toMillis(), PLACE_WAITING_EVERY_MILLIS);
        executor.scheduleWithFixedDelay(() -> {
            try {
                if (unpublishedScheduled) {
                    placeWaiting(false);
                }
            } catch (RuntimeException e) {
                log.warn("Placing the holders that wait for a class failed; tried again in {} ms: {}", waiting,
                        e.toString());
            }
        }, waiting, waiting, TimeUnit.MILLISECONDS);
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
