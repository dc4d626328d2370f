package workshop.sharedstate;

import workshop.grader.Http;
import workshop.grader.Reply;
import workshop.grader.Request;
import workshop.grader.ServerProcess;

import java.util.Map;

/**
 * One request to the cart service, as its clients send it: a method, a target, and the user named
 * in the {@code X-User} header (none when {@code user} is null).
 */
record Ask(String method, String target, String user) {

    static Ask add(String user, String item) {
        return new Ask("POST", "/cart?item=" + item, user);
    }

    static Ask view(String user) {
        return new Ask("GET", "/cart", user);
    }

    static Ask checkout(String user) {
        return new Ask("POST", "/checkout", user);
    }

    static Ask stats() {
        return new Ask("GET", "/stats", null);
    }

    Map<String, String> headers() {
        return user == null ? Map.of() : Map.of("X-User", user);
    }

    /** Sends it through the grader's HTTP client and waits for the reply. */
    Reply send(ServerProcess server) {
        return Http.send(server, new Request(method, target, null, headers()));
    }

    /** The bytes for a raw connection: HTTP/1.1, the connection kept open for the next request. */
    String raw(ServerProcess server) {
        return method + " " + target + " HTTP/1.1\r\n"
                + "Host: " + server.baseUrl().getAuthority() + "\r\n"
                + (user == null ? "" : "X-User: " + user + "\r\n")
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    String curl(ServerProcess server) {
        return new Request(method, target, null, headers()).curl(server);
    }
}
