package dev.duplex.core.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps how many bytes a socket's kernel buffer holds that are not sent yet (Linux's
 * {@code TCP_NOTSENT_LOWAT}), where the transport can: with the native epoll transport. The kernel
 * otherwise grows a socket's send buffer to megabytes; on a slow link that is seconds of video that
 * nothing can replace with a newer frame. Bytes already sent but not yet acknowledged do not count,
 * so a long round trip is still filled. With NIO (other systems) the kernel's own buffer stays.
 */
final class UnsentBytes {
    private static final Logger log = LoggerFactory.getLogger(UnsentBytes.class);

    private UnsentBytes() {
    }

    /** Caps {@code channel}'s unsent bytes at {@code bytes} (0: leaves the kernel's default). */
    static void cap(Channel channel, int bytes) {
        if (bytes <= 0 || !(channel instanceof EpollSocketChannel epoll)) {
            return;
        }
        try {
            epoll.config().setTcpNotSentLowAt(bytes);
        } catch (ChannelException e) {
            log.debug("Could not cap the unsent bytes of {}: {}", channel, e.getMessage());
        }
    }
}
