package workshop.grader;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a server's JVM as a child process of the test JVM: the same {@code java}, a small and
 * quick JVM configuration, UTF-8 output, the check's environment, SIGINT at its default, and a
 * marker on the command line by which the janitor knows it as ours. Launching never waits for
 * the server to be ready: see {@link ServerProcess#awaitReady()}.
 */
final class Launcher {

    private Launcher() {
    }

    /**
     * Launches the main class of an answer with the given environment. In watch mode, a JVM that
     * {@link Spares} started ahead with this environment runs it, if there is one; with a
     * {@link Debugger} on, a JVM of its own that waits for a debugger.
     */
    static ServerProcess launch(Answer answer, String mainClass, Env env, Debugger debugger) {
        if (debugger.on()) {
            List<String> agent = debugger.nextServer(env.describe() + " java " + mainClass, System.out);
            return spawn(agent, answer.classes().toString(), List.of(mainClass), mainClass, env, false, true);
        }
        StartRecorder.noteLaunch(env);
        Optional<ServerProcess> spare = Spares.take(answer, mainClass, env);
        if (spare.isPresent()) {
            return spare.get();
        }
        return spawn(List.of(), answer.classes().toString(), List.of(mainClass), mainClass, env, false, false);
    }

    /**
     * Launches a JVM for a later start of {@code mainClass} with this environment: it runs
     * {@link SpareLauncher} and waits, with standard input open, for {@link ServerProcess#go}.
     */
    static ServerProcess spare(Path launcherClasses, Path classes, Path preload, Path loadedClasses, String mainClass, Env env) {
        return spawn(List.of("-XX:DumpLoadedClassList=" + loadedClasses),
                launcherClasses + File.pathSeparator + classes,
                List.of(SpareLauncher.class.getName(), preload.toString()), mainClass, env, true, false);
    }

    private static ServerProcess spawn(List<String> flags, String classPath, List<String> mainAndArgs, String mainClass, Env env, boolean spare, boolean debugged) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvm = new ArrayList<>(List.of(
                java.toString(),
                "-D" + ProcessJanitor.MARKER_PROPERTY + "=" + ProcessJanitor.marker(),
                // A small server starts faster with these; nothing it does needs more.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // Log lines are read as UTF-8 whatever the machine's locale.
                "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        jvm.addAll(flags);
        jvm.addAll(List.of("-cp", classPath));
        jvm.addAll(mainAndArgs);
        List<String> limited = env.limitsFiles() ? Platform.concat(List.of("sh", "-c", env.fileLimit() + " && exec \"$@\"", "sh"), jvm) : jvm;
        List<String> commandLine = Platform.concat(Platform.sigintDefaultPrefix(), limited);
        ProcessBuilder builder = new ProcessBuilder(commandLine);
        env.applyTo(builder.environment());
        try {
            return ProcessJanitor.launch(() -> {
                Process process = builder.start();
                OutputStream input = process.getOutputStream();
                if (!spare) {
                    input.close();
                }
                return new ServerProcess(process, (env.limitsFiles() ? "(" + env.fileLimit() + ") " : "") + env.describe() + " java " + mainClass, spare ? input : null, debugged);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + String.join(" ", commandLine), e);
        }
    }
}
