package workshop.grader;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests drawn as bars on one time axis, for a message about overlap: bars that sit side by side
 * ran at the same time, bars that follow each other ran one after another.
 *
 * <pre>
 *   alice  ├──────────┤                           0–512 ms
 *   bob               ├──────────┤              510–1020 ms
 * </pre>
 */
public final class Timeline {

    private record Bar(String label, long fromMillis, long toMillis) {
    }

    private final List<Bar> bars = new ArrayList<>();

    /** Adds one bar: a label and when it started and ended, in milliseconds from any common origin. */
    public synchronized Timeline add(String label, long fromMillis, long toMillis) {
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException(label + " ends (" + toMillis + ") before it starts (" + fromMillis + ")");
        }
        bars.add(new Bar(label, fromMillis, toMillis));
        return this;
    }

    /** The bars, one line each, in the order added, scaled so the whole axis is {@code width} characters. */
    public synchronized String draw(int width) {
        if (bars.isEmpty()) {
            return "";
        }
        long origin = bars.stream().mapToLong(Bar::fromMillis).min().orElse(0);
        long end = bars.stream().mapToLong(Bar::toMillis).max().orElse(0);
        double perChar = Math.max(1, end - origin) / (double) (width - 1);
        int labelWidth = bars.stream().mapToInt(bar -> bar.label().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Bar bar : bars) {
            int from = (int) Math.round((bar.fromMillis() - origin) / perChar);
            int to = Math.max(from + 1, (int) Math.round((bar.toMillis() - origin) / perChar));
            StringBuilder line = new StringBuilder("  ").append(bar.label()).append(" ".repeat(labelWidth - bar.label().length() + 2));
            line.append(" ".repeat(from)).append('├').append("─".repeat(to - from - 1)).append('┤');
            line.append(" ".repeat(Math.max(1, width - to)));
            line.append(bar.fromMillis() - origin).append('–').append(bar.toMillis() - origin).append(" ms");
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
