package workshop.grader;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ThreadDumpTest {

    /** The shape of a JDK 17 dump of a JVM whose shutdown hook called System.exit, trimmed. */
    private static final String EXIT_IN_HOOK = """
            Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):

            "main" #1 prio=5 os_prio=0 cpu=93.55ms elapsed=1.56s tid=0x00007fdbd8017ea0 nid=0x4950 waiting on condition  [0x00007fdbdd71e000]
               java.lang.Thread.State: TIMED_WAITING (sleeping)
            \tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)
            \tat shop.Server.main(Server.java:12)

            "SIGTERM handler" #13 daemon prio=9 os_prio=0 cpu=1.52ms elapsed=0.56s tid=0x00007fdb48001100 nid=0x497a in Object.wait()  [0x00007fdba8fb5000]
               java.lang.Thread.State: WAITING (on object monitor)
            \tat java.lang.Object.wait(java.base@17.0.15/Native Method)
            \tat java.lang.Thread.join(java.base@17.0.15/Thread.java:1304)
            \tat java.lang.ApplicationShutdownHooks.runHooks(java.base@17.0.15/ApplicationShutdownHooks.java:107)
            \tat java.lang.Shutdown.exit(java.base@17.0.15/Shutdown.java:173)
            \t- locked <0x00000007ffb020b8> (a java.lang.Class for java.lang.Shutdown)

            "Thread-0" #12 prio=5 os_prio=0 cpu=1.08ms elapsed=0.55s tid=0x00007fdb34067360 nid=0x497b waiting for monitor entry  [0x00007fdba8eb5000]
               java.lang.Thread.State: BLOCKED (on object monitor)
            \tat java.lang.Shutdown.exit(java.base@17.0.15/Shutdown.java:172)
            \t- waiting to lock <0x00000007ffb020b8> (a java.lang.Class for java.lang.Shutdown)
            \tat java.lang.Runtime.exit(java.base@17.0.15/Runtime.java:115)
            \tat java.lang.System.exit(java.base@17.0.15/System.java:1877)
            \tat shop.Server.lambda$main$0(Server.java:8)
            \tat java.lang.Thread.run(java.base@17.0.15/Thread.java:840)

            "VM Thread" os_prio=0 cpu=3.59ms elapsed=1.48s tid=0x00007fdbd80f43f0 nid=0x4956 runnable
            """;

    @Test
    void reads_each_thread_with_its_frames() {
        ThreadDump dump = ThreadDump.parse(EXIT_IN_HOOK.lines().toList());

        assertThat(dump.threads()).extracting(ThreadDump.Stack::name).containsExactly("main", "SIGTERM handler", "Thread-0", "VM Thread");
        assertThat(dump.threads().get(0).frames()).containsExactly("java.lang.Thread.sleep(java.base@17.0.15/Native Method)", "shop.Server.main(Server.java:12)");
    }

    @Test
    void finds_System_exit_called_from_a_shutdown_hook_and_explains_why_it_hangs() {
        ThreadDump dump = ThreadDump.parse(EXIT_IN_HOOK.lines().toList());

        assertThat(dump.runningShutdownHooks()).isTrue();
        assertThat(dump.exitCalledDuringShutdown()).contains("shop.Server.lambda$main$0(Server.java:8)");
        assertThat(Exits.whyStillRunning(dump)).contains("System.exit was called from a shutdown hook, at shop.Server.lambda$main$0(Server.java:8)")
                .contains("waits\nfor itself, forever");
    }

    @Test
    void a_hook_that_waits_is_shown_where_it_waits_in_the_servers_code() {
        String dump = EXIT_IN_HOOK.replace("\tat java.lang.Runtime.exit(java.base@17.0.15/Runtime.java:115)\n", "")
                .replace("\tat java.lang.System.exit(java.base@17.0.15/System.java:1877)\n", "")
                .replace("\tat java.lang.Shutdown.exit(java.base@17.0.15/Shutdown.java:172)\n", "\tat java.lang.Object.wait(java.base@17.0.15/Native Method)\n");
        ThreadDump parsed = ThreadDump.parse(dump.lines().toList());

        assertThat(parsed.exitCalledDuringShutdown()).isEmpty();
        assertThat(parsed.whereInApplicationCode()).containsExactly(
                "\"main\" at shop.Server.main(Server.java:12)", "\"Thread-0\" at shop.Server.lambda$main$0(Server.java:8)");
        assertThat(Exits.whyStillRunning(parsed)).contains("one has not returned").contains("\"Thread-0\" at shop.Server.lambda$main$0(Server.java:8)");
    }

    @Test
    void no_exit_is_reported_while_the_JVM_is_not_exiting() {
        List<String> lines = EXIT_IN_HOOK.lines().filter(line -> !line.contains("ApplicationShutdownHooks")).toList();

        assertThat(ThreadDump.parse(lines).exitCalledDuringShutdown()).isEmpty();
    }

    @Test
    void after_an_own_start_that_failed_every_later_one_fails_at_once_with_the_same_failure() {
        try (Servers servers = new Servers("grader-fixtures", "fixture.Server", "grader/src/test/fixtures/behaviours")) {
            ServerNotReady first = catchThrowableOfType(ServerNotReady.class, () -> servers.startOwn(Env.defaults().set("BEHAVIOUR", "exit")));

            assertThat(first).as("the first start's failure").isNotNull().hasMessageContaining("exit status 3");
            assertThatThrownBy(() -> servers.startOwn(Env.defaults().set("BEHAVIOUR", "serve"))).isSameAs(first);
        }
    }
}
