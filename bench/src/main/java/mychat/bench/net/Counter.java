package mychat.bench.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count with one writing thread and any number of readers. The writer's increment is a plain load and an opaque
 * store (no lock prefix, no fence), which matters at a million increments a second; readers see a recent value.
 */
final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Only the owning thread may call this. */
    void add(long n) {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + n);
    }

    void increment() {
        add(1);
    }

    /** Any thread. */
    long get() {
        return (long) VALUE.getOpaque(this);
    }
}
