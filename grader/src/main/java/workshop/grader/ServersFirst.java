package workshop.grader;

import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Hands the checks that start servers of their own (they take a {@link Servers} parameter) to the
 * run first, in source order, then the others. Most checks share one server and wait for it to be
 * ready; started behind them, the others' servers would start one after another as places free
 * up, instead of alongside the shared one. The report does not depend on it: it lists checks in
 * README order.
 */
public final class ServersFirst implements MethodOrderer {

    @Override
    public void orderMethods(MethodOrdererContext context) {
        context.getMethodDescriptors().sort(Comparator.comparing(ServersFirst::startsItsOwnServers).reversed());
    }

    private static boolean startsItsOwnServers(MethodDescriptor method) {
        return Arrays.asList(method.getMethod().getParameterTypes()).contains(Servers.class);
    }
}
