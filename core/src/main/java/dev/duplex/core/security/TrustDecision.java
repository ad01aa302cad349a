package dev.duplex.core.security;

/** What to do with a server identity seen for the first time (see {@link TrustPrompt}). */
public enum TrustDecision {
    /** Connect, and remember the fingerprint in the known hosts (SSH's "yes"). */
    TRUST_AND_REMEMBER,
    /** Connect without remembering: trusted for this session (its reconnects too); a new session asks again. */
    TRUST_ONCE,
    /** Do not connect. */
    REJECT
}
