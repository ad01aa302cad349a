package dev.duplex.bench;

import io.netty.channel.epoll.Epoll;
import io.netty.util.Version;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on: cores, memory, JDK, OS, and Netty's transport. */
public final class Machine {
    private Machine() {
    }

    /** One line, e.g. "2 cores, 23.5 GiB RAM, OpenJDK 17.0.15 (Debian), Linux 6.1, epoll". */
    public static String describe() {
        long memKb = memTotalKb();
        String transport = Epoll.isAvailable() ? "native epoll" : "NIO";
        return String.format(Locale.ROOT, "%d cores, %.1f GiB RAM, %s %s (%s), %s %s, Netty %s",
                Runtime.getRuntime().availableProcessors(), memKb / 1024.0 / 1024.0,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.version"),
                transport, nettyVersion());
    }

    private static String nettyVersion() {
        Version v = Version.identify().get("netty-common");
        return v == null ? "?" : v.artifactVersion();
    }

    /** Max heap of this JVM and its flags, for the record. */
    public static String jvm() {
        return "max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, flags "
                + ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    private static long memTotalKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: fall through.
        }
        return 0;
    }
}
