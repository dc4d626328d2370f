package workshop.grader;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One thing javac said about an answer, written as javac writes it on a terminal: the file (relative
 * to the workshop's root, so a learner can find it and an editor can open it), the line, the kind
 * and the message; under an error, the line of code and a caret at the spot.
 */
final class CompilerMessage {

    private CompilerMessage() {
    }

    static String describe(Diagnostic<? extends JavaFileObject> d, Path root) {
        String kind = switch (d.getKind()) {
            case ERROR -> "error";
            case WARNING, MANDATORY_WARNING -> "warning";
            default -> "note";
        };
        String message = kind + ": " + d.getMessage(Locale.ENGLISH);
        if (d.getSource() == null || d.getLineNumber() == Diagnostic.NOPOS) {
            return message;
        }
        Path file = Path.of(d.getSource().toUri());
        String where = (file.startsWith(root) ? root.relativize(file) : file).toString().replace('\\', '/');
        String text = where + ":" + d.getLineNumber() + ": " + message;
        return d.getKind() == Diagnostic.Kind.ERROR ? text + codeAndCaret(file, d.getLineNumber(), d.getColumnNumber()) : text;
    }

    /** The line of code and a caret under the column, as javac shows them; nothing if the file cannot be read. */
    private static String codeAndCaret(Path file, long line, long column) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (line < 1 || line > lines.size() || column < 1) {
                return "";
            }
            String code = lines.get((int) line - 1);
            // Keep tabs where the code has them, so the caret lines up however wide a tab is shown.
            StringBuilder caret = new StringBuilder();
            for (int i = 0; i < column - 1 && i < code.length(); i++) {
                caret.append(code.charAt(i) == '\t' ? '\t' : ' ');
            }
            return "\n" + code + "\n" + caret.append('^');
        } catch (IOException | RuntimeException unreadable) {
            // The message alone still says where.
            return "";
        }
    }
}
