package workshop.shutdown;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The orders the server has acknowledged, one line each, in DATA_FILE. */
final class OrderBook implements Closeable {

    private final FileChannel file;

    private OrderBook(FileChannel file) {
        this.file = file;
    }

    /** Opens DATA_FILE for appending, creating it if needed (step 1). */
    static OrderBook open(Path path) throws IOException {
        // TODO 1: FileChannel.open(path, ...) with the options that keep what the file holds.
        throw new IOException("OrderBook.open is not written yet: see step 1 in exercise-05-shutdown/README.md");
    }

    /** Writes one order as one line and forces it to the disk; throws if it could not (step 4). */
    synchronized void append(String order) throws IOException {
        // TODO 4: write the order and a newline, then force it to the disk.
        throw new IOException("OrderBook.append is not written yet: see step 4 in exercise-05-shutdown/README.md");
    }

    /** Forces what was written to the disk, then closes the file (step 6). */
    @Override
    public synchronized void close() throws IOException {
        // TODO 6: force, then close.
    }
}
