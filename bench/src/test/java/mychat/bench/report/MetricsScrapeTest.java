package mychat.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading a Prometheus text page as my-chat's admin port serves it. */
class MetricsScrapeTest {
    private static final String PAGE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="Eden Space"} 2637040.0
            jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 4772152.0
            jvm_memory_used_bytes{area="nonheap",id="CodeHeap 'non-nmethods'"} 1409792.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 1.4910184E7
            jvm_buffer_memory_used_bytes{id="mapped - 'non-volatile memory'"} 0.0
            jvm_buffer_memory_used_bytes{id="direct"} 8192.0
            chat_sessions 998.0
            odd_label{text="a \\"quoted\\", comma"} 3 1700000000000
            """;

    @Test
    void sumsTheSamplesWhoseLabelsMatch() {
        MetricsScrape scrape = MetricsScrape.parse(PAGE);
        assertThat(scrape.sum("jvm_memory_used_bytes", "area", "heap")).isEqualTo(2637040.0 + 4772152.0);
        assertThat(scrape.sum("jvm_memory_used_bytes", "area", "nonheap")).isEqualTo(1409792.0 + 1.4910184E7);
        assertThat(scrape.sum("jvm_memory_used_bytes")).isEqualTo(2637040.0 + 4772152.0 + 1409792.0 + 1.4910184E7);
        assertThat(scrape.sum("jvm_buffer_memory_used_bytes", "id", "direct")).isEqualTo(8192.0);
        assertThat(scrape.sum("chat_sessions")).isEqualTo(998.0);
        assertThat(scrape.sum("odd_label", "text", "a \"quoted\", comma")).isEqualTo(3.0);
    }

    @Test
    void aMetricNotThereIsNaN() {
        MetricsScrape scrape = MetricsScrape.parse(PAGE);
        assertThat(scrape.sum("netty_allocator_used_direct_memory_bytes")).isNaN();
        assertThat(scrape.sum("jvm_memory_used_bytes", "area", "swap")).isNaN();
    }
}
