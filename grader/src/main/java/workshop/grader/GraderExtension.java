package workshop.grader;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Optional;

/**
 * Gives checks what they ask for as parameters: {@link ServerProcess} (the shared, ready server)
 * or {@link Servers} (to start more). One {@link Servers} per top-level check class; JUnit closes
 * it, ending every process, when that class is done.
 */
final class GraderExtension implements ParameterResolver, BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GraderExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            // Compile the answer before any check starts, so its time counts against no check's bound.
            Servers servers = servers(context);
            try {
                Answer answer = servers.answer();
                if (!answer.warnings().isEmpty()) {
                    // The report shows them after the checks: warnings are told, never fatal.
                    checksOf(context.getRequiredTestClass()).ifPresent(checks ->
                            context.publishReportEntry(CompilerNotes.warningsKey(checks.exercise()), String.join("\n", answer.warnings())));
                }
            } finally {
                servers.adoptHeadStart();
            }
        } catch (RuntimeException reportedByEachCheck) {
            // Servers keeps the failure and throws it again to every check that needs the answer.
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ServerProcess.class || type == Servers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Servers servers = servers(context);
        return parameter.getParameter().getType() == Servers.class ? servers : servers.shared();
    }

    static Servers servers(ExtensionContext context) {
        ExtensionContext classContext = outermostClassContext(context);
        Checks checks = checksOf(classContext.getRequiredTestClass())
                .orElseThrow(() -> new ParameterResolutionException("A check class needs the @Checks annotation"));
        String setting = context.getConfigurationParameter(Answer.SETTING).orElse("");
        return classContext.getStore(NAMESPACE).computeIfAbsent(Servers.class,
                key -> new Servers(checks.exercise(), checks.mainClass(), setting), Servers.class);
    }

    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext outermost = null;
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isPresent() && c.getTestMethod().isEmpty()) {
                outermost = c;
            }
        }
        if (outermost == null) {
            throw new ParameterResolutionException("Checks run inside a test class");
        }
        return outermost;
    }

    static Optional<Checks> checksOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            Checks checks = c.getAnnotation(Checks.class);
            if (checks != null) {
                return Optional.of(checks);
            }
        }
        return Optional.empty();
    }
}
