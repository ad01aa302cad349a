package dev.duplex.core.protocol;

/** The protocol's well-known TCP ports. */
public final class Ports {
    /** The port a relay listens on unless told otherwise. */
    public static final int RELAY = 24100;

    private Ports() {
    }
}
