/**
 * API: the protocol's vocabulary as a library user meets it: the error codes an ERROR frame carries
 * ({@link dev.duplex.core.protocol.ErrorCode}), the frame size limits
 * ({@link dev.duplex.core.protocol.FrameLimits}), the rules for nicknames and room names
 * ({@link dev.duplex.core.protocol.Names}) and the well-known port ({@link dev.duplex.core.protocol.Ports}).
 * The frames and the codec themselves are internal ({@code dev.duplex.core.internal.protocol}).
 */
package dev.duplex.core.protocol;
