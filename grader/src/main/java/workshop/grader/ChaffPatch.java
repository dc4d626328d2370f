package workshop.grader;

import workshop.grader.ChaffPatch.BadPatch;
import workshop.grader.ChaffPatch.FileChange;
import workshop.grader.ChaffPatch.Hunk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A chaff, a wrong answer, kept as a patch on a correct one: a header that names the mistake, the
 * checks that must catch it and the answer it changes, then a unified diff whose paths are relative
 * to that answer's folder (the one holding {@code src/main/java}). The grader's README shows one.
 *
 * <p>Applying it is strict: every context and removed line must match the base exactly (a trailing
 * CR aside, so that a CRLF checkout works). A hunk may sit some lines away from where its header
 * says, as with {@code patch}, but is never applied with a difference. Files keep their line endings.
 *
 * <p>JDK only and no other grader class, so that it also runs on its own and writes a chaff out as a
 * tree that compiles and runs:
 * {@code java grader/src/main/java/workshop/grader/ChaffPatch.java <chaff>.patch [folder]}.
 * That is why its three classes share this one file (JDK 17 runs a single source file): this record
 * reads the format and writes the tree, {@link PatchApplier} applies one file's hunks, and
 * {@link ChaffCommand} is the program.
 */
public record ChaffPatch(String name, Path file, String mistake, List<String> caughtBy, List<Integer> leavesOut, String base,
        List<FileChange> changes) {

    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+\\d+(?:,(\\d+))? @@.*");
    private static final Pattern BASE = Pattern.compile("reference|wheats/[A-Za-z0-9._-]+");
    private static final Pattern STEP = Pattern.compile("step (\\d+)");

    /** The hunks for one file, whose path is relative to the answer's folder. */
    public record FileChange(String path, List<Hunk> hunks) {
    }

    /** One hunk: its header line, the line of the base it starts at, and its lines with their prefix. */
    public record Hunk(String header, int oldStart, List<String> lines) {

        /** The hunk's lines as they read without those that start with {@code dropped}. */
        List<String> without(char dropped) {
            return lines.stream().filter(l -> l.charAt(0) != dropped).map(l -> l.substring(1)).collect(Collectors.toList());
        }
    }

    /** A patch that cannot be read or does not apply; the message names the chaff and says where and why. */
    public static final class BadPatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadPatch(String message) {
            super(message);
        }
    }

    /** Reads a chaff's patch file; the chaff's name is the file's name without {@code .patch}. */
    public static ChaffPatch read(Path file) {
        // lines() ends a line at LF, CR LF or CR alike: a patch checked out with CRLF reads the same.
        List<String> lines = text(file).lines().collect(Collectors.toList());
        return parse(file.getFileName().toString().replaceFirst("\\.patch$", ""), file.toAbsolutePath().normalize(), lines);
    }

    static ChaffPatch parse(String name, Path file, List<String> lines) {
        String mistake = null;
        String base = null;
        List<String> caughtBy = new ArrayList<>();
        List<Integer> leavesOut = new ArrayList<>();
        int i = 0;
        for (; i < lines.size() && !lines.get(i).startsWith("--- ") && !lines.get(i).startsWith("diff "); i++) {
            String[] field = lines.get(i).split(":", 2);
            switch (field.length == 2 ? field[0] : lines.get(i).isBlank() ? "" : "?") {
                case "Mistake" -> mistake = field[1].strip();
                case "Caught by" -> caughtBy.add(field[1].strip());
                case "Base" -> base = field[1].strip();
                case "Leaves out" -> {
                    Matcher step = STEP.matcher(field[1].strip());
                    if (!step.matches()) {
                        throw new BadPatch("Chaff " + name + ", line " + (i + 1) + ": Leaves out: names one step of the README, as in"
                                + " \"Leaves out: step 3\"; got \"" + lines.get(i) + "\"");
                    }
                    leavesOut.add(Integer.parseInt(step.group(1)));
                }
                case "" -> { }
                default -> throw new BadPatch("Chaff " + name + ", line " + (i + 1) + ": a header line starts with Mistake:, Caught by:,"
                        + " Leaves out: or Base:, got \"" + lines.get(i) + "\"");
            }
        }
        if (mistake == null || mistake.isEmpty() || caughtBy.isEmpty() || base == null || !BASE.matcher(base).matches()) {
            throw new BadPatch("Chaff " + name + ": the header needs a Mistake: line, one Caught by: line per check, and Base: reference"
                    + " or Base: wheats/<name>; got Mistake: " + mistake + ", Caught by: " + caughtBy + ", Base: " + base);
        }
        List<FileChange> changes = new ArrayList<>();
        while (i < lines.size()) {
            String line = lines.get(i++);
            if (line.startsWith("--- ")) {
                String to = i < lines.size() && lines.get(i).startsWith("+++ ") ? lines.get(i++).substring(4).split("\t", 2)[0].strip() : "";
                if (!to.startsWith("b/") || !line.substring(4).strip().equals("a/" + to.substring(2))) {
                    throw new BadPatch("Chaff " + name + ", line " + i + ": a chaff changes files of its base, \"--- a/<path>\" then \"+++ b/<path>\";"
                            + " it neither creates nor deletes any");
                }
                changes.add(new FileChange(to.substring(2), new ArrayList<>()));
            } else if (line.startsWith("@@") && !changes.isEmpty()) {
                i = readHunk(name, changes.get(changes.size() - 1), lines, i - 1);
            } else if (line.startsWith("@@") || line.startsWith("+") || line.startsWith("-") || line.startsWith(" ")) {
                throw new BadPatch("Chaff " + name + ", line " + i + ": a hunk line outside a hunk of a file: " + line);
            }
            // Anything else between files (git's "diff --git" and "index" lines, a last "\ No newline") only informs.
        }
        if (changes.isEmpty()) {
            throw new BadPatch("Chaff " + name + ": no diff after the header");
        }
        return new ChaffPatch(name, file, mistake, List.copyOf(caughtBy), List.copyOf(leavesOut), base, List.copyOf(changes));
    }

    /** Reads the hunk whose header is at {@code at} into {@code change}; returns the line after it. */
    private static int readHunk(String name, FileChange change, List<String> lines, int at) {
        Matcher m = HUNK.matcher(lines.get(at));
        if (!m.matches()) {
            throw new BadPatch("Chaff " + name + ", line " + (at + 1) + ": not a hunk header: " + lines.get(at));
        }
        int oldLeft = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int newLeft = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        List<String> body = new ArrayList<>();
        int i = at + 1;
        for (; oldLeft > 0 || newLeft > 0; i++) {
            // An editor may strip the one space of an empty context line.
            String line = i == lines.size() ? "end of the patch" : lines.get(i).isEmpty() ? " " : lines.get(i);
            char kind = line.charAt(0);
            if (kind == '\\') {
                continue; // "\ No newline at end of file": a written file ends with a newline where its base did
            } else if (kind != ' ' && kind != '-' && kind != '+' || (kind != '+' && oldLeft == 0) || (kind != '-' && newLeft == 0)) {
                throw new BadPatch("Chaff " + name + ", " + change.path() + ", line " + (i + 1) + ": the hunk " + lines.get(at)
                        + " has other lines than its header counts: " + line);
            }
            oldLeft -= kind == '+' ? 0 : 1;
            newLeft -= kind == '-' ? 0 : 1;
            body.add(line);
        }
        change.hunks().add(new Hunk(lines.get(at), Integer.parseInt(m.group(1)), List.copyOf(body)));
        return i;
    }

    /** The answer this chaff changes: its exercise's reference answer, or one of its wheats. */
    public Path baseFolder() {
        Path exercise = file.getParent().getParent();
        return base.equals("reference") ? exercise : exercise.resolve(base);
    }

    /** Writes the chaff into {@code folder}, which must not exist yet: its base's src folder, patched. */
    public void writeTree(Path folder) {
        Path from = baseFolder().resolve("src");
        if (Files.exists(folder) || !Files.isDirectory(from)) {
            throw new BadPatch(Files.exists(folder) ? folder + " exists already: give a new folder for the chaff " + name
                    : "Chaff " + name + ": its base " + base + " has no src folder at " + from);
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.collect(Collectors.toList())) {
                Path target = folder.resolve("src").resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
            for (FileChange change : changes) {
                Path target = folder.resolve(change.path()).normalize();
                if (!target.startsWith(folder.resolve("src").normalize()) || !Files.isRegularFile(target)) {
                    throw new BadPatch("Chaff " + name + ": " + change.path() + " is not a file of its base " + base);
                }
                Files.writeString(target, applyTo(change, text(target)), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the chaff " + name + " to " + folder + ": " + e, e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e, e);
        }
    }

    /** Deletes {@code folder} and everything in it, if it exists. */
    static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(path);
                }
            }
        }
    }

    /** The file {@code text} with every hunk of {@code change} applied: see {@link PatchApplier}. */
    String applyTo(FileChange change, String text) {
        return PatchApplier.apply(this, change, text);
    }

    /** Writes a chaff out as a tree that compiles and runs, then says how to compile, start and grade it. */
    public static void main(String[] args) {
        ChaffCommand.run(args);
    }
}

/** Applies the hunks of one file: strictly, each where it matches exactly, nearest to where its header says. */
final class PatchApplier {

    private PatchApplier() {
    }

    /** The file {@code text} with every hunk of {@code change} applied, in the line endings of {@code text}. */
    static String apply(ChaffPatch chaff, FileChange change, String text) {
        List<String> lines = text.lines().collect(Collectors.toCollection(ArrayList::new));
        int growth = 0;
        int drift = 0;
        int floor = 0;
        for (int h = 0; h < change.hunks().size(); h++) {
            Hunk hunk = change.hunks().get(h);
            List<String> old = hunk.without('+');
            List<String> now = hunk.without('-');
            // A hunk with no old lines goes after line oldStart; any other starts at line oldStart.
            int expected = (old.isEmpty() ? hunk.oldStart() : hunk.oldStart() - 1) + growth;
            int at = find(lines, old, expected + drift, floor);
            if (at < 0) {
                throw new BadPatch("Chaff " + chaff.name() + " does not apply to its base " + chaff.base() + ": " + change.path() + ", hunk " + (h + 1)
                        + " (" + hunk.header() + "): " + firstDifference(lines, old, Math.max(floor, Math.min(expected + drift, lines.size()))));
            }
            lines.subList(at, at + old.size()).clear();
            lines.addAll(at, now);
            // Like patch: the next hunk is looked for first where this one's offset puts it.
            drift = at - expected;
            growth += now.size() - old.size();
            floor = at + now.size();
        }
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        boolean lastLineEnds = text.isEmpty() || text.endsWith("\n") || text.endsWith("\r");
        return String.join(eol, lines) + (lastLineEnds && !lines.isEmpty() ? eol : "");
    }

    /** Where {@code old} matches exactly, nearest to {@code expected} and not before {@code floor}; -1 if nowhere. */
    private static int find(List<String> lines, List<String> old, int expected, int floor) {
        int last = lines.size() - old.size();
        for (int distance = 0; expected - distance >= floor || expected + distance <= last; distance++) {
            for (int at : new int[] {expected - distance, expected + distance}) {
                if (at >= floor && at <= last && lines.subList(at, at + old.size()).equals(old)) {
                    return at;
                }
            }
        }
        return -1;
    }

    private static String firstDifference(List<String> lines, List<String> old, int at) {
        for (int k = 0; k < old.size(); k++) {
            if (at + k >= lines.size()) {
                return "the base has " + lines.size() + " lines, the patch expects line " + (at + k + 1) + " to be \"" + old.get(k) + "\"";
            }
            if (!lines.get(at + k).equals(old.get(k))) {
                return "line " + (at + k + 1) + " of the base is \"" + lines.get(at + k) + "\", the patch expects \"" + old.get(k) + "\"";
            }
        }
        return "its lines are found only where an earlier hunk of the same file has already changed it";
    }
}

/** The program: a chaff written out as a tree, and the commands that compile, start and grade it. */
final class ChaffCommand {

    private ChaffCommand() {
    }

    static void run(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("Usage: java grader/src/main/java/workshop/grader/ChaffPatch.java solutions/<exercise>/chaffs/<name>.patch [folder]");
            System.exit(2);
        }
        if (!Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("No chaff at " + args[0] + (Files.isDirectory(Path.of("solutions")) ? ""
                    : ": this copy of the workshop has no solutions/ folder (the student edition leaves it with the instructor)"));
            System.exit(1);
        }
        try {
            ChaffPatch chaff = ChaffPatch.read(Path.of(args[0]));
            Path exercise = chaff.file().getParent().getParent();
            boolean inPlace = chaff.file().getParent().endsWith("chaffs") && exercise.getParent().endsWith("solutions");
            if (!inPlace && args.length == 1) {
                throw new BadPatch(args[0] + " is not in solutions/<exercise>/chaffs: name the folder to write the chaff to");
            }
            Path folder = args.length == 2 ? Path.of(args[1]).toAbsolutePath().normalize()
                    : exercise.getParent().resolveSibling("target").resolve("chaffs").resolve(exercise.getFileName()).resolve(chaff.name());
            if (args.length == 1) {
                ChaffPatch.deleteTree(folder);
            }
            chaff.writeTree(folder);
            Path sources = folder.resolve("src/main/java");
            Path main;
            try (Stream<Path> walk = Files.walk(sources)) {
                main = walk.filter(p -> p.toString().endsWith(".java") && ChaffPatch.text(p).contains("static void main(")).sorted().findFirst()
                        .orElseThrow(() -> new BadPatch("No class with a main method below " + sources));
            }
            String mainClass = sources.relativize(main).toString().replaceFirst("\\.java$", "").replace(main.getFileSystem().getSeparator(), ".");
            Path classes = folder.resolve("classes");
            System.out.println("Wrote the chaff " + chaff.name() + " to " + shown(folder) + "\n  Mistake: " + chaff.mistake()
                    + "\nCompile it and start it:\n  javac -d " + shown(classes) + " --source-path " + shown(sources) + " " + shown(main)
                    + "\n  java -cp " + shown(classes) + " " + mainClass);
            if (inPlace) {
                System.out.println("Grade it, from the repository root:\n  ./mvnw test -pl " + exercise.getFileName()
                        + " -Dworkshop.answer=solutions/" + exercise.getFileName() + "/chaffs/" + chaff.name());
            }
        } catch (BadPatch | IOException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** A path as short as it can be for a command typed in the current folder. */
    private static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) && !path.equals(here) ? here.relativize(path).toString() : path.toString();
    }
}
