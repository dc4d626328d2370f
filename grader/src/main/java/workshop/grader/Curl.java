package workshop.grader;

import java.net.URI;

/** Writes requests as curl commands, quoted for a POSIX shell. */
final class Curl {

    private Curl() {
    }

    static String command(String method, URI url, String body) {
        StringBuilder curl = new StringBuilder("curl -i");
        switch (method) {
            case "GET" -> { }
            case "HEAD" -> curl.replace(0, curl.length(), "curl -I");
            default -> curl.append(" -X ").append(method);
        }
        if (body != null) {
            curl.append(" --data-binary ").append(quote(body));
        }
        return curl.append(' ').append(quote(url.toString())).toString();
    }

    static String quote(String text) {
        if (text.matches("[A-Za-z0-9_./:=-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
