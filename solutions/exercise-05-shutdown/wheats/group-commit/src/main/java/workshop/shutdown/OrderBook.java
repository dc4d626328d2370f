package workshop.shutdown;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * DATA_FILE with group commit: one writer thread takes every order waiting in the queue, writes
 * them all and forces the file once, then tells each waiting request that its order is stored.
 * Many orders share one trip to the disk, and none is acknowledged before that trip is over.
 */
final class OrderBook implements Closeable {

    private record Pending(String order, CompletableFuture<Void> stored) {
    }

    /** Put in the queue by {@link #close()}: the writer stops when it reaches it. */
    private static final Pending LAST = new Pending(null, new CompletableFuture<>());

    private final FileChannel file;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;

    private OrderBook(FileChannel file) {
        this.file = file;
        this.writer = new Thread(this::writeBatches, "order-writer");
        writer.setDaemon(true);
        writer.start();
    }

    static OrderBook open(Path path) throws IOException {
        return new OrderBook(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Returns once the order is on the disk; throws if it could not be stored. */
    void append(String order) throws IOException {
        Pending pending = new Pending(order, new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.stored().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the order was being stored");
        }
    }

    private void writeBatches() {
        List<Pending> batch = new ArrayList<>();
        boolean last = false;
        while (!last) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            int end = batch.indexOf(LAST);
            last = end >= 0;
            List<Pending> toStore = last ? batch.subList(0, end) : batch;
            try {
                for (Pending pending : toStore) {
                    ByteBuffer line = StandardCharsets.UTF_8.encode(pending.order() + "\n");
                    while (line.hasRemaining()) {
                        file.write(line);
                    }
                }
                file.force(false);
                toStore.forEach(pending -> pending.stored().complete(null));
            } catch (IOException e) {
                toStore.forEach(pending -> pending.stored().completeExceptionally(e));
            }
            if (last) {
                IOException closed = new IOException("DATA_FILE is closed: the server is stopping");
                batch.subList(end, batch.size()).forEach(pending -> pending.stored().completeExceptionally(closed));
            }
            batch.clear();
        }
    }

    /** Stores what is queued, stops the writer, forces the file and closes it. */
    @Override
    public void close() throws IOException {
        queue.add(LAST);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.force(true);
        file.close();
    }
}
