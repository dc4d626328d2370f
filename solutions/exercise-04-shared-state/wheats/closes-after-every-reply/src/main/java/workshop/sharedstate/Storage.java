package workshop.sharedstate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for a database. It keeps what it is given, it is safe to call from many threads at
 * once, and every write takes time, like a call over the network ({@code STORAGE_DELAY_MS}). You
 * don't need to change it: the lesson is in {@link CartServer}.
 */
final class Storage {

    private final Duration delay;
    private final Map<String, List<String>> carts = new ConcurrentHashMap<>();
    private final Map<Integer, String> orders = new ConcurrentHashMap<>();

    Storage(Duration delay) {
        this.delay = delay;
    }

    /**
     * Writes a cart one row per item, the way many databases want it: each row takes the delay. It
     * reads the list it is given while it writes, so the caller must not change that list meanwhile.
     */
    void saveCart(String user, List<String> items) {
        List<String> rows = new ArrayList<>();
        for (String item : items) {
            pause();
            rows.add(item);
        }
        carts.put(user, rows);
    }

    /** Writes one order: one row, one delay. */
    void saveOrder(int number, String user, List<String> items) {
        pause();
        orders.put(number, user + ": " + String.join(", ", items));
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
