package workshop.shutdown;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Counts the requests in flight, so that a graceful stop knows when the last one has finished.
 *
 * <p>It counts at the executor: HttpServer hands every exchange to its executor as one task, from
 * reading the request to closing the response, so a task that has not ended is a request in flight.
 */
final class InFlight {

    private int count;

    /** An executor that runs tasks on {@code pool} and counts each one until it ends. */
    Executor counting(Executor pool) {
        return task -> {
            enter();
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        leave();
                    }
                });
            } catch (RuntimeException rejected) {
                leave();
                throw rejected;
            }
        };
    }

    synchronized int count() {
        return count;
    }

    /** Waits until no request is in flight, at most {@code within}; false if some still are. */
    synchronized boolean awaitNone(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void enter() {
        count++;
    }

    private synchronized void leave() {
        count--;
        notifyAll();
    }
}
