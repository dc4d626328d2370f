package workshop.grader;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.platform.commons.support.AnnotationSupport.isAnnotated;

/**
 * Gives checks what they ask for as parameters: {@link ServerProcess} (the shared, ready server)
 * or {@link Servers} (to start more). One {@link Servers} per top-level check class; JUnit closes
 * it, ending every process, when that class is done.
 *
 * <p>With {@value Checks#ONLY_SETTING} set (check names, one per line, as the report prints them), every
 * other check is skipped: the proofs grade a chaff by the checks its header names only.
 */
final class GraderExtension implements ParameterResolver, BeforeAllCallback, ExecutionCondition {

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
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> only = context.getConfigurationParameter(Checks.ONLY_SETTING).filter(s -> !s.isBlank());
        if (only.isEmpty() || context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("every check runs");
        }
        boolean invocation = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
        if (!invocation && isAnnotated(context.getRequiredTestMethod(), TestTemplate.class)) {
            return ConditionEvaluationResult.enabled("its cases are chosen one by one");
        }
        Set<String> names = Set.copyOf(only.get().lines().map(String::trim).filter(s -> !s.isEmpty()).toList());
        return names.contains(checkName(context))
                ? ConditionEvaluationResult.enabled("named by " + Checks.ONLY_SETTING)
                : ConditionEvaluationResult.disabled("not named by " + Checks.ONLY_SETTING);
    }

    /** A check's name as the report prints it: inside a @Nested situation, "when … › does …". */
    private static String checkName(ExtensionContext context) {
        List<String> names = new ArrayList<>();
        names.add(context.getDisplayName());
        for (ExtensionContext c = context.getParent().orElse(null); c != null; c = c.getParent().orElse(null)) {
            boolean nested = c.getTestMethod().isEmpty() && c.getTestClass()
                    .map(type -> type.getEnclosingClass() != null && type.getAnnotation(Checks.class) == null)
                    .orElse(false);
            if (nested) {
                names.add(0, c.getDisplayName());
            }
        }
        return String.join(" › ", names);
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
        Optional<String> debug = context.getConfigurationParameter(Debugger.SETTING);
        return classContext.getStore(NAMESPACE).computeIfAbsent(Servers.class,
                key -> new Servers(checks.exercise(), checks.mainClass(), setting, Debugger.of(debug)), Servers.class);
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
