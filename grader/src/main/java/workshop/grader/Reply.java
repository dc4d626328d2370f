package workshop.grader;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP response as the check saw it, with the request that produced it written as a curl
 * command, so a failing check can say exactly what was sent.
 *
 * @param curl    the request, as a command the learner can paste into a terminal
 * @param status  the status code
 * @param headers the response headers; names in lower case
 * @param body    the body, decoded as UTF-8
 */
public record Reply(String curl, int status, Map<String, List<String>> headers, String body) {

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A short description for assertion messages: {@code curl -i http://… → 200}. */
    public String describe() {
        return curl + "  →  " + status;
    }
}
