/**
 * Internal: not API. Implementation shared by core's packages, in sub-packages by concern
 * ({@code protocol}, {@code transport}, {@code security}, {@code history}, {@code compat}), plus the
 * range checks and digests every package uses. Public only so that core's own packages can use it;
 * anything here may change in any release. The benchmarks and core's tests use it too; applications
 * should not.
 */
package dev.duplex.core.internal;
