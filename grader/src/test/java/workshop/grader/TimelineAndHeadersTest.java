package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimelineAndHeadersTest {

    @Test
    void a_timeline_draws_overlapping_bars_side_by_side_and_sequential_ones_one_after_another() {
        String drawn = new Timeline()
                .add("alice", 1000, 1500)
                .add("bob", 1000, 1500)
                .add("carol", 1500, 2000)
                .draw(21);

        assertThat(drawn.lines()).containsExactly(
                "  alice  ├─────────┤           0–500 ms",
                "  bob    ├─────────┤           0–500 ms",
                "  carol            ├─────────┤ 500–1000 ms");
    }

    @Test
    void a_timeline_refuses_a_bar_that_ends_before_it_starts() {
        assertThatThrownBy(() -> new Timeline().add("late", 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("late");
    }

    @Test
    void curl_writes_each_header_as_a_quoted_H_option() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-User", "alice");
        headers.put("Accept", "text/plain");

        assertThat(Curl.command("POST", URI.create("http://127.0.0.1:8080/cart?item=apple"), null, headers))
                .isEqualTo("curl -i -X POST -H 'X-User: alice' -H 'Accept: text/plain' 'http://127.0.0.1:8080/cart?item=apple'");
    }
}
