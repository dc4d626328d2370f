package workshop.grader;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests drawn against time, one bar per request from when it was sent to when its response came,
 * so a report can show which request waited behind which:
 *
 * <pre>
 *   ms since the first request was sent    0                                  3010
 *   slow  GET /slow?ms=3000                |██████████████████████████████████ |     0 → 3004 ms
 *   fast  GET /                            |█████████████████████████████████████|    12 → 3010 ms
 * </pre>
 */
public final class Timeline {

    /** Columns the bars span. */
    static final int WIDTH = 40;

    private record Bar(String label, long start, long end, boolean answered) {
    }

    private final List<Bar> bars = new ArrayList<>();

    /** A request sent at {@code startMillis} and answered at {@code endMillis}. */
    public synchronized Timeline add(String label, long startMillis, long endMillis) {
        bars.add(new Bar(label, startMillis, Math.max(startMillis, endMillis), true));
        return this;
    }

    /** A request sent at {@code startMillis} that still had no response at {@code gaveUpMillis}. */
    public synchronized Timeline addUnanswered(String label, long startMillis, long gaveUpMillis) {
        bars.add(new Bar(label, startMillis, Math.max(startMillis, gaveUpMillis), false));
        return this;
    }

    /** The bars as text, one line per request, under a scale in milliseconds. */
    public synchronized String draw() {
        if (bars.isEmpty()) {
            return "(no requests)";
        }
        long origin = bars.stream().mapToLong(Bar::start).min().orElse(0);
        long last = Math.max(1, bars.stream().mapToLong(b -> b.end() - origin).max().orElse(1));
        int labelWidth = Math.max("ms since the first request was sent".length(), bars.stream().mapToInt(b -> b.label().length()).max().orElse(0));
        StringBuilder text = new StringBuilder();
        text.append(pad("ms since the first request was sent", labelWidth)).append("  0")
                .append(" ".repeat(Math.max(1, WIDTH - 1 - Long.toString(last).length()))).append(last).append('\n');
        for (Bar bar : bars) {
            int from = column(bar.start() - origin, last);
            int to = Math.max(from, column(bar.end() - origin, last));
            text.append(pad(bar.label(), labelWidth)).append(" |");
            for (int col = 0; col < WIDTH; col++) {
                text.append(col >= from && col <= to ? (bar.answered() ? '█' : '░') : ' ');
            }
            text.append("| ").append(String.format("%5d → ", bar.start() - origin))
                    .append(bar.answered() ? (bar.end() - origin) + " ms" : "no response by " + (bar.end() - origin) + " ms")
                    .append('\n');
        }
        return text.toString();
    }

    private static int column(long millis, long last) {
        return (int) Math.min(WIDTH - 1, millis * WIDTH / (last + 1));
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    @Override
    public String toString() {
        return draw();
    }
}
