package workshop.shutdown;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The server's settings, read from environment variables and checked all at once, before anything
 * touches the network: a mistake is reported while nothing is bound yet.
 */
record Config(String host, int port, Duration startupDelay, Duration shutdownGrace, Path dataFile) {

    /** Reads the settings; throws with a one-line message that names the variable and the value. */
    static Config from(Map<String, String> env) {
        String host = env.getOrDefault("HOST", "127.0.0.1");
        // An empty HOST would quietly mean every address; a name that does not resolve, or an address
        // of another machine, cannot be bound.
        if (host.isBlank() || !isOfThisMachine(host)) {
            throw new IllegalArgumentException("HOST must be an address of this machine, such as 127.0.0.1 or localhost, got \"" + host + "\"");
        }
        int port = number(env, "PORT", "8080", 65535);
        Duration startupDelay = Duration.ofMillis(number(env, "STARTUP_DELAY_MS", "0", Integer.MAX_VALUE));
        Duration shutdownGrace = Duration.ofMillis(number(env, "SHUTDOWN_GRACE_MS", "10000", Integer.MAX_VALUE));
        String dataFile = env.getOrDefault("DATA_FILE", "orders.txt");
        if (dataFile.isBlank()) {
            throw new IllegalArgumentException("DATA_FILE must name a file, got an empty value: set it to a path such as orders.txt");
        }
        return new Config(host, port, startupDelay, shutdownGrace, Path.of(dataFile));
    }

    private static boolean isOfThisMachine(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            // 0.0.0.0 belongs to no interface, and means all of them.
            return address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    private static int number(Map<String, String> env, String name, String fallback, int max) {
        String text = env.getOrDefault(name, fallback);
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new IllegalArgumentException(name + " must be a whole number from 0 to " + max + ", got \"" + text + "\"");
    }
}
