package workshop.grader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The first class a spare server JVM runs, in watch mode (see {@link Spares}). It is the only class
 * on the spare's class path besides the learner's, which arrive later: the grader copies them
 * into the spare's empty class folder, then names the main class on standard input.
 *
 * <p>While it waits it loads, without initialising them, the JDK classes that earlier servers
 * of the same exercise loaded. Loading a class runs none of its code, so nothing the learner's
 * server can see differs: static initialisers (which read system properties, for one) still run
 * when the server first uses the class. Then it runs the named main class from the class path,
 * on the JVM's main thread, as {@code java -cp <classes> <main class>} would.
 *
 * <p>It uses the JDK only and has no nested classes or lambdas: the grader copies this one class
 * file out of its own jar.
 */
public final class SpareLauncher {

    private SpareLauncher() {
    }

    /** {@code args[0]}: a file of JDK class names to load ahead, one per line (it may not exist). */
    public static void main(String[] args) throws Throwable {
        if (args.length > 0) {
            preload(Path.of(args[0]));
        }
        String mainClass = readLine(System.in);
        if (mainClass.isEmpty()) {
            // Standard input closed without a task: the grader no longer needs this spare.
            return;
        }
        Class<?> type = Class.forName(mainClass, false, ClassLoader.getSystemClassLoader());
        Method main = findMain(type);
        if (main == null) {
            System.err.println("Error: Main method not found in class " + mainClass + ", please define the main method as:");
            System.err.println("   public static void main(String[] args)");
            System.exit(1);
            return;
        }
        // The class itself need not be public, as with the java command.
        main.setAccessible(true);
        try {
            Object target = null;
            if (!Modifier.isStatic(main.getModifiers())) {
                Constructor<?> constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                target = constructor.newInstance();
            }
            if (main.getParameterCount() == 1) {
                main.invoke(target, (Object) new String[0]);
            } else {
                main.invoke(target);
            }
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            // Printed as the JVM prints any exception that leaves main: without this launcher's frames.
            thrown.setStackTrace(upToMain(thrown.getStackTrace(), mainClass));
            throw thrown;
        }
    }

    /**
     * The main method the {@code java} command of this JDK would run. Up to JDK 24: a public static
     * {@code main(String[])}. From JDK 25 on (JEP 512): a non-private {@code main(String[])}, else
     * a non-private {@code main()}, declared or inherited, static or not. Null if there is none.
     */
    static Method findMain(Class<?> type) {
        if (Runtime.version().feature() < 25) {
            try {
                Method main = type.getMethod("main", String[].class);
                return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class ? main : null;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
        for (Class<?>[] parameters : new Class<?>[][] {{String[].class}, {}}) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Method main = c.getDeclaredMethod("main", parameters);
                    if (!Modifier.isPrivate(main.getModifiers()) && main.getReturnType() == void.class) {
                        return main;
                    }
                } catch (NoSuchMethodException e) {
                    // Look further up.
                }
            }
        }
        return null;
    }

    private static void preload(Path list) {
        List<String> names;
        try {
            names = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        // The platform loader finds the JDK's classes and never looks at the class path.
        ClassLoader jdk = ClassLoader.getPlatformClassLoader();
        for (String name : names) {
            try {
                Class.forName(name, false, jdk);
            } catch (ClassNotFoundException | LinkageError e) {
                // Not a class of this JDK: nothing to load ahead.
            }
        }
    }

    /** One line, read byte by byte so nothing after it is taken from the stream; empty at end of input. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    private static StackTraceElement[] upToMain(StackTraceElement[] frames, String mainClass) {
        for (int i = frames.length - 1; i >= 0; i--) {
            if (frames[i].getClassName().equals(mainClass) && frames[i].getMethodName().equals("main")) {
                return Arrays.copyOf(frames, i + 1);
            }
        }
        return frames;
    }
}
