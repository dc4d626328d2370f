package workshop.lifecycle;

import java.util.Map;

/** Which code answers which request. Knows nothing of sockets. */
final class Router {

    static final int MAX_SLOW_MILLIS = 60_000;

    private Router() {
    }

    static Response handle(Request request) throws InterruptedException {
        switch (request.path()) {
            case "/":
                return allow(request, "GET") ? Response.text(200, "Hello from the lifecycle server") : notAllowed("GET");
            case "/slow":
                return allow(request, "GET") ? slow(request) : notAllowed("GET");
            case "/echo":
                if (!allow(request, "POST")) {
                    return notAllowed("POST");
                }
                String type = request.headers().getOrDefault("content-type", "application/octet-stream");
                return new Response(200, Map.of("Content-Type", type), request.body());
            default:
                return Response.text(404, "Not found: " + request.path());
        }
    }

    private static boolean allow(Request request, String method) {
        return request.method().equals(method);
    }

    private static Response notAllowed(String allowed) {
        Response response = Response.text(405, "Method not allowed here; use " + allowed);
        response.headers().put("Allow", allowed);
        return response;
    }

    /** A stand-in for slow work (a database query, a call to another service): it blocks. */
    private static Response slow(Request request) throws InterruptedException {
        String ms = request.query("ms");
        if (ms == null || !ms.matches("\\d{1,5}") || Integer.parseInt(ms) > MAX_SLOW_MILLIS) {
            return Response.text(400, "/slow needs ?ms=N with N a whole number of milliseconds from 0 to " + MAX_SLOW_MILLIS);
        }
        Thread.sleep(Integer.parseInt(ms));
        return Response.text(200, "Slept " + ms + " ms");
    }
}
