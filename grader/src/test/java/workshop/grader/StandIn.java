package workshop.grader;

/** Starts the stand-in server of {@code src/test/fixtures/http}, whose paths answer well or badly on purpose. */
final class StandIn {

    private static final String MAIN_CLASS = "fixture.HttpStandIn";

    private StandIn() {
    }

    /** Launched; ready once awaited. With {@code closeAfterReply}, every response says Connection: close, and the connection ends. */
    static ServerProcess launch(boolean closeAfterReply) {
        Answer answer = Answer.resolve("grader/src/test/fixtures/http", "grader-http-fixture", MAIN_CLASS);
        return ServerProcess.launch(answer, MAIN_CLASS, Env.defaults().set("CLOSE_AFTER_REPLY", Boolean.toString(closeAfterReply)));
    }
}
