package dev.duplex.examples;

import dev.duplex.examples.coroutines.EchoCoroutine;
import dev.duplex.examples.coroutines.EchoCoroutineThrow;
import dev.duplex.examples.critical.BankAtomic;
import dev.duplex.examples.critical.BankLock;
import dev.duplex.examples.critical.BankLostUpdate;
import dev.duplex.examples.critical.BankSynchronized;
import dev.duplex.examples.generators.Fibonacci;
import dev.duplex.examples.generators.GeneratorExpression;
import dev.duplex.examples.generators.MyRange;
import dev.duplex.examples.generators.StopIterationDemo;
import dev.duplex.examples.generators.UpDown;
import dev.duplex.examples.queue.ProducerConsumer;
import dev.duplex.examples.sockets.CoreTcpServer;
import dev.duplex.examples.sockets.NettyTcpServer;
import dev.duplex.examples.sockets.TcpStreamClient;
import dev.duplex.examples.sockets.TcpStreamServer;
import dev.duplex.examples.sockets.UdpEcho;
import dev.duplex.examples.threads.CountingThreads;
import dev.duplex.examples.threads.DaemonThreads;
import dev.duplex.examples.threads.JoinDemo;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every teaching program of the lecture (Ch 12, multi-thread programming and socket
 * communication), in the lecture's order. The launcher lists them with
 * {@code ./duplex example --list} and runs one with {@code ./duplex example NAME [options]}.
 * The socket chat programs read the console ({@code System.in}); all others need no input.
 */
public final class Examples {
    private static final List<Example> ALL = List.of(
            new Example("my-range", "myRange(n) - 제네레이터 함수 (Generator function with yield)",
                    "An Iterable whose iterator yields 0..n-1, printed by a for-each loop.", MyRange::run),
            new Example("fibonacci", "genFibo() - 제네레이터 함수 구조의 피보나치 수열 생성",
                    "An endless Fibonacci iterator; the loop stops after 20 terms.", Fibonacci::run),
            new Example("up-down", "genListUpDown(n) - yield from",
                    "'yield from' as composition of iterators: 0..n-1, then n..1.", UpDown::run),
            new Example("generator-expression", "(x*x for x in range(5)) - 제네레이터 수식 (Generator expression)",
                    "A lazy Stream pipeline, consumed once into a list.", GeneratorExpression::run),
            new Example("stop-iteration", "next(itr) past the end - 제네레이터 함수의 생존 기간 (StopIteration)",
                    "next() on an exhausted iterator throws NoSuchElementException.", StopIterationDemo::run),
            new Example("echo-coroutine", "echoMsg() with send/close - yield를 사용하여 co-routine에 인수 전달",
                    "A coroutine built from two threads: next, send, close, then send fails.", EchoCoroutine::run),
            new Example("echo-coroutine-throw", "echoMsg() with throw - 코루틴에서의 예외처리",
                    "Exceptions thrown into the coroutine are handled inside it; close runs its finally.",
                    EchoCoroutineThrow::run),
            new Example("threads", "Sample_Thread A/B/C - Multi-tasking with Python threads",
                    "Three counting threads; join with a timeout; active thread count and enumeration.",
                    CountingThreads::run),
            new Example("daemon-threads", "thread.daemon - Python Threading (daemon)",
                    "A child JVM exits when its last non-daemon thread ends, stopping its daemon thread.",
                    DaemonThreads::run),
            new Example("join", "join() / join(timeout) - Python Threading (join, is_alive)",
                    "A timed join returns while the thread still runs; a plain join waits for the end.",
                    JoinDemo::run),
            new Example("bank-lost-update", "g_acct deposit/withdraw - Critical Section (임계구역)",
                    "The lecture's lost update, forced: 170 or 20 instead of 90.", BankLostUpdate::run),
            new Example("bank-synchronized", "LOCK.acquire()/release() - 파이썬의 Critical Section 관리",
                    "Fix 1: a synchronized critical section; always 90, exact under contention.",
                    BankSynchronized::run),
            new Example("bank-lock", "LOCK = threading.Lock() - 파이썬의 Critical Section 관리",
                    "Fix 2: a ReentrantLock; always 90, exact under contention.", BankLock::run),
            new Example("bank-atomic", "Critical Section without a lock (compare-and-set)",
                    "Fix 3: an AtomicInteger compare-and-set loop; always 90, exact under contention.",
                    BankAtomic::run),
            new Example("producer-consumer", "Queue를 사용한 정보 전달 (enqueue/dequeue between threads)",
                    "Producers and consumers over a bounded BlockingQueue, stopped by poison pills.",
                    ProducerConsumer::run),
            new Example("tcp-server", "Threaded TCP Streaming Server (thread_Rx/thread_Tx, port 8089)",
                    "Reads the console: a socket server with a receiving and a sending thread per client.",
                    (args, out) -> TcpStreamServer.run(args, System.in, out)),
            new Example("tcp-client", "Threaded TCP Streaming Client (port 8089)",
                    "Reads the console: sends typed lines to the server and prints what it sends back.",
                    (args, out) -> TcpStreamClient.run(args, System.in, out)),
            new Example("netty-tcp-server", "Threaded TCP Streaming Server, on Netty",
                    "Reads the console: the same server in a few lines of Netty, for the same client.",
                    (args, out) -> NettyTcpServer.run(args, System.in, out)),
            new Example("core-tcp-server", "Threaded TCP Streaming Server, on duplex core",
                    "Reads the console: the same server on duplex's own library (one conversation at a time).",
                    (args, out) -> CoreTcpServer.run(args, System.in, out)),
            new Example("udp-echo", "socket.sendto()/recvfrom() - SOCK_DGRAM (Echo, port 7)",
                    "A UDP echo server and a client that sends a few datagrams.", UdpEcho::run));

    private Examples() {
    }

    /** Every example, in the lecture's order. */
    public static List<Example> all() {
        return ALL;
    }

    /** The example called {@code name}, if there is one. */
    public static Optional<Example> find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Prints one line per example: name, lecture counterpart and description. */
    public static void list(PrintStream out) {
        int width = ALL.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (Example e : ALL) {
            out.println(String.format("%-" + width + "s  %s", e.name(), e.description()));
            out.println(String.format("%-" + width + "s  (lecture: %s)", "", e.lectureCounterpart()));
        }
    }

    /** {@code Examples --list} or {@code Examples NAME [options]}, for running without the launcher. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--list")) {
            list(System.out);
            return;
        }
        Optional<Example> example = find(args[0]);
        if (example.isEmpty()) {
            System.err.println("There is no example called " + args[0] + "; --list shows them all.");
            System.exit(2);
            return;
        }
        example.get().main().run(Arrays.copyOfRange(args, 1, args.length), System.out);
    }
}
