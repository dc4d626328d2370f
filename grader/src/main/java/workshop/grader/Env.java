package workshop.grader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a check gives the learner's server. It starts from a small, known set of the
 * test JVM's variables (so a {@code PORT} exported in the learner's shell cannot leak in), sets
 * {@code PORT=0}, then applies the check's own changes.
 */
public final class Env {

    /** Variables a JVM or the OS needs to run at all; everything else is left behind. */
    private static final Set<String> KEPT = Set.of(
            "PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TMP", "TEMP",
            "SYSTEMROOT", "SystemRoot", "WINDIR", "windir", "COMSPEC", "ComSpec", "PATHEXT");

    private final Map<String, String> changes = new LinkedHashMap<>();
    /** The file size limit in blocks of 512 bytes, or -1 for none. */
    private int fileLimitBlocks = -1;

    private Env() {
    }

    /** {@code PORT=0} and nothing else from the check. */
    public static Env defaults() {
        return new Env();
    }

    /** The environment whose {@link #resolveChanges()} are these. */
    static Env of(Map<String, String> resolved) {
        Env env = new Env();
        if (!resolved.containsKey("PORT")) {
            env.unset("PORT");
        }
        resolved.forEach(env::set);
        return env;
    }

    /** Sets a variable. */
    public Env set(String name, String value) {
        changes.put(name, value);
        return this;
    }

    /** Leaves a variable out, {@code PORT} included, so the server falls back to its default. */
    public Env unset(String name) {
        changes.put(name, null);
        return this;
    }

    /**
     * Starts the server with a file size limit ({@code ulimit -f}, in blocks of 512 bytes): no file
     * it writes grows past {@code blocks * 512} bytes, and a write that would fails, as on a full
     * disk (standard output and error are pipes, not files). It needs a POSIX shell: see
     * {@link #canLimitFiles()}.
     */
    public Env filesLimitedTo(int blocks) {
        fileLimitBlocks = blocks;
        return this;
    }

    /** Whether {@link #filesLimitedTo(int)} can work here: not on Windows. */
    public static boolean canLimitFiles() {
        return Platform.hasPosixSignals();
    }

    boolean limitsFiles() {
        return fileLimitBlocks >= 0;
    }

    /** The {@code ulimit -f} this server starts under, if {@link #limitsFiles()}. */
    String fileLimit() {
        return "ulimit -f " + fileLimitBlocks;
    }

    /** The variables as a shell would show them, for messages: {@code PORT=0 HOST=::1}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        resolveChanges().forEach((name, value) -> text.append(text.length() == 0 ? "" : " ").append(name).append('=').append(value));
        return text.toString();
    }

    Map<String, String> resolveChanges() {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("PORT", "0");
        changes.forEach((name, value) -> {
            if (value == null) {
                result.remove(name);
            } else {
                result.put(name, value);
            }
        });
        return result;
    }

    void applyTo(Map<String, String> environment) {
        environment.keySet().removeIf(name -> !KEPT.contains(name));
        environment.putAll(resolveChanges());
    }
}
