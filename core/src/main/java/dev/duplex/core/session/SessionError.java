package dev.duplex.core.session;

import dev.duplex.core.protocol.ErrorCode;

/**
 * An error to show a person: a code for programs, a sentence for people.
 *
 * @param code    what kind of error
 * @param message a sentence saying what happened and, where possible, what to do
 */
public record SessionError(ErrorCode code, String message) {
}
