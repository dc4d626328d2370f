package workshop.hello;

/** What the server answers: the greeting at {@code /}, and a plain reason for everything else. */
final class HelloRoutes {

    private HelloRoutes() {
    }

    static Response respond(Request request) {
        String path = request.path();
        if (!path.equals("/")) {
            return Response.text(404, "Not found: " + path + "\n");
        }
        return switch (request.method()) {
            case "GET", "HEAD" -> Response.text(200, "Hello, world!\n");
            default -> Response.text(405, "Method not allowed: " + request.method() + "\n")
                    .withHeader("Allow", "GET, HEAD");
        };
    }
}
