package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResponseReaderTest {

    private static RawResponse read(String bytes) throws IOException {
        return ResponseReader.read(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.UTF_8)), false);
    }

    @Test
    void a_response_framed_by_Content_Length_keeps_the_connection_and_leaves_the_next_response_unread() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(
                "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nGrüßHTTP/1.1 404 Not Found\r\n".getBytes(StandardCharsets.UTF_8));

        RawResponse response = ResponseReader.read(in, false);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("Grüß");
        assertThat(response.endsConnection()).as("ends the connection").isFalse();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("left for the next read").startsWith("HTTP/1.1 404");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Connection: close                                | HTTP/1.1 200 OK\\r\\nConnection: close\\r\\nContent-Length: 2\\r\\n\\r\\nok",
            "Connection: close among other tokens, any case   | HTTP/1.1 200 OK\\r\\nconnection: Upgrade, CLOSE\\r\\nContent-Length: 2\\r\\n\\r\\nok",
            "HTTP/1.0 without keep-alive                      | HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok",
            "a body without framing, ended by the end of stream | HTTP/1.1 200 OK\\r\\n\\r\\nok",
    })
    void a_response_ends_the_connection_when(String when, String bytes) throws IOException {
        RawResponse response = read(bytes.replace("\\r\\n", "\r\n"));

        assertThat(response.endsConnection()).as("ends the connection: %s", when).isTrue();
        assertThat(response.bodyText()).isEqualTo("ok");
    }

    @Test
    void HTTP_1_0_with_keep_alive_keeps_the_connection() throws IOException {
        assertThat(read("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok").endsConnection()).isFalse();
    }

    @Test
    void a_chunked_body_is_put_together() throws IOException {
        RawResponse response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n");

        assertThat(response.bodyText()).isEqualTo("Wikipedia");
        assertThat(response.endsConnection()).isFalse();
    }

    @Test
    void nothing_at_all_is_a_connection_closed_without_a_response() {
        assertThatThrownBy(() -> read("")).isInstanceOf(ResponseReader.NoResponse.class)
                .hasMessage("the server closed the connection without sending a response");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "hello there\\r\\n                                            | does not start with a status line like \"HTTP/1.1 200 OK\"; it starts with \"hello there\"",
            "HTTP/1.1 200 OK\\r\\nContent-Length: 10\\r\\n\\r\\nabc        | the connection ended after 3 of the 10 body bytes that Content-Length promised",
            "HTTP/1.1 200 OK\\r\\nContent-Length: ten\\r\\n\\r\\nabc       | the response's Content-Length is not a number of bytes: \"ten\"",
            "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n4\\r\\nab | the connection ended after 2 of the 4 body bytes that its chunk size promised",
    })
    void a_response_that_is_not_whole_is_a_problem_said_in_plain_words(String bytes, String problem) {
        assertThatThrownBy(() -> read(bytes.replace("\\r\\n", "\r\n"))).isInstanceOf(ResponseReader.ResponseProblem.class)
                .hasMessageContaining(problem);
    }

    @Test
    void a_request_is_sent_as_written_with_a_body_framed_by_its_length_in_bytes() {
        String get = new String(Request.get("/a%20b?x=1&y=2").with("X-User", "alice").bytes("127.0.0.1:8080"), StandardCharsets.UTF_8);
        String post = new String(Request.post("/echo", "Grüße").bytes("127.0.0.1:8080"), StandardCharsets.UTF_8);
        String emptyPost = new String(new Request("POST", "/cart?item=pear", null, Map.of()).bytes("127.0.0.1:8080"), StandardCharsets.UTF_8);

        assertThat(get).startsWith("GET /a%20b?x=1&y=2 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
                .contains("X-User: alice\r\n").endsWith("\r\n\r\n").doesNotContain("Content-Length");
        assertThat(post).contains("Content-Type: text/plain; charset=utf-8\r\n", "Content-Length: 7\r\n").endsWith("\r\n\r\nGrüße");
        assertThat(emptyPost).contains("Content-Length: 0\r\n").endsWith("\r\n\r\n");
    }
}
