package workshop.hello;

import java.util.Map;

/**
 * Where the server listens, read from environment variables with defaults.
 *
 * @param host the address to bind: {@code 127.0.0.1} (the default) is reachable from this machine
 *             only, {@code 0.0.0.0} from other machines too
 * @param port the TCP port; 0 asks the OS for any free one
 */
record Config(String host, int port) {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;

    Config {
        if (host.isBlank()) {
            throw new IllegalArgumentException("HOST must be an address such as 127.0.0.1 or 0.0.0.0, got an empty value");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be a number from 0 to 65535 (0 = any free port), got " + port);
        }
    }

    /** Reads HOST and PORT; the message of the exception names the variable and the value. */
    static Config fromEnvironment(Map<String, String> environment) {
        String host = environment.getOrDefault("HOST", DEFAULT_HOST).trim();
        String port = environment.getOrDefault("PORT", Integer.toString(DEFAULT_PORT)).trim();
        try {
            return new Config(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number from 0 to 65535 (0 = any free port), got \"" + port + "\"", e);
        }
    }
}
