package workshop.lifecycle;

import java.util.Map;

/**
 * One parsed request.
 *
 * @param method  the method token, e.g. {@code GET}
 * @param target  the target as the client sent it, query string included: {@code /slow?ms=300}
 * @param headers header names in lower case; a repeated header keeps its last value
 * @param body    exactly {@code Content-Length} bytes, or none
 */
record Request(String method, String target, Map<String, String> headers, byte[] body) {

    /** The target without its query string. */
    String path() {
        int question = target.indexOf('?');
        return question < 0 ? target : target.substring(0, question);
    }

    /** The value of one query parameter, or null: {@code query("ms")} of {@code /slow?ms=300} is "300". */
    String query(String name) {
        int question = target.indexOf('?');
        if (question < 0) {
            return null;
        }
        for (String pair : target.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return pair.substring(equals + 1);
            }
        }
        return null;
    }
}
