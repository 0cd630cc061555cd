package mychat.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading {@code jcmd GC.heap_info} as JDK 25 prints it. */
class HeapAfterGcTest {
    @Test
    void theSerialCollectorsGenerationsAreSummed() {
        String info = """
                15316:
                DefNew     total 14784K, used 5339K [0x0000000687400000, 0x0000000688400000, 0x0000000688400000)
                 eden space 13184K,  28% used [0x0000000687400000, 0x00000006877a6d10, 0x00000006880e0000)
                 from space 1600K, 100% used [0x0000000688270000, 0x0000000688400000, 0x0000000688400000)
                 to   space 1600K,   0% used [0x00000006880e0000, 0x00000006880e0000, 0x0000000688270000)
                Tenured    total 370688K, used 4660K [0x0000000688400000, 0x000000069ee00000, 0x0000000800000000)
                 the  space 370688K,   1% used [0x0000000688400000, 0x000000068888d138, 0x000000069ee00000)
                """;
        assertThat(HeapAfterGc.parseUsedBytes(info)).isEqualTo((5339L + 4660L) * 1024);
    }

    @Test
    void g1sHeapLineIsRead() {
        String info = """
                 garbage-first heap   total 262144K, used 3420K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 4 young (4096K), 0 survivors (0K)
                 Metaspace       used 1234K, committed 1408K, reserved 1114112K
                """;
        assertThat(HeapAfterGc.parseUsedBytes(info)).isEqualTo(3420L * 1024);
    }

    @Test
    void aLayoutNotUnderstoodGivesMinusOne() {
        assertThat(HeapAfterGc.parseUsedBytes(" ZHeap           used 36M, capacity 512M, max capacity 8192M\n"))
                .isEqualTo(-1);
    }
}
