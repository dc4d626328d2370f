package workshop.sharedstate;

import workshop.grader.Answered;
import workshop.grader.Request;

import java.util.Map;

/**
 * The cart service's requests, as its clients send them: the user is named in the {@code X-User}
 * header (none when the user is null).
 */
final class Ask {

    private Ask() {
    }

    static Request add(String user, String item) {
        return as(user, "POST", "/cart?item=" + item);
    }

    static Request view(String user) {
        return as(user, "GET", "/cart");
    }

    static Request checkout(String user) {
        return as(user, "POST", "/checkout");
    }

    static Request stats() {
        return as(null, "GET", "/stats");
    }

    /** A GET of any target, as this user. */
    static Request get(String target, String user) {
        return as(user, "GET", target);
    }

    /** Any method and target, as this user (nobody when null). */
    static Request as(String user, String method, String target) {
        return new Request(method, target, null, user == null ? Map.of() : Map.of("X-User", user));
    }

    /** The request line as a server logs and lists it: {@code METHOD target}. */
    static String line(Request request) {
        return request.method() + " " + request.target();
    }

    /** The user a request was sent as; null for nobody. */
    static String userOf(Request request) {
        return request.header("X-User").orElse(null);
    }

    /** The item of an add: what follows {@code item=}. */
    static String itemOf(Request add) {
        return add.target().substring(add.target().indexOf('=') + 1);
    }

    /** A request's line on a timeline: {@code POST /cart?item=… as ada-…}. */
    static String label(Answered answered) {
        return answered.request().describe() + " as " + userOf(answered.request());
    }
}
