package workshop.grader;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The compiled classes that a check run grades, chosen by the setting {@value #SETTING}:
 *
 * <ul>
 *   <li>unset or empty: the learner's code, that is the {@code src/main/java} of the exercise module
 *       the checks run in, compiled here (or, without those sources, the main class on the class
 *       path, as an IDE compiled it);</li>
 *   <li>{@code reference}: the reference answer in {@code solutions/<exercise>};</li>
 *   <li>a folder, absolute or relative to the workshop's root: if it holds {@code src/main/java}
 *       the grader compiles it first (so any answer, a classmate's clone included, can be graded);
 *       otherwise it must hold compiled classes;</li>
 *   <li>a chaff, {@code solutions/<exercise>/chaffs/<name>} with or without {@code .patch}: its
 *       patch applied to its base (see {@link ChaffPatch}), then compiled.</li>
 * </ul>
 *
 * @param label    how the report names the answer
 * @param classes  the class path to start the main class from
 * @param warnings what the compiler warned about, when the grader compiled the answer
 */
public record Answer(String label, Path classes, List<String> warnings) {

    /** One lock per folder an answer is compiled into. */
    private static final ConcurrentMap<Path, Object> COMPILING = new ConcurrentHashMap<>();

    /** The JUnit configuration parameter, or system property, that chooses the answer. */
    public static final String SETTING = "workshop.answer";

    /** How an answer is compiled, as the exercise modules compile a learner's code: Java 17, every warning shown. */
    public static final List<String> JAVAC_OPTIONS = List.of("--release", "17", "-Xlint:all", "-encoding", "UTF-8");

    /** Resolves the setting's value for one exercise. */
    public static Answer resolve(String setting, String exercise, String mainClass) {
        String value = setting == null ? "" : setting.trim();
        if (value.isEmpty()) {
            Path ownSources = Path.of("src", "main", "java").toAbsolutePath();
            // Compiled here and not by Maven, so that a compiler error or warning is told in the
            // report, and classes left by an earlier build are never what gets graded (not even
            // when the main class's file was renamed: the start then says it found no such class).
            if (Files.isDirectory(ownSources)) {
                return compile(exercise, ownSources, exercise);
            }
            return new Answer(exercise, ownClasses(mainClass), List.of());
        }
        Path root = RepositoryRoot.find();
        Path folder = value.equals("reference")
                ? root.resolve("solutions").resolve(exercise)
                : root.resolve(value).normalize();
        Path patch = value.endsWith(".patch") || folder.getFileName() == null ? folder : folder.resolveSibling(folder.getFileName() + ".patch");
        if (!Files.isDirectory(folder) && Files.isRegularFile(patch)) {
            return compileChaff(root.relativize(patch).toString().replace('\\', '/').replaceFirst("\\.patch$", ""), patch, exercise);
        }
        if (Files.isDirectory(folder.resolve("src/main/java"))) {
            return compile(root.relativize(folder).toString().replace('\\', '/'), folder.resolve("src/main/java"), exercise);
        }
        if (Files.isRegularFile(folder.resolve(mainClass.replace('.', '/') + ".class"))) {
            return new Answer(value, folder, List.of());
        }
        throw new IllegalArgumentException(SETTING + "=" + value + ": " + folder
                + " holds neither src/main/java nor a compiled " + mainClass);
    }

    /**
     * A chaff kept as a patch: applied to its base in a fresh folder under
     * {@code target/graded-answers}, then compiled like any answer folder.
     */
    private static Answer compileChaff(String label, Path patch, String exercise) {
        Path tree = Path.of("target", "graded-answers", exercise, "chaffs", patch.getFileName().toString().replaceFirst("\\.patch$", ""))
                .toAbsolutePath();
        // Held while compiling too: another thread's fresh copy must not replace the one being compiled.
        synchronized (COMPILING.computeIfAbsent(tree, key -> new Object())) {
            try {
                ChaffPatch.deleteTree(tree);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChaffPatch.read(patch).writeTree(tree);
            return compile(label, tree.resolve("src/main/java"), exercise);
        }
    }

    private static Path ownClasses(String mainClass) {
        String resource = mainClass.replace('.', '/') + ".class";
        URL url = ClassLoader.getSystemClassLoader().getResource(resource);
        if (url == null || !url.getProtocol().equals("file")) {
            throw new IllegalStateException("Found neither src/main/java in " + Path.of("").toAbsolutePath()
                    + " nor a compiled " + mainClass + " on the class path");
        }
        try {
            Path classFile = Path.of(url.toURI());
            Path root = classFile;
            for (int i = 0; i < mainClass.split("\\.").length; i++) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unexpected class location " + url, e);
        }
    }

    /**
     * Compiles every source file below {@code sources} for release 17. The output folder is named
     * after a hash of the sources, so an unchanged answer is compiled once.
     */
    static Answer compile(String label, Path sources, String exercise) {
        List<Path> files = javaFiles(sources);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No .java files below " + sources);
        }
        Path output = Path.of("target", "graded-answers", exercise, label.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + hash(sources, files))
                .toAbsolutePath();
        Path warningsFile = output.resolve("compiler-warnings.txt");
        // Two threads of one run may ask for the same answer at once: the second waits for the first.
        synchronized (COMPILING.computeIfAbsent(output, key -> new Object())) {
            return compileOnce(label, sources, files, output, warningsFile);
        }
    }

    private static Answer compileOnce(String label, Path sources, List<Path> files, Path output, Path warningsFile) {
        try {
            if (Files.isRegularFile(warningsFile)) {
                return new Answer(label, output, Files.readAllLines(warningsFile));
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler == null) {
                throw new IllegalStateException("This Java has no compiler: run the checks with a JDK, not a JRE");
            }
            Path staging = Files.createTempDirectory(output.getParent() == null ? Path.of(".") : Files.createDirectories(output.getParent()), "compiling-");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            boolean ok = javac(compiler, files, staging, diagnostics);
            List<String> messages = diagnostics.getDiagnostics().stream()
                    .map(d -> CompilerMessage.describe(d, RepositoryRoot.find()))
                    // javac says it once per use: two uses on one line are one thing to fix.
                    .distinct()
                    .collect(Collectors.toList());
            if (!ok) {
                throw new AnswerDoesNotCompile(label, messages);
            }
            Files.write(staging.resolve("compiler-warnings.txt"), messages);
            try {
                Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // Another run compiled the same sources first; its output is as good as ours.
                if (!Files.isRegularFile(warningsFile)) {
                    throw raced;
                }
            }
            return new Answer(label, output, Files.readAllLines(warningsFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path sources) {
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean javac(JavaCompiler compiler, List<Path> files, Path output, DiagnosticCollector<JavaFileObject> diagnostics) throws IOException {
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ENGLISH, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(JAVAC_OPTIONS);
            options.addAll(List.of("-d", output.toString()));
            return compiler.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files)).call();
        }
    }

    /**
     * Compiles the sources below {@code sources} a few times into a scratch folder and throws the
     * result away, so that the compiler in this JVM is warm: its first compile takes about ten
     * times as long as its fifth. For watch mode, while the learner reads the first report.
     */
    static void warmUpCompiler(Path sources, Path scratch, int times) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try {
            List<Path> files = javaFiles(sources);
            if (compiler == null || files.isEmpty()) {
                return;
            }
            Files.createDirectories(scratch);
            for (int i = 0; i < times && !Thread.currentThread().isInterrupted(); i++) {
                javac(compiler, files, scratch, new DiagnosticCollector<>());
            }
        } catch (IOException | RuntimeException e) {
            // Only a warm-up: the next save compiles cold, and is graded all the same.
        }
    }

    private static String hash(Path sources, List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(System.getProperty("java.version").getBytes(StandardCharsets.UTF_8));
            for (Path file : files) {
                digest.update(sources.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer's sources do not compile; the message carries the compiler's own words. */
    public static final class AnswerDoesNotCompile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient List<String> messages;

        AnswerDoesNotCompile(String label, List<String> messages) {
            super(label + " does not compile:\n" + String.join("\n", messages));
            this.messages = List.copyOf(messages);
        }

        /** What the compiler said, one entry per error or warning, each as {@link CompilerMessage} wrote it. */
        public List<String> messages() {
            return messages == null ? List.of() : messages;
        }
    }
}
