package workshop.grader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SparesTest {

    private static final String MAIN = "fixture.Server";
    private static Answer fixture;
    private final List<ServerProcess> started = new ArrayList<>();
    private Spares spares;

    @TempDir
    Path folder;

    @BeforeAll
    static void compileFixture() {
        fixture = Answer.resolve("grader/src/test/fixtures/behaviours", "grader-fixtures", MAIN);
    }

    @AfterEach
    void endEverything() {
        if (spares != null) {
            spares.close();
        }
        started.forEach(ServerProcess::close);
        assertThat(started).as("processes still running after close()").noneMatch(ServerProcess::isAlive);
    }

    private ServerProcess start(Env env) {
        ServerProcess server = ServerProcess.launch(fixture, MAIN, env);
        started.add(server);
        return server;
    }

    /** What the process printed, and its exit status. */
    private static String run(ServerProcess server) {
        OptionalInt status = server.awaitExit(Duration.ofSeconds(10));
        return server.lines().stream().map(ServerProcess.Line::toString).collect(Collectors.joining("\n"))
                + "\nexit " + (status.isPresent() ? status.getAsInt() : "none: still running");
    }

    /** Starts a server as always, then opens spares, which start one for the same environment. */
    private ServerProcess startOnceThenFromASpare(Env env, String expectedFirst) {
        StartRecorder.start();
        assertThat(run(start(env))).as("the first start, as always").isEqualTo(expectedFirst);
        spares = Spares.open(folder, MAIN);
        ServerProcess spare = start(env);
        assertThat(spare.wasSpare()).as("the second start was handed a spare").isTrue();
        return spare;
    }

    private static final String DESCRIBED = "out| thread main, loaded by the system class loader: true, context class loader the same: true, "
            + "standard input: -1, PORT=0, BEHAVIOUR=describe, LEAK=null, nodelay property: null\nexit 4";

    @Test
    void a_spare_runs_the_main_class_as_the_java_command_would() {
        ServerProcess spare = startOnceThenFromASpare(Env.defaults().set("BEHAVIOUR", "describe"), DESCRIBED);

        assertThat(run(spare)).as("what the server in the spare printed, and its exit status").isEqualTo(DESCRIBED);
    }

    @Test
    void an_exception_out_of_main_is_printed_as_the_java_command_prints_it() {
        Env env = Env.defaults().set("BEHAVIOUR", "throw");
        ServerProcess first = start(env);
        String expected = run(first);
        assertThat(expected).as("as always").contains("Exception in thread \"main\" java.lang.IllegalStateException: broken on purpose").endsWith("exit 1");

        ServerProcess spare = startOnceThenFromASpare(env, expected);

        assertThat(run(spare)).as("the same, from a spare, without the launcher's frames").isEqualTo(expected);
    }

    @Test
    void a_spare_waits_with_a_port_that_Ports_free_hands_out_next() {
        StartRecorder.start();
        int port = Ports.free();
        start(Env.defaults().set("PORT", Integer.toString(port))).awaitReady().close();
        spares = Spares.open(folder, MAIN);

        int next = Ports.free();
        ServerProcess server = start(Env.defaults().set("PORT", Integer.toString(next))).awaitReady();

        assertThat(server.wasSpare()).as("a spare started with the port that Ports.free() handed out").isTrue();
        assertThat(server.port()).as("the port it listens on").isEqualTo(next);
        assertThat(Http.get(server, "/").body()).as("what it saw of its environment").contains("PORT=" + next).contains("LEAK=null");
    }

    @Test
    void a_start_with_another_environment_starts_a_JVM_as_always() {
        Env env = Env.defaults().set("BEHAVIOUR", "describe");
        StartRecorder.start();
        run(start(env));
        spares = Spares.open(folder, MAIN);

        ServerProcess other = start(Env.defaults().set("BEHAVIOUR", "describe").set("EXTRA", "1"));
        ServerProcess same = start(env);

        assertThat(other.wasSpare()).as("a start with an environment no spare has").isFalse();
        assertThat(same.wasSpare()).as("then a start with the environment of the spare").isTrue();
    }

    @Test
    void spares_are_kept_for_the_starts_two_runs_in_a_row_made() {
        Map<String, String> a = Map.of("PORT", "0");
        Map<String, String> b = Map.of("PORT", "0", "HOST", "::1");
        Map<String, String> c = Map.of("PORT", "8080");

        assertThat(Spares.inBoth(List.of(a, a, b, c), List.of(a, b, b))).containsExactly(a, b);
        assertThat(Spares.inBoth(List.of(a), List.of())).isEmpty();
    }

    @Test
    void an_environment_survives_the_round_trip_through_its_variables() {
        Env unset = Env.defaults().unset("PORT").set("HOST", "::1");
        Env set = Env.defaults().set("PORT", "8081");

        assertThat(Env.of(unset.resolveChanges()).resolveChanges()).isEqualTo(unset.resolveChanges()).doesNotContainKey("PORT");
        assertThat(Env.of(set.resolveChanges()).resolveChanges()).isEqualTo(set.resolveChanges());
    }

    @Test
    void only_the_JDK_classes_of_a_loaded_class_list_are_loaded_ahead() {
        List<String> lines = List.of(
                "# NOTE: Do not modify this file.",
                "java/lang/Object id: 0",
                "com/sun/net/httpserver/HttpServer id: 788",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L",
                "workshop/hello/HelloServer id: 900 super: 0 source: /tmp/classes/",
                "java/lang/invoke/LambdaForm$MH/0x0000000800c01000 id: 901",
                "");

        assertThat(LoadedClasses.jdkClassNames(lines)).containsExactly("java.lang.Object", "com.sun.net.httpserver.HttpServer");
    }

    // Main methods as the java command finds them: up to JDK 24 only a public static main(String[]);
    // from JDK 25 on (JEP 512) a non-private main(String[]), else main(), static or not.
    static final class PublicStatic {
        public static void main(String[] args) {
        }
    }

    static final class PackageStatic {
        static void main(String[] args) {
        }
    }

    static final class InstanceNoArguments {
        void main() {
        }
    }

    static final class Both {
        static void main() {
        }

        void main(String[] args) {
        }
    }

    static final class ReturnsInt {
        public static int main(String[] args) {
            return 0;
        }
    }

    @Test
    void the_launcher_finds_the_main_method_the_java_command_of_this_JDK_would_run() throws Exception {
        boolean jep512 = Runtime.version().feature() >= 25;

        assertThat(SpareLauncher.findMain(PublicStatic.class)).isEqualTo(PublicStatic.class.getMethod("main", String[].class));
        assertThat(SpareLauncher.findMain(ReturnsInt.class)).isNull();
        if (jep512) {
            assertThat(SpareLauncher.findMain(PackageStatic.class)).isEqualTo(PackageStatic.class.getDeclaredMethod("main", String[].class));
            assertThat(SpareLauncher.findMain(InstanceNoArguments.class)).isEqualTo(InstanceNoArguments.class.getDeclaredMethod("main"));
            assertThat(SpareLauncher.findMain(Both.class)).isEqualTo(Both.class.getDeclaredMethod("main", String[].class));
        } else {
            assertThat(SpareLauncher.findMain(PackageStatic.class)).isNull();
            assertThat(SpareLauncher.findMain(InstanceNoArguments.class)).isNull();
            assertThat(SpareLauncher.findMain(Both.class)).isNull();
        }
    }
}
