/**
 * Internal: not API. The web port's pipeline (WebPipeline): HTTP for the page's own files and the
 * Origin check of the upgrade, Netty's WebSocket handshake, and the bridge that puts one duplex frame
 * in each binary message in front of the ordinary duplex layers. Public only so that the relay can
 * use it; it may change in any release.
 */
package dev.duplex.core.internal.web;
