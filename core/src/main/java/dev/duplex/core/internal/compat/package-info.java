/**
 * Internal: not API. The lecture's wire formats (its chat and video programs) behind a session. Public
 * only so that core's other packages can use it; it may change in any release.
 */
package dev.duplex.core.internal.compat;
