package mychat.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code batches} as records {@code firstSeq}, {@code firstSeq + 1}, …; returns the last one's mark. */
    private static JournalFile.Mark append(JournalFile journal, long firstSeq, String... batches) {
        JournalFile.Mark mark = null;
        for (int i = 0; i < batches.length; i++) {
            byte[] b = bytes(batches[i]);
            mark = journal.append(firstSeq + i, b, b.length);
        }
        return mark;
    }

    private static List<String> contents(List<JournalFile.Record> records) {
        return records.stream().map(r -> r.seq() + ":" + new String(r.batch(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void recordsWrittenBeforeAKillAreReadBackInOrder() {
        JournalFile journal = new JournalFile(dir, false);
        append(journal, 1, "[\"a\"]", "[\"b\"]");
        // no close(): what a killed process leaves

        assertThat(contents(new JournalFile(dir, false).readAll())).containsExactly("1:[\"a\"]", "2:[\"b\"]");
    }

    @Test
    void aRecordTornByACrashIsCutOffAndTheRecordsBeforeItStay() throws Exception {
        JournalFile journal = new JournalFile(dir, false);
        append(journal, 1, "[\"whole\"]", "[\"torn in the middle\"]");
        journal.close();
        Path file = dir.resolve("journal-1.log");
        long size = Files.size(file);
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
            f.truncate(size - 5);
        }

        JournalFile reopened = new JournalFile(dir, false);
        assertThat(contents(reopened.readAll())).containsExactly("1:[\"whole\"]");
        assertThat(Files.size(file)).isEqualTo(16 + "[\"whole\"]".length());
    }

    @Test
    void aRecordWithADamagedBodyIsNotReplayed() throws Exception {
        JournalFile journal = new JournalFile(dir, false);
        append(journal, 7, "[\"fine\"]", "[\"flipped\"]");
        journal.close();
        Path file = dir.resolve("journal-7.log");
        byte[] all = Files.readAllBytes(file);
        all[all.length - 3] ^= 0x20;
        Files.write(file, all);

        assertThat(contents(new JournalFile(dir, false).readAll())).containsExactly("7:[\"fine\"]");
    }

    @Test
    void anUndoneAppendIsNeverReplayed() {
        JournalFile journal = new JournalFile(dir, false);
        append(journal, 1, "[1]");
        journal.undo(append(journal, 2, "[2]"));
        append(journal, 3, "[3]");

        assertThat(contents(new JournalFile(dir, false).readAll())).containsExactly("1:[1]", "3:[3]");
    }

    @Test
    void syncingWritesThroughAndSkipsAFileDeletedMeanwhile() throws Exception {
        JournalFile journal = new JournalFile(dir, false);
        append(journal, 1, "[1]");
        List<Path> files = journal.files();
        Files.delete(files.getFirst());

        JournalFile.sync(files); // no exception: a deleted file needs no sync
        JournalFile.sync(List.of());
    }

    @Test
    void clearDeletesEveryFile() throws Exception {
        JournalFile journal = new JournalFile(dir, false);
        append(journal, 1, "[1]");
        journal.clear();

        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(new JournalFile(dir, false).readAll()).isEmpty();
    }

    @Test
    void filesNoLongerNeededAreDeletedByTheDeletionExecutorNotByTheCommittingThread() throws Exception {
        List<Runnable> deletions = new ArrayList<>();
        JournalFile journal = new JournalFile(dir, false, deletions::add);
        byte[] full = new byte[(int) JournalFile.SEGMENT_BYTES]; // fills the first file: the next record starts one
        journal.append(1, full, full.length);
        append(journal, 2, "[2]");
        List<Path> files = journal.files();
        assertThat(files).hasSize(2);

        journal.dropBelow(2);

        assertThat(journal.files()).containsExactly(files.get(1));
        assertThat(files.getFirst()).exists(); // still there: its deletion was handed over
        assertThat(deletions).hasSize(1);
        deletions.getFirst().run();
        assertThat(files.getFirst()).doesNotExist();
        journal.close();
        assertThat(contents(new JournalFile(dir, false).readAll())).containsExactly("2:[2]");
    }
}
