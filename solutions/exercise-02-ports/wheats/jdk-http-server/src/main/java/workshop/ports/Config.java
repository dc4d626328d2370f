package workshop.ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Map;

/** PORT and HOST, read from the environment and checked before anything is bound. */
record Config(String host, InetAddress address, int port) {

    /** A value the server cannot use; the message is the one line the user sees. */
    static final class BadConfig extends Exception {
        private static final long serialVersionUID = 1L;

        BadConfig(String message) {
            super(message);
        }
    }

    static Config from(Map<String, String> env) throws BadConfig {
        String portText = env.getOrDefault("PORT", "8080");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new BadConfig("PORT=\"" + portText + "\" is not a port: use a number from 0 to 65535, or 0 for any free port");
        }
        String host = env.getOrDefault("HOST", "127.0.0.1");
        if (host.isEmpty()) {
            // InetAddress.getByName("") would quietly give the loopback address.
            throw new BadConfig("HOST=\"\" is empty: use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new BadConfig("HOST=\"" + host + "\" does not resolve: use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (!isOfThisMachine(address)) {
            throw new BadConfig("HOST=\"" + host + "\" is not an address of this machine: use one it has, e.g. 127.0.0.1 or 0.0.0.0");
        }
        return new Config(host, address, port);
    }

    private static boolean isOfThisMachine(InetAddress address) {
        try {
            return address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
