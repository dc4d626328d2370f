package workshop.shutdown;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The orders the server has acknowledged, one line each, in DATA_FILE.
 *
 * <p>An order is on the disk before {@link #append} returns: written to the file and forced past
 * the operating system's cache. Only then may the server answer 201, so an acknowledged order
 * survives a crash of the process, a SIGKILL, even a power cut.
 */
final class OrderBook implements Closeable {

    private final FileChannel file;
    private final java.io.Writer buffer;

    private OrderBook(FileChannel file) {
        this.file = file;
        this.buffer = new java.io.BufferedWriter(java.nio.channels.Channels.newWriter(file, StandardCharsets.UTF_8));
    }

    /** Opens DATA_FILE for appending, creating it if needed. */
    static OrderBook open(Path path) throws IOException {
        return new OrderBook(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Writes one order as one line and forces it to the disk; throws if it could not. */
    synchronized void append(String order) throws IOException {
        // The mistake: a buffer in memory, written to the file when full, never flushed.
        // Caught by: keeps every acknowledged order in DATA_FILE: 500 orders from 8 clients, SIGTERM in the middle
        buffer.write(order + "\n");
    }

    /** Forces what was written to the disk, then closes the file; later appends fail. */
    @Override
    public synchronized void close() throws IOException {
        if (file.isOpen()) {
            file.force(true);
            file.close();
        }
    }
}
