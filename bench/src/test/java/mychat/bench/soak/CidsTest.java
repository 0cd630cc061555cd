package mychat.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CidsTest {
    @Test
    void aCidOfThisRunGivesBackItsClientAndLine() {
        String cid = Cids.of("k3x9a", 117, 42);
        assertThat(cid).isEqualTo("k3x9a.117.42");
        assertThat(Cids.client("k3x9a", cid)).isEqualTo(117);
        assertThat(Cids.seq("k3x9a", cid)).isEqualTo(42);
    }

    @Test
    void otherCidsAreNotOurs() {
        for (String cid : new String[] {"k3x9b.1.2", "k3x9a", "k3x9a.1", "k3x9a.x.2", "k3x9a.1.", "k3x9a1.1.2",
                "7f3a-0001", "k3x9a.1.2.3", "k3x9a.1234567890.1"}) {
            assertThat(Cids.seq("k3x9a", cid) >= 0 && Cids.client("k3x9a", cid) >= 0).as(cid).isFalse();
        }
    }
}
