package mychat.bench.cli;

/** The help texts. Defaults quoted here come from {@link Configs}. */
public final class Usage {
    private Usage() {}

    public static final String MAIN = """
            my-chat-bench: load generator for my-chat (and any server speaking its protocol v1)

            usage: java -jar my-chat-bench.jar COMMAND [options]     (COMMAND --help for its options)

              fanout    rooms of members, paced senders; end-to-end latency, loss, CPU; --find-max searches the
                        highest rate with zero loss and p99 <= 50 ms; --window W sends closed-loop instead
              connect   many idle joined connections; connect+join rate and latency, server memory per connection
              storm     a reconnect storm: many new clients connect and join with since at once; joins/s and
                        connect+join latency (optionally seeding the rooms' history first)
              soak      long churn: clients come and go, chat, stop reading, resume; server memory over time (does
                        it level off?) and checks that nothing is lost, doubled or reordered
              startup   time from launching a server command to its first accepted TCP connection
              report    median, min-max and my-chat/Node ratios over a results file (JSON lines)
              floor-server  a baseline, not a chat server: the least a fan-out server can do (just enough of
                        protocol v1 for fanout), to tell what the machine costs from what a server costs

            Progress and a human summary go to stderr; each run prints exactly one JSON line to stdout.
            The JMH microbenchmarks are a separate jar: java -jar bench/target/my-chat-jmh.jar (-h for options).
            Exit codes: 0 done (even if a step failed its criteria), 1 set-up failed, 2 bad options.
            """;

    public static final String FANOUT = """
            usage: java -jar my-chat-bench.jar fanout [options]

              --url URL[,URL...]         server (default ws://127.0.0.1:9000/), or the nodes of a cluster: member i
                                         of every room connects to URL number i mod n, so messages cross nodes
              --rooms R                  rooms (default 1)
              --members M                members per room, all connected and joined before sending (default 10)
              --senders S                senders per room; senders are members (default 1)
              --idle-rooms N             also hold N rooms of one silent member each, joined first (default 0):
                                         what the number of rooms costs a delivery
              --rate N                   aggregate target, messages sent per second over all senders (default 100)
              --window W                 closed loop instead of --rate: each sender keeps W messages in flight and
                                         sends the next when one of its own comes back, so the rate is what the
                                         server sustains (saturation throughput); no p99 criterion (default 0:
                                         paced by --rate)
              --warmup T                 sending (at the rate, or closed loop) before measuring (default 2s)
              --duration T               measured sending time (default 10s)
              --drain-timeout T          how long to wait for the last deliveries after sending (default 10s)
              --text-bytes N             message text size, >= 26 (default 64)
              --server-pid PID[,PID...]  read the server's CPU from /proc/PID/stat (a cluster: every node's, summed)
              --redis-pid PID            a cluster's Redis: its CPU counts in the server's and is also reported
                                         per message sent
              --threads N                generator event loops (default 1: it should run on one core)
              --source-addresses SPEC    bind clients to 127.0.0.2.. : a count (8), a range or a comma list
              --connect-concurrency N    connection attempts in flight (default 256)
              --find-max                 ramp the rate (x --ramp-factor, default 2) from --start-rate (default:
                                         10,000 deliveries/s worth) until two rates in a row fail, then bisect
                                         (--refine-steps, default 4);
                                         report the highest rate with zero loss and p99 <= --p99-limit-ms (50);
                                         a failing rate is tried once more before it counts as failed
              --first-warmup T           --find-max only: unmeasured sending at 4x the start rate before the
                                         first step, so that both JITs have compiled the hot paths (default 5s)
              --start-rate N             --find-max only: first rate tried
              --max-rate N               ceiling for --find-max (default 10,000,000)
              --tag KEY=VALUE            label copied into the JSON line (repeatable)
              --smoke                    a ~2 s run: 2 rooms x 5 members, 200 msg/s, 0.5 s warm-up, 1 s measured

            T is seconds (10, 2.5) or with a unit (500ms, 10s, 2m).
            """;

    public static final String CONNECT = """
            usage: java -jar my-chat-bench.jar connect [options]

              --url URL                  server (default ws://127.0.0.1:9000/)
              --connections N            connections to open and hold (default 1000)
              --room-size N              members per room; every connection joins one (default 10)
              --hold T                   how long to hold them idle before reading memory (default 5s)
              --server-pid PID           read the server's CPU and VmRSS from /proc/PID
              --source-addresses SPEC    bind clients to 127.0.0.2.. : a count (8), a range or a comma list;
                                         each address has its own ~28,000 ephemeral ports
              --connect-concurrency N    connection attempts in flight (default 256)
              --threads N                generator event loops (default 1)
              --tag KEY=VALUE            label copied into the JSON line (repeatable)
              --smoke                    50 connections, held 0.5 s
            """;

    public static final String STORM = """
            usage: java -jar my-chat-bench.jar storm [options]

              --url URL                  server (default ws://127.0.0.1:9000/)
              --clients N                new clients in the storm (default 10,000)
              --rooms R                  rooms they spread over, client i in room i mod R (default 100)
              --room-prefix P            room names: P0, P1, ... (default storm-)
              --seed N                   first, one client per room says N lines (default 0); the server's rate
                                         limits must be off (CHAT_RATE_MSGS=0)
              --seed-only                seed and stop (seed one server process, storm a fresh one)
              --history H                each room's last id when the storm starts (default: --seed); clients
                                         resume with since = H - (i mod (--max-missed + 1)); 0: join without since
              --max-missed N             most messages a client missed (default 20)
              --generator-warmup N       first run N clients through an in-process floor server, so that the
                                         generator's JIT is warm before it measures (default 10,000)
              --server-pid PID           read the server's CPU from /proc/PID/stat
              --source-addresses SPEC    bind clients to 127.0.0.2.. : a count (8), a range or a comma list
              --connect-concurrency N    connection attempts in flight (default 256)
              --threads N                generator event loops (default 1)
              --tag KEY=VALUE            label copied into the JSON line (repeatable)
              --smoke                    200 clients into 4 rooms seeded with 30 lines, 200 warm-up clients
            """;

    public static final String SOAK = """
            usage: java -jar my-chat-bench.jar soak [options]

            A population of clients churns for a long time: each joins its room (resuming with since after the last
            id it saw), sends lines with unique cids, now and then stops reading for a while, leaves after a random
            session (with a Close, or dropping the socket: FIN or reset) and comes back after a while. Meanwhile the
            server's memory is read. The result says whether every client saw every message of its room once, in
            order, with holes only where the server sent lagged, and whether memory levelled off: the mean of the
            last third against the middle third, and the slope over the last third, each within 2 % (plateau), flat
            at the end only (levelled_off: it rose through the middle third), or still rising (growing). After the
            run, nothing new is sent and every client resends what it has not seen back, until all have
            (--drain-timeout).

              --url URL                  server (default ws://127.0.0.1:9000/)
              --clients N                population (default 1500)
              --connected N              about this many online at any time (default 1000); the time offline
                                         between sessions follows from it
              --rooms N                  rooms; client i is in room i mod N (default 50)
              --duration T               how long to churn (default 15m)
              --send-interval-min T      each online client sends a line after a random time between these
              --send-interval-max T      (default 1s and 5s; the server's default limit is 10/s, burst 20)
              --session-min T            sessions last a random time between these (default 5s and 60s)
              --session-max T
              --pause-probability P      chance that a session has a pause in reading (default 0.1)
              --pause-min T              how long a pause lasts (default 5s to 30s); a paused client sends
              --pause-max T              nothing either; the server may drop messages for it (lagged) or close
                                         it (1008); both are counted, neither is a failure
              --abrupt-probability P     chance that a session ends without a Close, half with FIN, half with a
                                         TCP reset (default 0.3)
              --text-bytes N             size of each line (default 100)
              --receive-buffer BYTES     clients' socket receive buffer (default: the kernel's, which on loopback
                                         holds so much that pauses rarely make the server drop anything)
              --server-pid PID           read the server's VmRSS and VmHWM from /proc/PID/status
              --admin URL                scrape the server's metrics (http://127.0.0.1:9001, its CHAT_ADMIN_ADDR):
                                         heap and non-heap in use, Netty's direct memory
              --heap-after-gc            with --server-pid: force a full collection at each sample (jcmd GC.run)
                                         and read the heap left (GC.heap_info); this disturbs what RSS shows
              --sample-interval T        how often to read memory and print a progress line (default 10s)
              --drain-timeout T          how long clients may take to see back all their lines (default 30s)
              --threads N                generator event loops (default 1)
              --source-addresses SPEC    bind clients to 127.0.0.2.. : a count (8), a range or a comma list
              --tag KEY=VALUE            label copied into the JSON line (repeatable)
              --smoke                    10 s: 60 clients (about 40 online) in 5 rooms, a line every 0.2-1 s,
                                         sessions of 1-4 s, one in three with a 0.5-2 s pause

            A 15-minute soak against a server started by ./run server (default config: port 9000, admin 9001):
              taskset -c 1 java -jar bench/target/my-chat-bench.jar soak --admin http://127.0.0.1:9001 \\
                  --server-pid $(ss -Hltnp 'sport = :9000' | grep -o 'pid=[0-9]*' | cut -d= -f2) > soak.jsonl
            """;

    public static final String STARTUP = """
            usage: java -jar my-chat-bench.jar startup [options] -- COMMAND [ARGS...]

              --host HOST                where the server will listen (default 127.0.0.1)
              --port PORT                its port (default 9000); the command must listen there
              --timeout T                give up after (default 60s)
              --log FILE                 append the server's output here (default: discarded)
              --tag KEY=VALUE            label copied into the JSON line (repeatable)

            The command inherits the environment, e.g.
              CHAT_ADDR=127.0.0.1:9100 CHAT_STORE=memory java -jar my-chat-bench.jar startup --port 9100 \\
                  -- java --enable-native-access=ALL-UNNAMED -jar server/target/my-chat-server.jar
            """;

    public static final String FLOOR_SERVER = """
            usage: java -jar my-chat-bench.jar floor-server [--host HOST] [--port PORT]

              --host HOST                listen address (default 127.0.0.1)
              --port PORT                listen port (default 9000; 0 = any free port)

            One epoll event loop; Join answers Joined and UserJoined, SendMsg becomes a Message to every member.
            No JSON parsing (it reads requests as the fanout generator writes them), each message framed once and
            the same bytes written to every member, one flush per member per loop turn; no checks, history or
            slow-consumer protection. Run it where the server would run (taskset -c 0) and point fanout at it.
            """;

    public static final String REPORT = """
            usage: java -jar my-chat-bench.jar report [--baseline SERVER] FILE.jsonl...

            Groups the JSON lines by their "case" and "server" tags and prints, for every headline figure, the
            median and min-max over repetitions, and the median ratio of each server to the baseline server
            (default "node") over the repetitions (tag "rep") that ran both.
            """;
}
