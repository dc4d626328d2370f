package workshop.ports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The same contract on a NIO ServerSocketChannel in blocking mode, with a pool that has a thread for each connection.
 * The host is checked only when the bind fails: then it tells "not ours" from "taken".
 */
public final class PortsServer {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");
    /** GET /whoami, with or without a query string, which it ignores. */
    private static final Pattern WHOAMI = Pattern.compile("GET /whoami(\\?\\S*)? ");

    public static void main(String[] args) throws IOException {
        String portText = System.getenv("PORT") == null ? "8080" : System.getenv("PORT");
        if (!DIGITS.matcher(portText).matches() || Integer.parseInt(portText) > 65535) {
            refuse("PORT", portText, "a number from 0 to 65535");
        }
        int port = Integer.parseInt(portText);
        String host = System.getenv("HOST") == null ? "127.0.0.1" : System.getenv("HOST");
        InetAddress address = null;
        if (host.isEmpty()) {
            refuse("HOST", host, "an address of this machine such as 127.0.0.1");
        }
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            refuse("HOST", host, "an address of this machine such as 127.0.0.1");
        }

        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                refuse("HOST", host, "an address of this machine such as 127.0.0.1");
            }
            System.err.println("Port " + port + " is already in use. Stop the program that listens there, or set PORT to a free port.");
            System.exit(1);
        }
        int actual = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        System.out.println("Listening on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + actual);

        // A thread for each connection open at once, reused once it is free: a fixed pool of N would hold
        // up the N+1st client behind N that sit idle.
        ExecutorService workers = Executors.newCachedThreadPool();
        while (true) {
            SocketChannel client = channel.accept();
            workers.execute(() -> answer(client));
        }
    }

    private static void refuse(String variable, String value, String allowed) {
        System.err.println(variable + "=\"" + value + "\" cannot be used; allowed: " + allowed);
        System.exit(2);
    }

    private static void answer(SocketChannel client) {
        try (client) {
            client.socket().setSoTimeout(10_000);
            String head = readHead(client);
            if (head.isEmpty()) {
                return;
            }
            String requestLine = head.lines().findFirst().orElse("");
            System.out.println(requestLine.replaceFirst(" HTTP/\\S*$", ""));
            boolean whoami = WHOAMI.matcher(requestLine).lookingAt();
            String body = whoami
                    ? "client " + text((InetSocketAddress) client.getRemoteAddress()) + "\n"
                            + "server " + text((InetSocketAddress) client.getLocalAddress()) + "\n"
                    : "Try GET /whoami\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String response = (whoami ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found") + "\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = client.socket().getOutputStream();
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // The client is gone; nothing to answer.
        }
    }

    /** Reads up to the blank line that ends the request's headers (requests with bodies get a 404 anyway). */
    private static String readHead(SocketChannel client) throws IOException {
        InputStream in = client.socket().getInputStream();
        StringBuilder head = new StringBuilder();
        byte[] chunk = new byte[1024];
        while (head.indexOf("\r\n\r\n") < 0 && head.length() < 16_384) {
            int n = in.read(chunk);
            if (n < 0) {
                break;
            }
            head.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
        }
        return head.toString();
    }

    private static String text(InetSocketAddress end) {
        String ip = end.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + end.getPort();
    }
}
