package mychat.server.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite store's journal as append-only files beside the database ({@code journal-<first seq>.log}): one record
 * per commit, {@code [length][crc32c][seq][batch]}, written with one gathering {@code write}. Before, the journal was
 * a table, and every message went into SQLite twice (journal row, then chunk); at 64,000 msg/s in 100 rooms × 10
 * that row was most of the store's cost (docs/BENCHMARKS.md, finding 19). A record is as durable as a commit with
 * {@code synchronous=NORMAL}: in the OS page cache, so it survives the process being killed; with {@code sync} each
 * append waits for the disk. On open, a record cut short by a crash (bad length or checksum) ends its file and is
 * cut off. A new file is started once one passes {@link #SEGMENT_BYTES}; files are deleted whole once no record in
 * them is needed. Not thread-safe: the store calls it with its writer lock held.
 */
final class JournalFile {
    private static final Logger log = LoggerFactory.getLogger(JournalFile.class);
    static final long SEGMENT_BYTES = 64L << 20;
    private static final int HEADER = 16;

    record Record(long seq, byte[] batch) {}

    /** Where an append started, to undo it when the transaction it belongs to fails. */
    record Mark(Path segment, long position) {}

    private final Path dir;
    private final boolean sync;
    /**
     * Runs the deletion of files no longer needed. The store's reader thread: unlinking a full 64 MiB segment
     * took the event loop that committed tens of milliseconds (docs/BENCHMARKS.md, finding 25).
     */
    private final Executor deletions;
    /** First seq of each file, in order; the last one is being written. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private FileChannel out;
    private Path outPath;
    private long position;

    /** Deletes files no longer needed right away, on the thread that calls {@link #dropBelow}. */
    JournalFile(Path dir, boolean sync) {
        this(dir, sync, Runnable::run);
    }

    JournalFile(Path dir, boolean sync, Executor deletions) {
        this.dir = dir;
        this.sync = sync;
        this.deletions = deletions;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "journal-*.log")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                segments.put(Long.parseLong(name.substring("journal-".length(), name.length() - ".log".length())), f);
            }
        } catch (IOException | NumberFormatException e) {
            throw new StoreException("cannot list the journal files in " + dir.toAbsolutePath() + ": " + e, e);
        }
    }

    /** Every intact record, in seq order; a torn record and anything after it in its file are cut off. */
    List<Record> readAll() {
        List<Record> records = new ArrayList<>();
        for (Path f : segments.values()) {
            try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long at = 0;
                long size = in.size();
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                while (at + HEADER <= size) {
                    header.clear();
                    readFully(in, header, at);
                    int length = header.getInt(0);
                    int crc = header.getInt(4);
                    long seq = header.getLong(8);
                    if (length < 0 || at + HEADER + length > size) {
                        break;
                    }
                    ByteBuffer body = ByteBuffer.allocate(length);
                    readFully(in, body, at + HEADER);
                    if (checksum(seq, body.array(), length) != crc) {
                        break;
                    }
                    records.add(new Record(seq, body.array()));
                    at += HEADER + length;
                }
                if (at < size) {
                    in.truncate(at); // torn by a crash: what follows was never acknowledged
                }
            } catch (IOException e) {
                throw new StoreException("cannot read journal file " + f.toAbsolutePath() + ": " + e, e);
            }
        }
        return records;
    }

    /**
     * Appends {@code batch[0 .. length)} as one record; a new file, named after {@code seq}, starts when the current
     * one is full. Takes the encoder's buffer as it is, so a batch is not copied on its way to the file.
     */
    Mark append(long seq, byte[] batch, int length) {
        try {
            if (out == null || position >= SEGMENT_BYTES) {
                startSegment(seq);
            }
            Mark mark = new Mark(outPath, position);
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.putInt(length).putInt(checksum(seq, batch, length)).putLong(seq).flip();
            ByteBuffer[] parts = {header, ByteBuffer.wrap(batch, 0, length)};
            long want = HEADER + length;
            long written = 0;
            while (written < want) {
                written += out.write(parts);
            }
            position += want;
            if (sync) {
                out.force(false);
            }
            return mark;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the journal failed", e);
        }
    }

    /** Undoes the appends from {@code mark} on (their transaction failed), so that they are never replayed. */
    void undo(Mark mark) {
        if (!mark.segment().equals(outPath)) {
            return;
        }
        try {
            out.truncate(mark.position());
            position = mark.position();
            out.position(position);
        } catch (IOException e) {
            throw new UncheckedIOException("undoing a journal write failed", e);
        }
    }

    /**
     * Forgets the files all of whose records have seqs below {@code floor}, never the one being written, and has
     * them deleted by the deletion executor. Should one outlive a crash, the next start replays it again, which
     * does no harm: its messages are in chunks, and replay skips those.
     */
    void dropBelow(long floor) {
        while (segments.size() > 1) {
            Map.Entry<Long, Path> first = segments.firstEntry();
            Long next = segments.higherKey(first.getKey());
            if (next == null || next > floor) {
                return;
            }
            segments.pollFirstEntry();
            Path unneeded = first.getValue();
            deletions.execute(() -> {
                try {
                    delete(unneeded);
                } catch (StoreException e) {
                    log.warn("history: {}; the next start replays it again", e.getMessage());
                }
            });
        }
    }

    /** The journal's files now, for {@link #sync} outside the writer lock. */
    List<Path> files() {
        return List.copyOf(segments.values());
    }

    /**
     * Writes {@code files} through to the disk. Any thread; a file deleted meanwhile is no longer needed. The store
     * does this every second, as SQLite's checkpoints do for the WAL, so that an OS crash loses about the last
     * second of messages, not everything the kernel had yet to write back (up to half a minute by default).
     */
    static void sync(List<Path> files) {
        for (Path f : files) {
            try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
                c.force(false);
            } catch (NoSuchFileException gone) {
                // its messages are in chunks: deleted after their commit
            } catch (IOException e) {
                throw new UncheckedIOException("syncing journal file " + f.toAbsolutePath() + " failed", e);
            }
        }
    }

    /** Deletes every file: everything is in chunks. */
    void clear() {
        close();
        for (Path f : segments.values()) {
            delete(f);
        }
        segments.clear();
    }

    void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // appends only: what was written is in the page cache already
            }
            out = null;
            outPath = null;
        }
    }

    private void startSegment(long seq) throws IOException {
        close();
        outPath = dir.resolve("journal-" + seq + ".log");
        out = FileChannel.open(outPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        position = 0;
        segments.put(seq, outPath);
        if (sync) {
            out.force(true);
        }
    }

    private static void readFully(FileChannel in, ByteBuffer into, long at) throws IOException {
        while (into.hasRemaining()) {
            if (in.read(into, at + into.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new StoreException("cannot delete journal file " + f.toAbsolutePath() + ": " + e, e);
        }
    }

    private static int checksum(long seq, byte[] batch, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, seq));
        crc.update(batch, 0, length);
        return (int) crc.getValue();
    }
}
