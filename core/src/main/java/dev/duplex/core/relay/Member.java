package dev.duplex.core.relay;

import io.netty.channel.Channel;

/** One identified connection in a room. */
record Member(String nickname, Channel channel) {
}
