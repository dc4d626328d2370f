package workshop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JDK classes that earlier server JVMs loaded, which watch mode's spares load ahead: learned
 * from each ended JVM's {@code -XX:DumpLoadedClassList} file, kept in one list file that a new
 * spare reads when it starts (see {@link SpareLauncher}).
 */
final class LoadedClasses {

    private final Path listFile;
    private final Set<String> known = new LinkedHashSet<>();

    LoadedClasses(Path listFile) {
        this.listFile = listFile;
    }

    /** The file a spare reads, one class name per line (it may not exist yet). */
    Path file() {
        return listFile;
    }

    /** Learns the JDK classes in one JVM's dump, if it wrote one; whether any was new. */
    boolean learn(Path dump) throws IOException {
        return Files.isRegularFile(dump) && known.addAll(jdkClassNames(Files.readAllLines(dump, StandardCharsets.UTF_8)));
    }

    /** Writes the list for the next spares, in one atomic step so a starting spare never reads half of it. */
    void save() {
        try {
            Path next = Files.createTempFile(listFile.getParent(), "preload", ".txt");
            Files.write(next, known, StandardCharsets.UTF_8);
            Files.move(next, listFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The spares then load nothing ahead; they still save the JVM's start.
        }
    }

    /**
     * The names of the JDK's classes in a {@code -XX:DumpLoadedClassList} file: lines such as
     * {@code java/lang/Object id: 0}. Comments ({@code #}), other records ({@code @}) and classes
     * from a class path ({@code source:}) are left out, and so are generated classes.
     */
    static List<String> jdkClassNames(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("@") || line.contains(" source:")) {
                continue;
            }
            String name = line.split(" ", 2)[0].replace('/', '.');
            if (!name.contains("$$") && !name.contains("LambdaForm$")) {
                names.add(name);
            }
        }
        return names;
    }
}
