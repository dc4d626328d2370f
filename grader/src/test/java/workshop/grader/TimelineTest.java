package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimelineTest {

    @Test
    void draws_a_bar_per_request_from_sent_to_answered_on_one_scale() {
        String text = new Timeline()
                .add("slow  GET /slow?ms=3000", 1000, 4000)
                .add("fast  GET /", 1010, 4000)
                .draw();

        assertThat(text.lines()).hasSize(3);
        assertThat(text.lines().skip(1)).allSatisfy(line -> assertThat(line).contains("|" + "█".repeat(Timeline.WIDTH) + "|"));
        assertThat(text).contains("    0 → 3000 ms").contains("   10 → 3000 ms");
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("ms since the first request was sent").endsWith("  0" + " ".repeat(Timeline.WIDTH - 5) + "3000");
    }

    @Test
    void a_request_answered_early_fills_only_the_start_of_its_row() {
        String text = new Timeline()
                .add("slow", 0, 3000)
                .add("fast", 0, 30)
                .draw();

        String fast = text.lines().filter(line -> line.startsWith("fast")).findFirst().orElseThrow();
        assertThat(fast).contains("|█ ").contains("0 → 30 ms");
        assertThat(fast.chars().filter(c -> c == '█').count()).isEqualTo(1);
    }

    @Test
    void an_unanswered_request_is_drawn_open_and_says_so() {
        String text = new Timeline()
                .add("slow", 0, 1000)
                .addUnanswered("fast", 500, 2000)
                .draw();

        String fast = text.lines().filter(line -> line.startsWith("fast")).findFirst().orElseThrow();
        assertThat(fast).contains("░").doesNotContain("█").contains("500 → no response by 2000 ms");
    }
}
