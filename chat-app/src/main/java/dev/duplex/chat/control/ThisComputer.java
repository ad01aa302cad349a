package dev.duplex.chat.control;

import dev.duplex.core.session.LocalAddresses;
import java.util.List;

/**
 * This computer's name and addresses, to tell the other person where to connect (the lecture's
 * "MyAddr" field, but every interface rather than whatever the host name resolves to).
 *
 * @param hostName  the host name, or "this computer" if it cannot be found
 * @param addresses the addresses others can use ({@link LocalAddresses#interfaceAddresses()})
 */
public record ThisComputer(String hostName, List<String> addresses) {

    public ThisComputer {
        addresses = List.copyOf(addresses);
    }

    /** Looks up the host name (which may ask DNS: call it off the UI thread) and the addresses. */
    public static ThisComputer discover() {
        return new ThisComputer(LocalAddresses.hostName(), LocalAddresses.interfaceAddresses());
    }
}
