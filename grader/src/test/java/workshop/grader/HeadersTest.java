package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HeadersTest {

    @Test
    void curl_writes_each_header_as_a_quoted_H_option() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-User", "alice");
        headers.put("Accept", "text/plain");

        assertThat(Curl.command("POST", URI.create("http://127.0.0.1:8080/cart?item=apple"), null, headers))
                .isEqualTo("curl -i -X POST -H 'X-User: alice' -H 'Accept: text/plain' 'http://127.0.0.1:8080/cart?item=apple'");
    }
}
